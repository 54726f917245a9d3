import { describe, expect, it } from "vitest";
import type { DataType } from "./data-type.js";
import { parseV2DataType } from "./data-type-v2.js";
import { MetadataError } from "./errors.js";
import { parseFillValue } from "./fill-value.js";
import type { JsonValue } from "./json.js";
import { parseV3ArrayMetadata, parseV3DataType } from "./metadata-v3.js";
import { MAX_RECORD_BYTES, MAX_STRUCTURED_FIELDS } from "./structured.js";
import { packStructured, structuredFields } from "./structured-fields.js";

const W = "a/.zarray";
const v2 = (dtype: JsonValue): DataType => parseV2DataType(dtype, undefined, W);
const layout = (dt: DataType) =>
  dt.fields?.map((f) => [f.name, f.offset, f.dataType.name, f.dataType.endian, f.shape]);

describe("structured data types: layout", () => {
  it("packs fields in order: offsets, subarray sizes, each field's byte order", () => {
    const dt = v2([
      ["a", "|u1"],
      ["b", ">i4"],
      ["c", "<f8", [2, 3]],
      ["d", "|S3"],
      ["e", "<U2", 2],
    ]);
    expect(layout(dt)).toEqual([
      ["a", 0, "uint8", "none", []],
      ["b", 1, "int32", "big", []],
      ["c", 5, "float64", "little", [2, 3]],
      ["d", 53, "null_terminated_bytes", "none", []],
      ["e", 56, "fixed_length_utf32", "little", [2]],
    ]);
    expect(dt.itemSize).toBe(72);
  });

  it("nests records: a field whose dtype is a list is a record at its offset", () => {
    const dt = v2([
      ["n", "<i2"],
      [
        "p",
        [
          ["x", "<f4"],
          ["y", ">f8"],
        ],
      ],
      ["z", "|b1"],
    ]);
    expect(layout(dt)?.map((f) => f.slice(0, 3))).toEqual([
      ["n", 0, "int16"],
      ["p", 2, "structured"],
      ["z", 14, "bool"],
    ]);
    expect(layout(dt.fields?.[1].dataType as DataType)).toEqual([
      ["x", 0, "float32", "little", []],
      ["y", 4, "float64", "big", []],
    ]);
  });

  it("v3: both field forms give the same record; multi-byte fields take the bytes codec's order", () => {
    const pairs = parseV3DataType(
      {
        name: "structured",
        configuration: {
          fields: [
            ["x", "float32"],
            ["k", "uint8"],
            ["t", { name: "numpy.datetime64", configuration: { unit: "s", scale_factor: 1 } }],
          ],
        },
      },
      "zarr.json",
    );
    const objects = parseV3DataType(
      {
        name: "struct",
        configuration: {
          fields: [
            { name: "x", data_type: "float32" },
            { name: "k", data_type: "uint8" },
            {
              name: "t",
              data_type: {
                name: "numpy.datetime64",
                configuration: { unit: "s", scale_factor: 1 },
              },
            },
          ],
        },
      },
      "zarr.json",
    );
    expect(objects).toEqual(pairs);
    expect(layout(pairs)?.map((f) => f.slice(0, 3))).toEqual([
      ["x", 0, "float32"],
      ["k", 4, "uint8"],
      ["t", 5, "datetime64"],
    ]);
    const meta = (endian?: "big" | "little") =>
      parseV3ArrayMetadata(
        {
          zarr_format: 3,
          node_type: "array",
          shape: [2],
          data_type: {
            name: "struct",
            configuration: {
              fields: [
                { name: "x", data_type: "float32" },
                { name: "k", data_type: "uint8" },
              ],
            },
          },
          chunk_grid: { name: "regular", configuration: { chunk_shape: [2] } },
          chunk_key_encoding: { name: "default" },
          fill_value: { x: 1.5, k: 7 },
          codecs: [
            endian
              ? {
                  name: "sharding_indexed",
                  configuration: {
                    chunk_shape: [1],
                    codecs: [{ name: "bytes", configuration: { endian } }],
                    index_codecs: [{ name: "bytes", configuration: { endian: "little" } }],
                  },
                }
              : { name: "bytes" },
          ],
        },
        "zarr.json",
      );
    const big = meta("big");
    expect(big.dataType.fields?.map((f) => f.dataType.endian)).toEqual(["big", "none"]);
    // 1.5 as a big-endian float32, then 7
    expect([...(big.fillValue as Uint8Array)]).toEqual([0x3f, 0xc0, 0, 0, 7]);
    // no endian: little, as the structured spec's legacy rule says
    const legacy = meta();
    expect(legacy.dataType.fields?.map((f) => f.dataType.endian)).toEqual(["little", "none"]);
    expect([...(legacy.fillValue as Uint8Array)]).toEqual([0, 0, 0xc0, 0x3f, 7]);
  });
});

