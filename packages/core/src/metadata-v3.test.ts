import { describe, expect, it } from "vitest";
import { MetadataError } from "./errors.js";
import { type JsonObject, parseJson } from "./json.js";
import { parseV3Metadata } from "./metadata-v3.js";
import type { ArrayMetadata, GroupMetadata } from "./node-metadata.js";

const W = "a/zarr.json";

function arrayDoc(overrides: JsonObject = {}): JsonObject {
  return {
    zarr_format: 3,
    node_type: "array",
    shape: [10, 10],
    data_type: "float32",
    chunk_grid: { name: "regular", configuration: { chunk_shape: [5, 5] } },
    chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
    fill_value: 0,
    codecs: [{ name: "bytes", configuration: { endian: "little" } }],
    attributes: { key: "value" },
    ...overrides,
  };
}

function without(doc: JsonObject, key: string): JsonObject {
  const copy = { ...doc };
  delete copy[key];
  return copy;
}

const parseArray = (doc: JsonObject) => parseV3Metadata(doc, W) as ArrayMetadata;

describe("parseV3Metadata: arrays", () => {
  it("parses a zarr-python array", () => {
    const m = parseArray(arrayDoc({ storage_transformers: [], dimension_names: ["y", null] }));
    expect(m).toMatchObject({
      zarrFormat: 3,
      nodeType: "array",
      shape: [10, 10],
      chunkShape: [5, 5],
      dataType: { name: "float32", itemSize: 4 },
      chunkKeyEncoding: { name: "default", separator: "/" },
      fillValue: 0,
      codecs: [{ name: "bytes", configuration: { endian: "little" } }],
      attributes: { key: "value" },
      dimensionNames: ["y", null],
      order: "C",
    });
    expect(m.raw.data_type).toBe("float32");
  });

  it("applies defaults: no attributes, dimension_names null, default separators", () => {
    const m = parseArray(
      without(
        arrayDoc({ chunk_key_encoding: { name: "v2" }, dimension_names: null }),
        "attributes",
      ),
    );
    expect(m.attributes).toEqual({});
    expect(m.dimensionNames).toBeNull();
    expect(m.chunkKeyEncoding).toEqual({ name: "v2", separator: "." });
    expect(
      parseArray(arrayDoc({ chunk_key_encoding: { name: "default" } })).chunkKeyEncoding,
    ).toEqual({
      name: "default",
      separator: "/",
    });
  });

  it("accepts bare codec names and keeps configurations", () => {
    const m = parseArray(
      arrayDoc({ codecs: ["bytes", { name: "gzip", configuration: { level: 1 } }] }),
    );
    expect(m.codecs).toEqual([{ name: "bytes" }, { name: "gzip", configuration: { level: 1 } }]);
  });

  it("parses fixed-length string types and int64 fill values exactly", () => {
    const doc = parseJson(
      JSON.stringify(arrayDoc({ data_type: "int64" })).replace(
        '"fill_value":0',
        '"fill_value":-9223372036854775808',
      ),
      W,
    ) as JsonObject;
    expect(parseArray(doc).fillValue).toBe(-(2n ** 63n));
    const u = parseArray(
      arrayDoc({
        data_type: { name: "fixed_length_utf32", configuration: { length_bytes: 52 } },
        fill_value: "",
      }),
    );
    expect(u.dataType).toEqual({ name: "fixed_length_utf32", itemSize: 52, endian: "none" });
    expect(parseArray(arrayDoc({ data_type: "string", fill_value: "" })).dataType.name).toBe(
      "string",
    );
  });

  it("ignores unknown extensions with must_understand: false", () => {
    const m = parseArray(arrayDoc({ my_ext: { must_understand: false, x: 1 } }));
    expect(m.shape).toEqual([10, 10]);
  });

  const bad: [string, JsonObject, RegExp][] = [
    [
      "wrong zarr_format",
      arrayDoc({ zarr_format: 2 }),
      /"zarr_format" in a\/zarr.json must be 3, got 2/,
    ],
    [
      "bad node_type",
      arrayDoc({ node_type: "table" }),
      /"node_type" in a\/zarr.json must be "array" or "group", got "table"/,
    ],
    [
      "negative shape",
      arrayDoc({ shape: [-1, 10] }),
      /"shape" in a\/zarr.json must be an array of non-negative integers, got \[-1,10\]/,
    ],
    ["missing shape", without(arrayDoc(), "shape"), /"shape" .* got nothing/],
    [
      "unknown data type",
      arrayDoc({ data_type: "float128" }),
      /unsupported data type "float128" in a\/zarr.json/,
    ],
    [
      "bad length_bytes",
      arrayDoc({
        data_type: { name: "fixed_length_utf32", configuration: { length_bytes: 5 } },
        fill_value: "",
      }),
      /length_bytes.*divisible by 4; got 5/,
    ],
    [
      "irregular grid",
      arrayDoc({ chunk_grid: { name: "rectilinear", configuration: {} } }),
      /unsupported chunk grid "rectilinear"/,
    ],
    [
      "zero chunk",
      arrayDoc({ chunk_grid: { name: "regular", configuration: { chunk_shape: [0, 5] } } }),
      /"chunk_shape" .* positive integers/,
    ],
    [
      "rank mismatch",
      arrayDoc({ chunk_grid: { name: "regular", configuration: { chunk_shape: [5] } } }),
      /"chunk_shape" \[5\] in a\/zarr.json has 1 dimensions, the shape \[10,10\] has 2/,
    ],
    [
      "bad key encoding",
      arrayDoc({ chunk_key_encoding: { name: "fancy" } }),
      /unsupported chunk key encoding "fancy"/,
    ],
    [
      "bad separator",
      arrayDoc({ chunk_key_encoding: { name: "default", configuration: { separator: "-" } } }),
      /separator in a\/zarr.json must be "\/" or "\.", got "-"/,
    ],
    ["missing fill", without(arrayDoc(), "fill_value"), /"fill_value" is missing in a\/zarr.json/],
    [
      "bad fill",
      arrayDoc({ fill_value: "zero" }),
      /invalid fill_value "zero" for data type "float32" in a\/zarr.json/,
    ],
    ["no codecs", arrayDoc({ codecs: [] }), /"codecs" in a\/zarr.json must be a non-empty array/],
    [
      "nameless codec",
      arrayDoc({ codecs: [{ configuration: {} }] }),
      /codec 0 in a\/zarr.json has no "name"/,
    ],
    [
      "bad codec config",
      arrayDoc({ codecs: [{ name: "bytes", configuration: 3 }] }),
      /configuration of codec "bytes" in a\/zarr.json must be a JSON object/,
    ],
    [
      "storage transformers",
      arrayDoc({ storage_transformers: [{ name: "x" }] }),
      /unsupported "storage_transformers" in a\/zarr.json/,
    ],
    [
      "bad dimension names",
      arrayDoc({ dimension_names: ["y"] }),
      /"dimension_names" in a\/zarr.json must be 2 strings or nulls/,
    ],
    [
      "bad attributes",
      arrayDoc({ attributes: [1] }),
      /"attributes" in a\/zarr.json must be a JSON object/,
    ],
    [
      "must-understand extension",
      arrayDoc({ my_ext: { must_understand: true } }),
      /unsupported field "my_ext" in a\/zarr.json/,
    ],
    [
      "unknown plain field",
      arrayDoc({ chunk_memory_layout: "C" }),
      /unsupported field "chunk_memory_layout"/,
    ],
  ];
  for (const [label, doc, message] of bad) {
    it(`rejects ${label}`, () => {
      expect(() => parseV3Metadata(doc, W)).toThrow(MetadataError);
      expect(() => parseV3Metadata(doc, W)).toThrow(message);
    });
  }

  it("rejects documents that are not objects", () => {
    expect(() => parseV3Metadata([1], W)).toThrow(
      /zarr.json in a\/zarr.json must be a JSON object/,
    );
  });
});

