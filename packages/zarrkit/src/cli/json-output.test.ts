import type { ChunkData, DataTypeName } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { fillValueText, floatText, forEachElementText, writeArrayJson } from "./json-output.js";

function texts(data: ChunkData, name: DataTypeName): string[] {
  const out: string[] = [];
  forEachElementText(data, name, (t) => out.push(t));
  return out;
}

describe("CLI JSON rules", () => {
  it("writes NaN and infinities as strings, -0 as -0.0 (sign kept, as Python's json)", () => {
    expect(texts(new Float64Array([Number.NaN, Infinity, -Infinity, -0, 1.5]), "float64")).toEqual([
      '"NaN"',
      '"Infinity"',
      '"-Infinity"',
      "-0.0",
      "1.5",
    ]);
  });
  it("prints float32 values with the shortest text that rounds back", () => {
    expect(texts(new Float32Array([0.1, 1 / 3, 1e-45, 3.4028234663852886e38]), "float32")).toEqual([
      "0.1",
      "0.33333334",
      "1e-45",
      "3.4028235e+38",
    ]);
    expect(floatText(Math.fround(0.1), false)).toBe("0.10000000149011612");
  });
  it("keeps 64-bit integers exact: numbers up to 2^53, strings beyond", () => {
    const big = new BigInt64Array([2n ** 53n, -(2n ** 53n), 2n ** 53n + 1n, -(2n ** 63n)]);
    expect(texts(big, "int64")).toEqual([
      "9007199254740992",
      "-9007199254740992",
      '"9007199254740993"',
      '"-9223372036854775808"',
    ]);
    expect(texts(new BigUint64Array([2n ** 64n - 1n]), "uint64")).toEqual([
      '"18446744073709551615"',
    ]);
  });
  it("writes complex as [re, im], bool as true/false, strings and bytes as strings", () => {
    expect(texts(new Float64Array([1, -2, Number.NaN, 0.5]), "complex128")).toEqual([
      "[1,-2]",
      '["NaN",0.5]',
    ]);
    expect(texts(new Uint8Array([1, 0]), "bool")).toEqual(["true", "false"]);
    expect(texts(['a"b', "日本"], "string")).toEqual(['"a\\"b"', '"日本"']);
    expect(texts([new Uint8Array([0, 255, 65])], "bytes")).toEqual(['"\\u0000ÿA"']);
  });
  it('writes datetime64/timedelta64 counts under the int64 rules, NaT as "NaT"', () => {
    const counts = new BigInt64Array([-(2n ** 63n), 5n, 2n ** 53n + 1n]);
    expect(texts(counts, "datetime64")).toEqual(['"NaT"', "5", '"9007199254740993"']);
    expect(texts(counts, "int64")[0]).toBe('"-9223372036854775808"');
    expect(fillValueText(-(2n ** 63n), "timedelta64")).toBe('"NaT"');
    expect(texts([new Uint8Array([0, 255])], "raw_bits")).toEqual(['"\\u0000ÿ"']);
  });
  it("encodes fill values with the same rules", () => {
    expect(fillValueText(null, "float32")).toBe("null");
    expect(fillValueText(Number.NaN, "float64")).toBe('"NaN"');
    expect(fillValueText(2n ** 60n + 1n, "int64")).toBe('"1152921504606846977"');
    expect(fillValueText(7n, "int64")).toBe("7");
    expect(fillValueText([1.5, -Infinity], "complex128")).toBe('[1.5,"-Infinity"]');
    expect(fillValueText(1, "bool")).toBe("true");
    expect(fillValueText(new Uint8Array([120, 121]), "null_terminated_bytes")).toBe('"xy"');
  });
  it("writes one JSON object, in pieces", () => {
    let text = "";
    writeArrayJson({ data: new Int16Array([1, -2, 3]), shape: [3] }, "<i2", "int16", (t) => {
      text += t;
    });
    expect(JSON.parse(text)).toEqual({ shape: [3], dtype: "<i2", data: [1, -2, 3] });
    text = "";
    const many = new Float64Array(50_000).map((_, i) => i / 7);
    writeArrayJson({ data: many, shape: [50_000] }, "<f8", "float64", (t) => {
      text += t;
    });
    expect(JSON.parse(text).data).toEqual(Array.from(many));
  });
});
