/**
 * Every kind of v3 array zarrkit creates (data type x sharded or not x codecs, order,
 * fill values, dimension names, key encodings) — through `create`, the CLI's `create`
 * and `convert` — writes a zarr.json that the spec-rule checker (v3-metadata-rules.ts)
 * accepts. The checker itself is shown to reject broken documents.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type CreateArrayOptions, create, MemoryStore } from "zarrkit";
import { runCli } from "../../packages/zarrkit/src/cli/run.js";
import { checkShardDivisibility, checkV3ArrayMetadata } from "./v3-metadata-rules.js";

const DTYPES = [
  "bool",
  "int8",
  "int16",
  "int32",
  "int64",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "float16",
  "float32",
  "float64",
  "complex64",
  "complex128",
  "string",
  "bytes",
  "<U10",
  "|S4",
  ">f8",
  ">i2",
];
const NUMERIC = new Set(DTYPES.slice(0, 14).concat([">f8", ">i2"]));

const CODECS: [string, Partial<CreateArrayOptions>][] = [
  ["default", {}],
  ["none", { compressor: null }],
  ["gzip", { compressor: { id: "gzip", level: 6 } }],
  ["zstd", { compressor: { id: "zstd", level: 5, checksum: true } }],
  ["blosc lz4", { compressor: { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 } }],
  [
    "blosc zstd bitshuffle",
    { compressor: { id: "blosc", cname: "zstd", clevel: 3, shuffle: 2, blocksize: 0 } },
  ],
  [
    "blosc autoshuffle",
    { compressor: { id: "blosc", cname: "lz4", clevel: 1, shuffle: -1, blocksize: 0 } },
  ],
  ["numcodecs zlib", { compressor: { id: "zlib", level: 1 } }],
  ["numcodecs lz4", { compressor: { id: "lz4", acceleration: 1 } }],
  ["order F", { order: "F" }],
  [
    "v2 keys, names, attrs",
    { chunkKeyEncoding: "v2", dimensionNames: ["y", null], attributes: { a: [1, { b: "é" }] } },
  ],
  ["dot separator", { dimensionSeparator: "." }],
  [
    "crc32c",
    { codecs: [{ name: "bytes", configuration: { endian: "little" } }, { name: "crc32c" }] },
  ],
];

const FILTERED: [string, Partial<CreateArrayOptions>][] = [
  ["delta filter", { filters: [{ id: "delta", dtype: "<i4" }] }],
];

async function zarrJson(options: CreateArrayOptions): Promise<unknown> {
  const store = new MemoryStore();
  await create(store, { ...options, workers: 0 });
  const bytes = await store.get("zarr.json");
  return JSON.parse(new TextDecoder().decode(bytes));
}

function errorsOf(doc: unknown): string[] {
  return [...checkV3ArrayMetadata(doc as never), ...checkShardDivisibility(doc as never)];
}

describe("zarr.json of every array zarrkit creates follows the v3 spec", () => {
  for (const dtype of DTYPES) {
    for (const sharded of [false, true]) {
      it(`${dtype}${sharded ? " sharded" : ""}`, async () => {
        const cases = [...CODECS, ...(dtype === "int32" ? FILTERED : [])];
        for (const [name, extra] of cases) {
          if ("codecs" in extra && !NUMERIC.has(dtype)) continue; // bytes serializer: fixed-size only
          const options: CreateArrayOptions = {
            shape: [7, 11],
            chunks: [2, 3],
            dtype,
            ...extra,
            ...(sharded ? { shards: [4, 6] } : {}),
          };
          const doc = await zarrJson(options);
          expect(errorsOf(doc), `${dtype} ${name}${sharded ? " sharded" : ""}`).toEqual([]);
        }
      });
    }
  }

  it("special fill values and shapes", async () => {
    const cases: CreateArrayOptions[] = [
      { shape: [5], dtype: "float32", fillValue: Number.NaN },
      { shape: [5], dtype: "float64", fillValue: Number.NEGATIVE_INFINITY },
      { shape: [5], dtype: "float16", fillValue: 0.5 },
      { shape: [5], dtype: "complex128", fillValue: [Number.NaN, 1] },
      { shape: [5], dtype: "int64", fillValue: -(2n ** 63n) },
      { shape: [5], dtype: "uint64", fillValue: 2n ** 64n - 1n },
      { shape: [5], dtype: "bool", fillValue: true },
      { shape: [5], dtype: "string", fillValue: "n/a" },
      { shape: [5], dtype: "bytes", fillValue: new Uint8Array([1, 2]) },
      { shape: [5], dtype: "|S4", fillValue: "ab" },
      { shape: [], dtype: "int16", fillValue: 3 },
      { shape: [0, 4], dtype: "uint8" },
      { shape: [1000, 1000, 3], dtype: "uint8" }, // guessed chunks
    ];
    for (const options of cases) {
      expect(
        errorsOf(await zarrJson(options)),
        JSON.stringify(options, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)),
      ).toEqual([]);
    }
  });

  it("for the CLI's create and convert too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zarrkit-v3-rules-"));
    try {
      const quiet = { stdout: () => {}, stderr: (t: string) => expect(t).toBe("") };
      const made = join(dir, "made.zarr");
      expect(
        await runCli(
          [
            "create",
            made,
            "--shape",
            "40,30",
            "--dtype",
            "uint16",
            "--chunks",
            "5,5",
            "--shards",
            "10,15",
            "--codec",
            "blosc:zstd:4:bitshuffle",
            "--fill-value",
            "7",
            "--attrs",
            '{"k": true}',
          ],
          quiet,
        ),
      ).toBe(0);
      expect(errorsOf(JSON.parse(readFileSync(join(made, "zarr.json"), "utf8")))).toEqual([]);
      const copy = join(dir, "copy.zarr");
      expect(
        await runCli(
          [
            "convert",
            made,
            copy,
            "--chunks",
            "4,6",
            "--shards",
            "8,12",
            "--codec",
            "gzip:3",
            "--quiet",
          ],
          quiet,
        ),
      ).toBe(0);
      expect(errorsOf(JSON.parse(readFileSync(join(copy, "zarr.json"), "utf8")))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the rule checker", () => {
  const valid = {
    zarr_format: 3,
    node_type: "array",
    shape: [10, 10],
    data_type: "float64",
    chunk_grid: { name: "regular", configuration: { chunk_shape: [5, 5] } },
    chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
    fill_value: "NaN",
    codecs: [{ name: "bytes", configuration: { endian: "little" } }],
    attributes: {},
  };
  it("accepts the spec's example and an ignorable extension", () => {
    expect(checkV3ArrayMetadata(valid)).toEqual([]);
    expect(
      checkV3ArrayMetadata({ ...valid, my_ext: { name: "x", must_understand: false } }),
    ).toEqual([]);
  });
  it.each([
    [{ zarr_format: 2 }, "zarr_format must be 3"],
    [{ shape: [-1, 10] }, "shape must be an array of non-negative integers"],
    [{ data_type: "float128" }, 'data_type "float128" is not a known data type'],
    [
      { chunk_grid: { name: "regular", configuration: { chunk_shape: [5] } } },
      "chunk_shape has rank 1, shape has 2",
    ],
    [
      { chunk_key_encoding: { name: "default", configuration: { separator: "-" } } },
      "separator must be",
    ],
    [{ fill_value: "nan" }, "fill_value must be a number"],
    [{ data_type: "uint8", fill_value: 256 }, "an integer in [0, 255]"],
    [{ codecs: [] }, "may not be empty"],
    [
      { codecs: [{ name: "gzip", configuration: { level: 1 } }] },
      "before the array -> bytes codec",
    ],
    [{ codecs: [{ name: "bytes" }] }, 'bytes needs endian "little" or "big"'],
    [{ attributes: [] }, "attributes must be an object"],
    [{ dimension_names: ["x"] }, "dimension_names has 1 entries for rank 2"],
    [{ extra: 1 }, 'unknown key "extra"'],
    [{ codecs: [{ name: "Bytes" }] }, "is not a conformant extension name"],
  ])("rejects %j", (patch, message) => {
    const errors = checkV3ArrayMetadata({ ...valid, ...patch } as never);
    expect(errors.join("\n")).toContain(message);
  });
});
