// datetime64 / timedelta64 and raw bits: v2 dtype strings, v3 data_type objects and
// names, fill values both ways, and set/get round trips through the bytes codec.
import { registerPureCodecs, registerWasmCodecs } from "@zarrkit/codecs";
import { MemoryStore } from "@zarrkit/storage";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultCodecRegistry } from "./codec-registry.js";
import { NAT } from "./data-type.js";
import { parseV2DataType } from "./data-type-v2.js";
import { MetadataError } from "./errors.js";
import { encodeFillValue, parseFillValue } from "./fill-value.js";
import { slice } from "./indexing/slice.js";
import { type JsonObject, parseJson } from "./json.js";
import { parseV3DataType, parseV3Metadata } from "./metadata-v3.js";
import type { ArrayMetadata } from "./node-metadata.js";
import { open } from "./open.js";
import { create } from "./write/create.js";
import { resolveDataType, v2DtypeJson, v3DataTypeJson } from "./write/data-type-names.js";

const W = "a";

beforeAll(() => {
  registerWasmCodecs(registerPureCodecs(defaultCodecRegistry));
});

describe("v2 dtypes", () => {
  it("parses every numpy unit, multiples and both byte orders", () => {
    const units = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"];
    for (const unit of units) {
      for (const [kind, name] of [
        ["M", "datetime64"],
        ["m", "timedelta64"],
      ] as const) {
        expect(parseV2DataType(`<${kind}8[${unit}]`, undefined, W)).toEqual({
          name,
          itemSize: 8,
          endian: "little",
          unit,
          scaleFactor: 1,
        });
        const big = parseV2DataType(`>${kind}8[25${unit}]`, undefined, W);
        expect(big).toMatchObject({ name, endian: "big", unit, scaleFactor: 25 });
        expect(v2DtypeJson(big)).toBe(`>${kind}8[25${unit}]`);
      }
    }
    expect(parseV2DataType("<M8[μs]", undefined, W).unit).toBe("us");
    expect(parseV2DataType("<M8", undefined, W).unit).toBe("generic");
    expect(v2DtypeJson(parseV2DataType("<m8", undefined, W))).toBe("<m8");
  });

  it("rejects unknown units, zero multiples and a missing byte order", () => {
    expect(() => parseV2DataType("<M8[xs]", undefined, W)).toThrow(MetadataError);
    expect(() => parseV2DataType("<M8[0s]", undefined, W)).toThrow(/invalid dtype/);
    expect(() => parseV2DataType("|M8[s]", undefined, W)).toThrow(/byte order/);
    expect(() => parseV2DataType("<M4[s]", undefined, W)).toThrow(MetadataError);
  });

  it("reads |V{n} as raw bits of n bytes", () => {
    expect(parseV2DataType("|V4", undefined, W)).toEqual({
      name: "raw_bits",
      itemSize: 4,
      endian: "none",
    });
    expect(v2DtypeJson(parseV2DataType("|V3", undefined, W))).toBe("|V3");
    expect(() => parseV2DataType("|V0", undefined, W)).toThrow(MetadataError);
  });
});

describe("v3 data types", () => {
  it("reads numpy.datetime64 / numpy.timedelta64 and writes them back", () => {
    const json = { name: "numpy.datetime64", configuration: { unit: "ns", scale_factor: 1 } };
    const dt = parseV3DataType(json, W);
    expect(dt).toEqual({
      name: "datetime64",
      itemSize: 8,
      endian: "none",
      unit: "ns",
      scaleFactor: 1,
    });
    expect(v3DataTypeJson(dt)).toEqual(json);
    const td = { name: "numpy.timedelta64", configuration: { unit: "us", scale_factor: 10 } };
    expect(v3DataTypeJson(parseV3DataType(td, W))).toEqual(td);
    expect(
      parseV3DataType({ name: "numpy.timedelta64", configuration: { unit: "μs" } }, W),
    ).toMatchObject({ unit: "us", scaleFactor: 1 });
  });

  it("rejects bad configurations and bare names", () => {
    const bad: JsonObject[] = [
      { name: "numpy.datetime64", configuration: { unit: "parsec", scale_factor: 1 } },
      { name: "numpy.datetime64", configuration: { unit: "s", scale_factor: 0 } },
      { name: "numpy.datetime64", configuration: { unit: "s", scale_factor: 2 ** 31 } },
      { name: "numpy.datetime64", configuration: { unit: "s", scale_factor: 1, tz: "UTC" } },
      { name: "numpy.datetime64" },
    ];
    for (const json of bad) expect(() => parseV3DataType(json, W)).toThrow(MetadataError);
    expect(() => parseV3DataType("datetime64", W)).toThrow(MetadataError);
  });

  it("reads r8, r16, ... and zarr-python's raw_bytes; writes r{bits}", () => {
    expect(parseV3DataType("r8", W)).toEqual({ name: "raw_bits", itemSize: 1, endian: "none" });
    expect(parseV3DataType("r48", W).itemSize).toBe(6);
    const rb = { name: "raw_bytes", configuration: { length_bytes: 3 } };
    expect(v3DataTypeJson(parseV3DataType(rb, W))).toBe("r24");
    for (const name of ["r0", "r12", "r", "r08"]) {
      expect(() => parseV3DataType(name, W)).toThrow(MetadataError);
    }
  });

  it("resolves the names create takes", () => {
    expect(resolveDataType("datetime64[ns]", W)).toMatchObject({
      name: "datetime64",
      endian: "little",
      unit: "ns",
      scaleFactor: 1,
    });
    expect(resolveDataType("timedelta64[10s]", W)).toMatchObject({ unit: "s", scaleFactor: 10 });
    expect(resolveDataType(">M8[ms]", W)).toMatchObject({ endian: "big", unit: "ms" });
    expect(resolveDataType("r32", W)).toEqual({ name: "raw_bits", itemSize: 4, endian: "none" });
    expect(resolveDataType("|V2", W).itemSize).toBe(2);
    expect(() => resolveDataType("datetime64", W)).toThrow(/needs a unit/);
    expect(() => resolveDataType("raw_bits", W)).toThrow(/needs a size/);
  });
});