describe("structured data types: v3 nesting", () => {
  it("reads a nested struct with a nested {field: value} fill", () => {
    const meta = parseV3ArrayMetadata(
      {
        zarr_format: 3,
        node_type: "array",
        shape: [1],
        data_type: {
          name: "struct",
          configuration: {
            fields: [
              {
                name: "p",
                data_type: { name: "structured", configuration: { fields: [["x", "int16"]] } },
              },
              { name: "n", data_type: "uint8" },
            ],
          },
        },
        chunk_grid: { name: "regular", configuration: { chunk_shape: [1] } },
        chunk_key_encoding: { name: "default" },
        fill_value: { p: { x: -2 }, n: 9 },
        codecs: [{ name: "bytes", configuration: { endian: "big" } }],
      },
      "zarr.json",
    );
    const inner = meta.dataType.fields?.[0].dataType as DataType;
    expect(inner.fields?.[0].dataType.endian).toBe("big");
    expect([...(meta.fillValue as Uint8Array)]).toEqual([0xff, 0xfe, 9]);
    const f = structuredFields([meta.fillValue as Uint8Array], meta.dataType);
    const p = structuredFields(f.p.data as Uint8Array[], inner);
    expect([...(p.x.data as Int16Array)]).toEqual([-2]);
  });
});

describe("structured data types: records to fields and back", () => {
  const dt = v2([
    ["b", ">i4"],
    ["l", "<i4"],
    ["c", "<c8"],
    ["s", "<i2", [2]],
    ["u", "<U2"],
  ]);

  it("reads each field in its own byte order", () => {
    const record = new Uint8Array(dt.itemSize);
    record.set([1, 2, 3, 4], 0); // >i4
    record.set([1, 2, 3, 4], 4); // <i4
    new DataView(record.buffer).setFloat32(8, 2.5, true);
    new DataView(record.buffer).setFloat32(12, -1, true);
    record.set([0xff, 0xff, 5, 0], 16); // [-1, 5]
    record.set([0x68, 0, 0, 0], 20); // "h", then a NUL
    const f = structuredFields([record], dt);
    expect([...(f.b.data as Int32Array)]).toEqual([0x01020304]);
    expect([...(f.l.data as Int32Array)]).toEqual([0x04030201]);
    expect([...(f.c.data as Float32Array)]).toEqual([2.5, -1]);
    expect([...(f.s.data as Int16Array)]).toEqual([-1, 5]);
    expect(f.s.shape).toEqual([1, 2]);
    expect(f.u.data).toEqual(["h"]);
  });

  it("packStructured writes what structuredFields reads, shapes kept", () => {
    const records = packStructured(
      {
        b: [-7, 2 ** 31 - 1],
        l: [9, -(2 ** 31)],
        c: [1, 2, 3, 4],
        s: [1, 2, 3, 4],
        u: ["ab", "Ω"],
      },
      dt,
      2,
    );
    expect(records[0].slice(0, 4)).toEqual(new Uint8Array([0xff, 0xff, 0xff, 0xf9]));
    const f = structuredFields(records, dt, [1, 2]);
    expect([...(f.b.data as Int32Array)]).toEqual([-7, 2 ** 31 - 1]);
    expect([...(f.l.data as Int32Array)]).toEqual([9, -(2 ** 31)]);
    expect([...(f.c.data as Float32Array)]).toEqual([1, 2, 3, 4]);
    expect(f.s.shape).toEqual([1, 2, 2]);
    expect(f.u.data).toEqual(["ab", "Ω"]);
  });

  it("|S fields read as UTF-8, else latin-1 (as the bytes codec reads |S arrays)", () => {
    const s = v2([["s", "|S3"]]);
    const f = structuredFields(
      [new Uint8Array([0xc3, 0xa9, 0]), new Uint8Array([0xff, 0x41, 0])],
      s,
    );
    expect(f.s.data).toEqual(["é", "\u00ffA"]);
  });

  it("refuses records of the wrong size and field arrays of the wrong length", () => {
    expect(() => structuredFields([new Uint8Array(3)], dt)).toThrow(RangeError);
    expect(() => packStructured({ s: [1, 2, 3] }, dt, 2)).toThrow(/field "s" needs 4 values/);
    expect(() => structuredFields([], v2("<f4"))).toThrow(TypeError);
  });
});

