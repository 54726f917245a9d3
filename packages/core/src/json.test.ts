import { describe, expect, it } from "vitest";
import { MetadataError } from "./errors.js";
import { isJsonObject, MAX_JSON_DEPTH, parseJson, stringifyJson, toPlainJson } from "./json.js";

describe("parseJson", () => {
  it("parses ordinary documents like JSON.parse", () => {
    const text = '{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "x\\n\\u00e9"}}';
    expect(parseJson(text, "t")).toEqual(JSON.parse(text));
  });

  it("keeps integers beyond 2^53 exact as bigint", () => {
    const doc = parseJson(
      '{"fill_value": 9223372036854775807, "neg": -9223372036854775808, "small": 1234567890123456, "f": 12345678901234567.5}',
      "t",
    ) as Record<string, unknown>;
    expect(doc.fill_value).toBe(9223372036854775807n);
    expect(doc.neg).toBe(-9223372036854775808n);
    expect(doc.small).toBe(1234567890123456);
    expect(typeof doc.f).toBe("number");
  });

  it("keeps __proto__ as an own key", () => {
    const doc = parseJson('{"__proto__": {"x": 1}, "n": 12345678901234567890}', "t") as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(Object.keys(doc)).toEqual(["__proto__", "n"]);
  });

  it("rejects malformed JSON with a MetadataError naming the document", () => {
    expect(() => parseJson("{", "a/zarr.json")).toThrow(MetadataError);
    expect(() => parseJson("{", "a/zarr.json")).toThrow(/invalid JSON in a\/zarr.json/);
    expect(() => parseJson('{"a": 12345678901234567890,}', "x")).toThrow(/invalid JSON in x/);
    expect(() => parseJson("[12345678901234567890] x", "x")).toThrow(/after the document/);
  });
});

describe("stringifyJson / toPlainJson", () => {
  it("writes bigints as integer literals", () => {
    expect(stringifyJson({ a: 18446744073709551615n, b: [1n] })).toBe(
      '{"a":18446744073709551615,"b":[1]}',
    );
  });
  it("round-trips through parseJson", () => {
    const value = { x: -9223372036854775808n, y: "s", z: [1.5, null] };
    expect(parseJson(stringifyJson(value), "t")).toEqual(value);
  });
  it("toPlainJson turns bigints into numbers", () => {
    expect(toPlainJson({ a: [2n ** 60n] })).toEqual({ a: [2 ** 60] });
    const same = { a: 1 };
    expect(toPlainJson(same)).toBe(same);
  });
});

describe("nesting depth", () => {
  const nested = (depth: number) => `{"a":${"[".repeat(depth - 1)}1${"]".repeat(depth - 1)}}`;

  it("reads documents up to MAX_JSON_DEPTH deep", () => {
    expect(isJsonObject(parseJson(nested(MAX_JSON_DEPTH), ".zattrs"))).toBe(true);
  });

  it("rejects deeper documents with a MetadataError, not a stack overflow", () => {
    for (const text of [
      "[".repeat(100_000) + "]".repeat(100_000),
      `{"a":${'{"b":'.repeat(100_000)}1${"}".repeat(100_001)}`,
      `{"x":${"[".repeat(100_000)}12345678901234567${"]".repeat(100_000)}}`,
      nested(MAX_JSON_DEPTH + 1),
    ]) {
      expect(() => parseJson(text, ".zattrs")).toThrow(MetadataError);
    }
  });

  it("does not count brackets inside strings", () => {
    const text = `{"a":"${"[{".repeat(5000)}\\"["}`;
    expect(parseJson(text, "zarr.json")).toEqual({ a: `${"[{".repeat(5000)}"[` });
  });
});