describe("fill values", () => {
  const time = parseV2DataType("<M8[ns]", undefined, W);
  const raw = parseV2DataType("|V4", undefined, W);

  it("reads counts and NaT (as a string or as -2^63), keeps them exact", () => {
    for (const zarrFormat of [2, 3] as const) {
      const ctx = { where: W, zarrFormat };
      expect(parseFillValue("NaT", time, ctx)).toBe(NAT);
      expect(parseFillValue(parseJson("-9223372036854775808", W), time, ctx)).toBe(NAT);
      expect(parseFillValue(parseJson("9223372036854775807", W), time, ctx)).toBe(2n ** 63n - 1n);
      expect(parseFillValue(-5, time, ctx)).toBe(-5n);
      expect(() => parseFillValue(1.5, time, ctx)).toThrow(MetadataError);
      expect(() => parseFillValue("2000-01-01", time, ctx)).toThrow(MetadataError);
      expect(() => parseFillValue(parseJson("9223372036854775808", W), time, ctx)).toThrow();
    }
  });

  it("writes counts as zarr-python does: integers, NaT as -2^63", () => {
    expect(encodeFillValue(NAT, time, 2)).toBe(NAT);
    expect(encodeFillValue(10957n, time, 3)).toBe(10957);
  });

  it("raw bits: v2 base64 (or 0), v3 an array of byte values (base64 read too)", () => {
    const v2 = { where: W, zarrFormat: 2 as const };
    const v3 = { where: W, zarrFormat: 3 as const };
    const bytes = new Uint8Array([1, 2, 254, 255]);
    expect(parseFillValue("AQL+/w==", raw, v2)).toEqual(bytes);
    expect(parseFillValue(0, raw, v2)).toEqual(new Uint8Array(4));
    expect(parseFillValue(null, raw, v2)).toBeNull();
    expect(parseFillValue([1, 2, 254, 255], raw, v3)).toEqual(bytes);
    expect(parseFillValue("AQL+/w==", raw, v3)).toEqual(bytes);
    expect(encodeFillValue(bytes, raw, 2)).toBe("AQL+/w==");
    expect(encodeFillValue(bytes, raw, 3)).toEqual([1, 2, 254, 255]);
    for (const bad of [[1, 2, 3], [1, 2, 3, 256], "AQI=", 0]) {
      expect(() => parseFillValue(bad, raw, v3)).toThrow(MetadataError);
    }
  });
});