describe("structured data types: bounds (typed MetadataErrors)", () => {
  const bad = (dtype: JsonValue) => () => v2(dtype);

  it("counts fields before reading any", () => {
    // 100000 entries that are not fields at all: the count is refused first
    const many = Array.from({ length: 100_000 }, () => 0);
    expect(bad(many)).toThrow(MetadataError);
    expect(bad(many)).toThrow(`needs 1 to ${MAX_STRUCTURED_FIELDS} fields, got 100000`);
    const fields = Array.from({ length: MAX_STRUCTURED_FIELDS }, (_, i) => [`f${i}`, "|u1"]);
    expect(v2(fields).itemSize).toBe(MAX_STRUCTURED_FIELDS);
    expect(bad([...fields, ["one_more", "|u1"]])).toThrow(/needs 1 to 1024 fields, got 1025/);
    expect(() =>
      parseV3DataType({ name: "struct", configuration: { fields: many } }, "zarr.json"),
    ).toThrow(/got 100000/);
    expect(() =>
      parseV3DataType({ name: "struct", configuration: { fields: [] } }, "zarr.json"),
    ).toThrow(MetadataError);
  });

  it("refuses repeated and empty names, and fields that are not fixed-size", () => {
    expect(() =>
      parseV3DataType(
        {
          name: "struct",
          configuration: {
            fields: [
              { name: "x", data_type: "int8" },
              { name: "x", data_type: "int16" },
            ],
          },
        },
        "zarr.json",
      ),
    ).toThrow(/repeats field "x"/);
    expect(() =>
      parseV3DataType(
        { name: "struct", configuration: { fields: [{ name: "", data_type: "int8" }] } },
        "zarr.json",
      ),
    ).toThrow(/invalid field/);
    expect(() =>
      parseV3DataType(
        { name: "struct", configuration: { fields: [["s", "string"]] } },
        "zarr.json",
      ),
    ).toThrow(/field "s" .* has type string/);
    expect(bad([["o", "|O"]])).toThrow(MetadataError);
  });

  it("refuses huge records, huge or malformed subarrays, and deep nesting", () => {
    expect(bad([["x", "<f8", [2 ** 20, 2 ** 20]]])).toThrow(
      new RegExp(`more than ${MAX_RECORD_BYTES} bytes`),
    );
    expect(bad([["x", "|u1", [2 ** 21]]])).toThrow(/invalid subarray shape/);
    expect(bad([["x", "|u1", [-1]]])).toThrow(/invalid subarray shape/);
    expect(bad([["x", "|u1", Array(33).fill(1)]])).toThrow(/invalid subarray shape/);
    // many fields, each under the limit, add up past it
    const wide = Array.from({ length: 20 }, (_, i) => [`f${i}`, "|V1048576"]);
    expect(bad(wide)).toThrow(/field "f16" ends at byte/);
    let nested: JsonValue = [["leaf", "|u1"]];
    for (let depth = 0; depth < 16; depth++) nested = [["n", nested]];
    expect(bad(nested)).toThrow(/nests records more than 16 deep/);
  });

  it("fill values: a subarray field needs the right count; an unknown shape of value is invalid", () => {
    const dt = parseV3DataType(
      { name: "struct", configuration: { fields: [{ name: "x", data_type: "int16" }] } },
      "zarr.json",
    );
    const ctx = { where: "zarr.json", zarrFormat: 3 as const };
    expect(() => parseFillValue({ x: 70000 }, dt, ctx)).toThrow(MetadataError);
    expect(() => parseFillValue("not base64!", dt, ctx)).toThrow(/invalid fill_value/);
    expect(() => parseFillValue("AAAA", dt, ctx)).toThrow(/invalid fill_value/); // 3 bytes, not 2
    // a missing field is zero, as zarr-python 3 reads it
    expect([...(parseFillValue({}, dt, ctx) as Uint8Array)]).toEqual([0, 0]);
    const sub = v2([["y", "<i2", [2]]]);
    const ctx2 = { where: W, zarrFormat: 2 as const };
    expect(() => parseFillValue({ y: [1, 2, 3] }, sub, ctx2)).toThrow(/needs 2 values, got 3/);
    expect([...(parseFillValue({ y: [1, -1] }, sub, ctx2) as Uint8Array)]).toEqual([
      1, 0, 0xff, 0xff,
    ]);
  });
});
