import { registerPureCodecs, registerWasmCodecs } from "@zarrkit/codecs";
import { MemoryStore } from "@zarrkit/storage";
import { beforeAll, describe, expect, it } from "vitest";
import { defaultCodecRegistry } from "../codec-registry.js";
import { MetadataError, NodeExistsError } from "../errors.js";
import { slice } from "../indexing/slice.js";
import { open } from "../open.js";
import { writeConsolidatedMetadata } from "./consolidate.js";
import { create, createGroup } from "./create.js";
import { guessChunks } from "./guess-chunks.js";
import { pythonFloatRepr, stringifyMetadata } from "./metadata-json.js";
import { deleteNode } from "./node-store.js";

beforeAll(() => {
  registerWasmCodecs(registerPureCodecs(defaultCodecRegistry));
});

const text = (store: MemoryStore, key: string) => new TextDecoder().decode(store.map.get(key));
const json = (store: MemoryStore, key: string) => JSON.parse(text(store, key));

describe("metadata documents", () => {
  it("writes .zarray exactly as zarr-python 2.13 does", async () => {
    const store = new MemoryStore();
    const arr = await create(store, {
      path: "g/sub/a",
      zarrFormat: 2,
      shape: [10, 10],
      chunks: [5, 5],
      dtype: "int64",
      fillValue: 2n ** 60n + 1n,
      attributes: { x: "é" },
    });
    // byte for byte what zarr-python 2.13 writes for the same array (checked with /usr/bin/python3)
    expect(text(store, "g/sub/a/.zarray")).toBe(
      `{\n    "chunks": [\n        5,\n        5\n    ],\n    "compressor": {\n        "blocksize": 0,\n        "clevel": 5,\n        "cname": "lz4",\n        "id": "blosc",\n        "shuffle": 1\n    },\n    "dtype": "<i8",\n    "fill_value": 1152921504606846977,\n    "filters": null,\n    "order": "C",\n    "shape": [\n        10,\n        10\n    ],\n    "zarr_format": 2\n}`,
    );
    expect(text(store, "g/sub/a/.zattrs")).toBe(`{\n    "x": "\\u00e9"\n}`);
    expect(text(store, "g/.zgroup")).toBe(`{\n    "zarr_format": 2\n}`);
    expect(json(store, ".zgroup")).toEqual({ zarr_format: 2 });
    expect(arr.fillValue).toBe(2n ** 60n + 1n);
    const s = await create(store, { path: "s", zarrFormat: 2, shape: [3], dtype: "string" });
    expect(json(store, "s/.zarray")).toMatchObject({
      dtype: "|O",
      fill_value: "",
      filters: [{ id: "vlen-utf8" }],
    });
    expect(s.dtype).toBe("string");
    await create(store, {
      path: "c",
      zarrFormat: 2,
      shape: [3],
      dtype: "float32",
      fillValue: Number.NaN,
      order: "F",
    });
    expect(json(store, "c/.zarray")).toMatchObject({ dtype: "<f4", fill_value: "NaN", order: "F" });
    await create(store, { path: "f", zarrFormat: 2, shape: [3], dtype: ">f8", compressor: null });
    expect(text(store, "f/.zarray")).toContain(`"fill_value": 0.0,`);
    expect(json(store, "f/.zarray")).toMatchObject({ dtype: ">f8", compressor: null });
  });

  it("writes zarr.json in zarr-python 3's key order with its defaults", async () => {
    const store = new MemoryStore();
    await create(store, {
      path: "a",
      shape: [10, 10],
      chunks: [5, 5],
      dtype: "float32",
      attributes: { key: "value" },
      dimensionNames: ["y", null],
    });
    const doc = json(store, "a/zarr.json");
    expect(Object.keys(doc)).toEqual([
      "shape",
      "data_type",
      "chunk_grid",
      "chunk_key_encoding",
      "fill_value",
      "codecs",
      "attributes",
      "dimension_names",
      "zarr_format",
      "node_type",
      "storage_transformers",
    ]);
    expect(doc).toEqual({
      shape: [10, 10],
      data_type: "float32",
      chunk_grid: { name: "regular", configuration: { chunk_shape: [5, 5] } },
      chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
      fill_value: 0,
      codecs: [
        { name: "bytes", configuration: { endian: "little" } },
        { name: "zstd", configuration: { level: 0, checksum: false } },
      ],
      attributes: { key: "value" },
      dimension_names: ["y", null],
      zarr_format: 3,
      node_type: "array",
      storage_transformers: [],
    });
    expect(text(store, "a/zarr.json")).toMatch(/^\{\n {2}"shape": \[\n {4}10,/);
    expect(text(store, "a/zarr.json")).toContain(`"fill_value": 0.0,`);
    const big = await create(store, {
      path: "u",
      shape: [2],
      dtype: "uint64",
      fillValue: 2n ** 64n - 1n,
    });
    expect(text(store, "u/zarr.json")).toContain(`"fill_value": 18446744073709551615,`);
    expect((await open(store, { path: "u", kind: "array" })).fillValue).toBe(2n ** 64n - 1n);
    expect((await big.get()).data).toEqual(BigUint64Array.of(2n ** 64n - 1n, 2n ** 64n - 1n));
    expect(json(store, "zarr.json")).toEqual({
      attributes: {},
      zarr_format: 3,
      consolidated_metadata: null,
      node_type: "group",
    });
  });

  it("maps order F, numcodecs compressors, filters and shards to v3 codecs", async () => {
    const store = new MemoryStore();
    await create(store, {
      path: "f",
      shape: [4, 6],
      chunks: [2, 3],
      dtype: "int16",
      order: "F",
      compressor: { id: "blosc", cname: "zstd", clevel: 3, shuffle: 2, blocksize: 0 },
      filters: [{ id: "delta", dtype: "<i2" }],
    });
    expect(json(store, "f/zarr.json").codecs).toEqual([
      { name: "transpose", configuration: { order: [1, 0] } },
      { name: "numcodecs.delta", configuration: { dtype: "<i2" } },
      { name: "bytes", configuration: { endian: "little" } },
      {
        name: "blosc",
        configuration: {
          cname: "zstd",
          clevel: 3,
          shuffle: "bitshuffle",
          typesize: 2,
          blocksize: 0,
        },
      },
    ]);
    await create(store, {
      path: "sh",
      shape: [8, 8],
      chunks: [2, 2],
      shards: [4, 4],
      dtype: "uint8",
    });
    const sh = json(store, "sh/zarr.json");
    expect(sh.chunk_grid.configuration.chunk_shape).toEqual([4, 4]);
    expect(sh.codecs).toEqual([
      {
        name: "sharding_indexed",
        configuration: {
          chunk_shape: [2, 2],
          codecs: [
            { name: "bytes" },
            { name: "zstd", configuration: { level: 0, checksum: false } },
          ],
          index_codecs: [
            { name: "bytes", configuration: { endian: "little" } },
            { name: "crc32c" },
          ],
          index_location: "end",
        },
      },
    ]);
    await expect(
      create(store, { path: "bad", shape: [8], chunks: [3], shards: [4], dtype: "uint8" }),
    ).rejects.toThrow(/multiple of the chunk shape/);
    await expect(create(store, { path: "bad", shape: [8], dtype: "float128" })).rejects.toThrow(
      MetadataError,
    );
    await expect(
      create(store, { path: "bad", shape: [8], dtype: "int8", fillValue: 300 }),
    ).rejects.toThrow(/invalid fill_value 300/);
    await expect(
      create(store, { path: "bad", shape: [8], dtype: "int8", codecs: [{ name: "nope" }] }),
    ).rejects.toThrow(/unknown codec "nope"/);
    await expect(
      create(store, { path: "bad", shape: [8], dtype: "int8", zarrFormat: 2, shards: [8] }),
    ).rejects.toThrow(/v3 arrays only/);
    expect(store.map.has("bad/zarr.json")).toBe(false);
  });

  it("guesses chunks of 1-4 MiB for large arrays and one chunk for small ones", () => {
    expect(guessChunks([100, 100], 4)).toEqual([100, 100]);
    for (const [shape, size] of [
      [[10000, 10000], 4],
      [[1e8, 1e8], 4],
      [[365, 720, 1440], 8],
      [[1e9], 1],
    ] as const) {
      const chunks = guessChunks(shape, size);
      const bytes = chunks.reduce((a, b) => a * b, size);
      expect(bytes).toBeGreaterThanOrEqual(512 * 1024);
      expect(bytes).toBeLessThanOrEqual(6 << 20);
    }
    expect(guessChunks([], 4)).toEqual([]);
    expect(guessChunks([0, 5], 4)).toEqual([1, 5]);
  });

  it("formats float fill values as Python and escapes non-ASCII", () => {
    expect(pythonFloatRepr(0)).toBe("0.0");
    expect(pythonFloatRepr(-2)).toBe("-2.0");
    expect(pythonFloatRepr(0.1)).toBe("0.1");
    expect(pythonFloatRepr(1e-5)).toBe("1e-05");
    expect(pythonFloatRepr(1e16)).toBe("1e+16");
    expect(pythonFloatRepr(1.5e300)).toBe("1.5e+300");
    expect(
      stringifyMetadata({ b: "ü\u007f😀", a: 2n ** 64n - 1n }, { indent: 4, sortKeys: true }),
    ).toBe(`{\n    "a": 18446744073709551615,\n    "b": "\\u00fc\\u007f\\ud83d\\ude00"\n}`);
  });
});

describe("structured dtypes", () => {
  it("v2: writes numpy's descr list and the fill record as base64, as zarr-python 2.13 does", async () => {
    const store = new MemoryStore();
    await create(store, {
      zarrFormat: 2,
      shape: [3],
      dtype: [
        ["x", "<f4"],
        ["p", [["b", ">u2"]], [2]],
      ],
      fillValue: { x: -1, p: [{ b: 258 }, new Uint8Array([0, 3])] },
      compressor: null,
    });
    const zarray = json(store, ".zarray");
    expect(zarray.dtype).toEqual([
      ["x", "<f4"],
      ["p", [["b", ">u2"]], [2]],
    ]);
    // -1 as <f4, then 258 and 3 as >u2
    expect(zarray.fill_value).toBe(btoa(String.fromCharCode(0, 0, 0x80, 0xbf, 1, 2, 0, 3)));
  });

  it("v3: a struct; mixed byte orders, subarrays and wrong fill values are MetadataErrors", async () => {
    const store = new MemoryStore();
    const base = { shape: [2], compressor: null };
    await create(store, { ...base, path: "le", dtype: [["t", "<M8[s]"]], fillValue: { t: -5 } });
    expect(json(store, "le/zarr.json").data_type).toEqual({
      name: "struct",
      configuration: {
        fields: [
          {
            name: "t",
            data_type: { name: "numpy.datetime64", configuration: { unit: "s", scale_factor: 1 } },
          },
        ],
      },
    });
    expect(json(store, "le/zarr.json").fill_value).toEqual({ t: -5 });
    expect(json(store, "le/zarr.json").codecs).toEqual([
      { name: "bytes", configuration: { endian: "little" } },
    ]);
    const refused = async (dtype: unknown, fillValue?: unknown) =>
      create(store, { ...base, path: "x", dtype: dtype as never, fillValue: fillValue as never });
    await expect(
      refused([
        ["a", "<i2"],
        ["b", ">i2"],
      ]),
    ).rejects.toThrow(/one byte order/);
    await expect(refused([["a", "<i2", [2]]])).rejects.toThrow(/no subarray fields/);
    await expect(refused([["a", "<i2"]], { a: 40000 })).rejects.toThrow(MetadataError);
    await expect(refused([["a", "<i2"]], { b: 1 })).rejects.toThrow(/names field "b"/);
    await expect(refused([["a", "<i2"]], { a: [1, 2] })).rejects.toThrow(MetadataError);
    await expect(refused([["a", "<i2"]], new Uint8Array(3))).rejects.toThrow(MetadataError);
    await expect(refused([["a", "|O"]])).rejects.toThrow(MetadataError);
  });
});

describe("resize, append, attributes, delete, consolidate", () => {
  for (const zarrFormat of [2, 3] as const) {
    it(`v${zarrFormat}: resize shrinks (deleting chunks outside) and grows`, async () => {
      const store = new MemoryStore();
      const arr = await create(store, {
        path: "a",
        shape: [6, 6],
        chunks: [2, 2],
        dtype: "int32",
        zarrFormat,
      });
      await arr.set(null, 1);
      const chunks = () =>
        [...store.map.keys()].filter((k) => !/(zarr\.json|\.z\w+)$/.test(k)).length;
      expect(chunks()).toBe(9);
      await arr.resize([3, 5]);
      expect(arr.shape).toEqual([3, 5]);
      expect(chunks()).toBe(6);
      expect((await open(store, { path: "a", kind: "array" })).shape).toEqual([3, 5]);
      await arr.resize([8, 8]);
      const got = (await arr.get([slice(0, 4), slice(0, 6)])).data;
      // rows 0-3, cols 0-5: chunk rows 0-1 (rows 0-3) survive for cols 0-5
      expect(Array.from(got)).toEqual(Array.from({ length: 24 }, () => 1));
      expect((await arr.get([7, 7])).data[0]).toBe(0);
      // a non-listable store: the old grid's outside chunks are enumerated
      const plain = {
        get: store.get.bind(store),
        set: store.set.bind(store),
        delete: store.delete.bind(store),
      };
      const viaPlain = await open(plain, { path: "a", kind: "array" });
      await viaPlain.set(null, 2);
      expect(chunks()).toBe(16);
      await viaPlain.resize([1, 1]);
      expect(chunks()).toBe(1);
    });

    it(`v${zarrFormat}: append along an axis, attributes`, async () => {
      const store = new MemoryStore();
      const arr = await create(store, {
        shape: [2, 3],
        chunks: [2, 2],
        dtype: "uint8",
        zarrFormat,
      });
      await arr.set(null, { data: Uint8Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3] });
      await arr.append({ data: Uint8Array.of(7, 8, 9), shape: [1, 3] });
      await arr.append({ data: Uint8Array.of(10, 11, 12), shape: [3, 1] }, 1);
      expect(arr.shape).toEqual([3, 4]);
      expect(Array.from((await arr.get()).data)).toEqual([1, 2, 3, 10, 4, 5, 6, 11, 7, 8, 9, 12]);
      await expect(arr.append({ data: new Uint8Array(2), shape: [1, 2] })).rejects.toThrow(
        /cannot append/,
      );
      await arr.setAttrs({ units: "m", n: 2n ** 60n, nested: { list: [1, "ü"] } });
      expect(arr.attrs).toMatchObject({ units: "m" });
      const reopened = await open(store, { kind: "array" });
      expect(reopened.attrs).toEqual({ units: "m", n: 2 ** 60, nested: { list: [1, "ü"] } });
      expect(reopened.shape).toEqual([3, 4]);
      await expect(arr.setAttrs({ bad: undefined } as never)).rejects.toThrow(MetadataError);
      const gstore = new MemoryStore();
      const group = await createGroup(gstore, { path: "g", zarrFormat, attributes: { a: 1 } });
      await group.setAttrs({ b: 2 });
      expect(group.attrs).toEqual({ b: 2 });
      expect((await open(gstore, { path: "g", kind: "group" })).attrs).toEqual({ b: 2 });
      await expect(createGroup(gstore, { path: "g", zarrFormat })).rejects.toThrow(NodeExistsError);
    });

    it(`v${zarrFormat}: deleteNode and consolidated metadata read back by open`, async () => {
      const store = new MemoryStore();
      const root = await createGroup(store, { zarrFormat, attributes: { title: "t" } });
      expect(root.zarrFormat).toBe(zarrFormat);
      const a = await create(store, {
        path: "x/a",
        shape: [4],
        chunks: [2],
        dtype: "float64",
        zarrFormat,
      });
      await a.set(null, Float64Array.of(1, 2, 3, 4));
      await create(store, {
        path: "x/y/b",
        shape: [2],
        dtype: "string",
        zarrFormat,
        attributes: { u: 1 },
      });
      await createGroup(store, { path: "z", zarrFormat });
      const group = await writeConsolidatedMetadata(store);
      expect(group.consolidated?.size).toBe(5);
      expect([...(group.consolidated?.keys() ?? [])].sort()).toEqual([
        "x",
        "x/a",
        "x/y",
        "x/y/b",
        "z",
      ]);
      // a store that only answers for the consolidated keys: open needs nothing else
      const reads: string[] = [];
      const counting = {
        get: (key: string) => {
          reads.push(key);
          return store.get(key);
        },
      };
      const opened = await open(counting, { kind: "group" });
      const readsBefore = reads.length;
      const child = await opened.open("x/a", { kind: "array" });
      const b = await opened.open("x/y/b", { kind: "array" });
      expect(reads.length).toBe(readsBefore);
      expect(b.attrs).toEqual({ u: 1 });
      expect(Array.from((await child.get()).data as Float64Array)).toEqual([1, 2, 3, 4]);
      expect((await opened.children()).map((c) => c.name)).toEqual(["x", "z"]);
      if (zarrFormat === 2) {
        const doc = JSON.parse(new TextDecoder().decode(store.map.get(".zmetadata")));
        expect(Object.keys(doc)).toEqual(["metadata", "zarr_consolidated_format"]);
        expect(Object.keys(doc.metadata)).toEqual([
          ".zattrs",
          ".zgroup",
          "x/.zgroup",
          "x/a/.zarray",
          "x/y/.zgroup",
          "x/y/b/.zarray",
          "x/y/b/.zattrs",
          "z/.zgroup",
        ]);
      } else {
        const doc = JSON.parse(new TextDecoder().decode(store.map.get("zarr.json")));
        expect(doc.consolidated_metadata.kind).toBe("inline");
        expect(doc.attributes).toEqual({ title: "t" });
      }
      expect(await deleteNode(store, "x")).toBeGreaterThanOrEqual(5);
      expect([...store.map.keys()].some((k) => k.startsWith("x/"))).toBe(false);
      expect(store.map.has(zarrFormat === 3 ? "z/zarr.json" : "z/.zgroup")).toBe(true);
    });
  }
});