describe("create / set / get", () => {
  for (const zarrFormat of [2, 3] as const) {
    it(`v${zarrFormat} datetime64[ms] big-endian with NaT: metadata, values, missing chunks`, async () => {
      const store = new MemoryStore();
      const arr = await create(store, {
        zarrFormat,
        shape: [5],
        chunks: [2],
        dtype: ">M8[ms]",
        fillValue: "NaT",
        compressor: null,
      });
      const text = new TextDecoder().decode(
        await store.get(zarrFormat === 2 ? ".zarray" : "zarr.json"),
      );
      const doc = parseJson(text, W) as JsonObject;
      if (zarrFormat === 2) {
        expect(doc.dtype).toBe(">M8[ms]");
        expect(doc.fill_value).toBe(NAT);
      } else {
        expect(doc.data_type).toEqual({
          name: "numpy.datetime64",
          configuration: { unit: "ms", scale_factor: 1 },
        });
        expect(doc.codecs).toEqual([{ name: "bytes", configuration: { endian: "big" } }]);
      }
      await arr.set([slice(0, 3)], [1n, "NaT" as const, -(2n ** 62n)]);
      const back = await open(store, { kind: "array" });
      expect(back.dtype).toBe("datetime64");
      expect(back.dataType).toMatchObject({ unit: "ms", scaleFactor: 1 });
      const got = (await back.get()).data;
      expect(got).toBeInstanceOf(BigInt64Array);
      expect([...(got as BigInt64Array)]).toEqual([1n, NAT, -(2n ** 62n), NAT, NAT]);
      // stored big-endian: the first chunk's first count is 1 in the last byte
      const key = zarrFormat === 2 ? "0" : "c/0";
      expect([...((await store.get(key)) ?? new Uint8Array(0)).subarray(0, 8)]).toEqual([
        0, 0, 0, 0, 0, 0, 0, 1,
      ]);
    });

    it(`v${zarrFormat} raw bits: Uint8Array elements, fill value, wrong sizes rejected`, async () => {
      const store = new MemoryStore();
      const arr = await create(store, {
        zarrFormat,
        shape: [3, 2],
        chunks: [2, 2],
        dtype: zarrFormat === 2 ? "|V3" : "r24",
        fillValue: new Uint8Array([9, 8, 7]),
      });
      const a = new Uint8Array([1, 2, 3]);
      const b = new Uint8Array([0, 0, 255]);
      await arr.set([slice(0, 1), null], [a, b]);
      const meta = ((await open(store, { kind: "array" })) as { metadata: JsonObject }).metadata;
      if (zarrFormat === 3) {
        expect(meta.data_type).toBe("r24");
        expect(meta.fill_value).toEqual([9, 8, 7]);
      }
      const got = (await arr.get()).data as Uint8Array[];
      expect(got.map((x) => [...x])).toEqual([
        [1, 2, 3],
        [0, 0, 255],
        [9, 8, 7],
        [9, 8, 7],
        [9, 8, 7],
        [9, 8, 7],
      ]);
      await expect(arr.set([0, 0], new Uint8Array(2))).rejects.toThrow(/raw_bits/);
      await expect(arr.set([0, null], [a, new Uint8Array(4)])).rejects.toThrow(/3 bytes/);
    });
  }

  it("reads hand-written v3 metadata: timedelta64 fill as an integer, r16 fill as bytes", async () => {
    const store = new MemoryStore();
    const doc = (dataType: JsonObject | string, fill: unknown) =>
      new TextEncoder().encode(
        JSON.stringify({
          zarr_format: 3,
          node_type: "array",
          shape: [3],
          data_type: dataType,
          chunk_grid: { name: "regular", configuration: { chunk_shape: [2] } },
          chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
          fill_value: fill,
          codecs: [{ name: "bytes", configuration: { endian: "little" } }],
          attributes: {},
        }),
      );
    const td = { name: "numpy.timedelta64", configuration: { unit: "s", scale_factor: 60 } };
    await store.set("td/zarr.json", doc(td, -1));
    const counts = new BigInt64Array([NAT, 7n]);
    await store.set("td/c/0", new Uint8Array(counts.buffer));
    await store.set("r/zarr.json", doc("r16", [171, 205]));
    await store.set("r/c/1", new Uint8Array([1, 2, 3, 4]));

    const t = await open(store, { kind: "array", path: "td" });
    expect(t.dataType).toMatchObject({ name: "timedelta64", unit: "s", scaleFactor: 60 });
    expect(t.fillValue).toBe(-1n);
    expect([...((await t.get()).data as BigInt64Array)]).toEqual([NAT, 7n, -1n]);

    const r = await open(store, { kind: "array", path: "r" });
    expect(r.dataType).toEqual({ name: "raw_bits", itemSize: 2, endian: "none" });
    const rv = (await r.get()).data as Uint8Array[];
    expect(rv.map((x) => [...x])).toEqual([
      [171, 205],
      [171, 205],
      [1, 2],
    ]);
    const meta = parseV3Metadata(
      JSON.parse(new TextDecoder().decode(await store.get("r/zarr.json"))),
      W,
    );
    expect((meta as ArrayMetadata).fillValue).toEqual(new Uint8Array([171, 205]));
  });

  it("refuses reductions on datetime64", async () => {
    const arr = await create(new MemoryStore(), { shape: [2], dtype: "datetime64[s]" });
    await expect(arr.stats()).rejects.toThrow(/real numeric/);
  });
});
