import { describe, expect, it } from "vitest";
import { parseV2DataType } from "./data-type-v2.js";
import { MetadataError } from "./errors.js";
import type { JsonObject } from "./json.js";
import { parseV2ArrayMetadata, parseV2Consolidated, parseV2GroupMetadata } from "./metadata-v2.js";
import type { GroupMetadata } from "./node-metadata.js";

const W = "a/.zarray";

function zarray(overrides: JsonObject = {}): JsonObject {
  return {
    zarr_format: 2,
    shape: [10, 10],
    chunks: [5, 5],
    dtype: "<f4",
    fill_value: 0,
    order: "C",
    filters: null,
    compressor: null,
    ...overrides,
  };
}

describe("parseV2DataType", () => {
  const cases: [string, object][] = [
    ["<f4", { name: "float32", itemSize: 4, endian: "little" }],
    [">i8", { name: "int64", itemSize: 8, endian: "big" }],
    ["|b1", { name: "bool", itemSize: 1, endian: "none" }],
    ["|u1", { name: "uint8", itemSize: 1, endian: "none" }],
    ["|i1", { name: "int8", itemSize: 1, endian: "none" }],
    ["<f2", { name: "float16", itemSize: 2, endian: "little" }],
    ["<c8", { name: "complex64", itemSize: 8, endian: "little" }],
    ["<c16", { name: "complex128", itemSize: 16, endian: "little" }],
    ["|S7", { name: "null_terminated_bytes", itemSize: 7, endian: "none" }],
    ["<U13", { name: "fixed_length_utf32", itemSize: 52, endian: "little" }],
    [">U13", { name: "fixed_length_utf32", itemSize: 52, endian: "big" }],
  ];
  for (const [dtype, want] of cases) {
    it(dtype, () => expect(parseV2DataType(dtype, undefined, W)).toEqual(want));
  }
  it("object dtypes take their type from the object codec", () => {
    expect(parseV2DataType("|O", "vlen-utf8", W).name).toBe("string");
    expect(parseV2DataType("|O", "vlen-bytes", W).name).toBe("bytes");
    expect(parseV2DataType("|O", "json2", W).name).toBe("string");
  });
  it("rejects bad and unsupported dtypes", () => {
    expect(() => parseV2DataType("|O", undefined, W)).toThrow(
      /object dtype "\|O" in a\/.zarray needs an object codec filter/,
    );
    expect(() => parseV2DataType("|O", "pickle", W)).toThrow(/unsupported object codec "pickle"/);
    expect(() => parseV2DataType("<q8", undefined, W)).toThrow(/unsupported dtype "<q8"/);
    expect(() => parseV2DataType("f4", undefined, W)).toThrow(/invalid dtype "f4"/);
    expect(() => parseV2DataType("|f4", undefined, W)).toThrow(/needs a byte order/);
    expect(() =>
      parseV2DataType(
        [
          ["a", "<f4"],
          ["a", "<i2"],
        ],
        undefined,
        W,
      ),
    ).toThrow(/structured dtype in a\/.zarray repeats field "a"/);
    expect(() => parseV2DataType([], undefined, W)).toThrow(/needs 1 to \d+ fields/);
    expect(() => parseV2DataType("|S", undefined, W)).toThrow(/needs a length/);
  });
});