describe("parseV3Metadata: groups", () => {
  it("parses a group with attributes", () => {
    const g = parseV3Metadata(
      { zarr_format: 3, node_type: "group", attributes: { a: 1 } },
      W,
    ) as GroupMetadata;
    expect(g).toMatchObject({ zarrFormat: 3, nodeType: "group", attributes: { a: 1 } });
    expect(g.consolidated).toBeUndefined();
  });

  it("parses inline consolidated metadata", () => {
    const g = parseV3Metadata(
      {
        zarr_format: 3,
        node_type: "group",
        consolidated_metadata: {
          kind: "inline",
          must_understand: false,
          metadata: {
            arr: arrayDoc(),
            sub: { zarr_format: 3, node_type: "group", attributes: { d: "x" } },
            "sub/arr2": arrayDoc({ shape: [3, 3] }),
          },
        },
      },
      W,
    ) as GroupMetadata;
    expect([...(g.consolidated?.keys() ?? [])]).toEqual(["arr", "sub", "sub/arr2"]);
    expect(g.consolidated?.get("sub/arr2")).toMatchObject({ nodeType: "array", shape: [3, 3] });
  });

  it("treats consolidated_metadata: null as absent", () => {
    const g = parseV3Metadata(
      { zarr_format: 3, node_type: "group", consolidated_metadata: null },
      W,
    );
    expect((g as GroupMetadata).consolidated).toBeUndefined();
  });

  it("rejects bad consolidated metadata, naming the entry", () => {
    const doc = {
      zarr_format: 3,
      node_type: "group",
      consolidated_metadata: {
        kind: "inline",
        must_understand: false,
        metadata: { x: arrayDoc({ fill_value: "bad" }) },
      },
    };
    expect(() => parseV3Metadata(doc, W)).toThrow(
      /invalid fill_value "bad" .* \(consolidated entry "x"\)/,
    );
    expect(() =>
      parseV3Metadata(
        { zarr_format: 3, node_type: "group", consolidated_metadata: { kind: "external" } },
        W,
      ),
    ).toThrow(/unsupported "consolidated_metadata" kind "external"/);
  });

  it("rejects unknown group fields", () => {
    expect(() => parseV3Metadata({ zarr_format: 3, node_type: "group", shape: [1] }, W)).toThrow(
      /unsupported field "shape"/,
    );
  });
});