describe("parseV2ArrayMetadata", () => {
  it("converts a C-order array with a compressor", () => {
    const m = parseV2ArrayMetadata(
      zarray({ compressor: { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 } }),
      { key: "value" },
      W,
    );
    expect(m).toMatchObject({
      zarrFormat: 2,
      shape: [10, 10],
      chunkShape: [5, 5],
      dataType: { name: "float32" },
      chunkKeyEncoding: { name: "v2", separator: "." },
      fillValue: 0,
      order: "C",
      attributes: { key: "value" },
      dimensionNames: null,
    });
    expect(m.codecs).toEqual([
      { name: "bytes", configuration: { endian: "little" } },
      {
        name: "numcodecs.blosc",
        configuration: { cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 },
      },
    ]);
    expect(m.raw[".zattrs"]).toEqual({ key: "value" });
    expect((m.raw[".zarray"] as JsonObject).dtype).toBe("<f4");
  });

  it("adds a reversing transpose for order F, filters, big-endian bytes, '/' separator", () => {
    const m = parseV2ArrayMetadata(
      zarray({
        shape: [2, 3, 4],
        chunks: [1, 3, 4],
        dtype: ">i2",
        order: "F",
        dimension_separator: "/",
        filters: [{ id: "delta", dtype: ">i2" }],
        compressor: { id: "zlib", level: 1 },
      }),
      undefined,
      W,
    );
    expect(m.codecs).toEqual([
      { name: "transpose", configuration: { order: [2, 1, 0] } },
      { name: "numcodecs.delta", configuration: { dtype: ">i2" } },
      { name: "bytes", configuration: { endian: "big" } },
      { name: "numcodecs.zlib", configuration: { level: 1 } },
    ]);
    expect(m.order).toBe("F");
    expect(m.chunkKeyEncoding.separator).toBe("/");
    expect(m.attributes).toEqual({});
  });

  it("no transpose for 1-d F order; single-byte types get no endian", () => {
    const m = parseV2ArrayMetadata(
      zarray({ shape: [4], chunks: [2], dtype: "|u1", order: "F" }),
      undefined,
      W,
    );
    expect(m.codecs).toEqual([{ name: "bytes", configuration: {} }]);
  });

  it("makes the object codec the array->bytes codec", () => {
    const m = parseV2ArrayMetadata(
      zarray({
        dtype: "|O",
        fill_value: 0,
        filters: [{ id: "vlen-utf8" }],
        compressor: { id: "zstd", level: 1 },
      }),
      undefined,
      W,
    );
    expect(m.dataType.name).toBe("string");
    expect(m.fillValue).toBe("");
    expect(m.codecs).toEqual([
      { name: "numcodecs.vlen-utf8", configuration: {} },
      { name: "numcodecs.zstd", configuration: { level: 1 } },
    ]);
  });

  it("parses v2 fill values: null, NaN, base64 |S", () => {
    expect(parseV2ArrayMetadata(zarray({ fill_value: null }), undefined, W).fillValue).toBeNull();
    expect(parseV2ArrayMetadata(zarray({ fill_value: "NaN" }), undefined, W).fillValue).toBeNaN();
    expect(
      parseV2ArrayMetadata(zarray({ dtype: "|S3", fill_value: "YWI=" }), undefined, W).fillValue,
    ).toBe("ab");
  });

  const bad: [string, JsonObject, RegExp][] = [
    ["zarr_format", zarray({ zarr_format: 3 }), /"zarr_format" in a\/.zarray must be 2, got 3/],
    [
      "shape",
      zarray({ shape: "10" }),
      /"shape" in a\/.zarray must be an array of non-negative integers, got "10"/,
    ],
    [
      "chunks",
      zarray({ chunks: [0, 5] }),
      /"chunks" in a\/.zarray must be an array of positive integers/,
    ],
    ["rank", zarray({ chunks: [5] }), /"chunks" \[5\] in a\/.zarray has 1 dimensions/],
    ["order", zarray({ order: "K" }), /"order" in a\/.zarray must be "C" or "F", got "K"/],
    [
      "separator",
      zarray({ dimension_separator: "-" }),
      /"dimension_separator" in a\/.zarray must be "." or "\/"/,
    ],
    [
      "filters",
      zarray({ filters: { id: "x" } }),
      /"filters" in a\/.zarray must be null or an array/,
    ],
    [
      "filter without id",
      zarray({ filters: [{ level: 1 }] }),
      /filters\[0\] in a\/.zarray has no "id"/,
    ],
    [
      "compressor",
      zarray({ compressor: "gzip" }),
      /"compressor" in a\/.zarray must be a JSON object/,
    ],
    [
      "fill",
      zarray({ fill_value: "abc" }),
      /invalid fill_value "abc" for data type "float32" in a\/.zarray/,
    ],
  ];
  for (const [label, doc, message] of bad) {
    it(`rejects bad ${label}`, () => {
      expect(() => parseV2ArrayMetadata(doc, undefined, W)).toThrow(MetadataError);
      expect(() => parseV2ArrayMetadata(doc, undefined, W)).toThrow(message);
    });
  }
  it("rejects bad .zattrs", () => {
    expect(() => parseV2ArrayMetadata(zarray(), [1], W)).toThrow(
      /"attributes" in a\/.zarray \(.zattrs\)/,
    );
  });
});

describe("v2 groups and .zmetadata", () => {
  it("parses .zgroup", () => {
    const g = parseV2GroupMetadata({ zarr_format: 2 }, { a: 1 }, "g/.zgroup");
    expect(g).toMatchObject({ zarrFormat: 2, nodeType: "group", attributes: { a: 1 } });
    expect(() => parseV2GroupMetadata({ zarr_format: 3 }, undefined, "g/.zgroup")).toThrow(
      /must be 2/,
    );
  });

  it("parses consolidated metadata into relative paths", () => {
    const entries = parseV2Consolidated(
      {
        zarr_consolidated_format: 1,
        metadata: {
          ".zgroup": { zarr_format: 2 },
          ".zattrs": { answer: 42 },
          "arr/.zarray": zarray(),
          "arr/.zattrs": { x: 1 },
          "sub/.zgroup": { zarr_format: 2 },
          "sub/inner/.zarray": zarray({ shape: [2, 2] }),
        },
      },
      ".zmetadata",
    );
    expect([...entries.keys()].sort()).toEqual(["", "arr", "sub", "sub/inner"]);
    expect((entries.get("") as GroupMetadata).attributes).toEqual({ answer: 42 });
    expect(entries.get("arr")).toMatchObject({ nodeType: "array", attributes: { x: 1 } });
    expect(() => parseV2Consolidated({ metadata: { "a/.zarray": 1 } }, ".zmetadata")).toThrow(
      /\.zmetadata \(entry "a\/.zarray"\) must be a JSON object/,
    );
    expect(() => parseV2Consolidated({}, ".zmetadata")).toThrow(/"metadata" in .zmetadata/);
  });
});
