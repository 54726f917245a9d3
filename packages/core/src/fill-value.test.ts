import { describe, expect, it } from "vitest";
import { type DataType, type DataTypeName, dataTypeFromName } from "./data-type.js";
import { MetadataError } from "./errors.js";
import { encodeFillValue, fillElement, parseFillValue } from "./fill-value.js";
import { float16ToNumber } from "./float16.js";
import { type JsonValue, parseJson } from "./json.js";

const v3 = { where: "array 'x'", zarrFormat: 3 as const };
const v2 = { where: "array 'x'", zarrFormat: 2 as const };
const dt = (name: DataTypeName): DataType => dataTypeFromName(name);
const le = (name: DataTypeName, itemSize: number): DataType => ({
  name,
  itemSize,
  endian: "little",
});

describe("parseFillValue: numbers", () => {
  it("decodes integers in range", () => {
    expect(parseFillValue(-128, dt("int8"), v3)).toBe(-128);
    expect(parseFillValue(255, dt("uint8"), v3)).toBe(255);
    expect(parseFillValue(4294967295, dt("uint32"), v3)).toBe(4294967295);
    expect(parseFillValue(0, dt("int16"), v3)).toBe(0);
  });

  it("decodes int64/uint64 as exact bigint, also beyond 2^53", () => {
    const doc = parseJson(
      '{"a": 9223372036854775807, "b": 18446744073709551615, "c": -9223372036854775808}',
      "t",
    ) as Record<string, JsonValue>;
    expect(parseFillValue(doc.a, dt("int64"), v3)).toBe(9223372036854775807n);
    expect(parseFillValue(doc.b, dt("uint64"), v3)).toBe(18446744073709551615n);
    expect(parseFillValue(doc.c, dt("int64"), v3)).toBe(-9223372036854775808n);
    expect(parseFillValue(5, dt("int64"), v3)).toBe(5n);
  });

  it("rejects out-of-range and non-integer integers, naming array and value", () => {
    expect(() => parseFillValue(128, dt("int8"), v3)).toThrow(MetadataError);
    expect(() => parseFillValue(128, dt("int8"), v3)).toThrow(
      "invalid fill_value 128 for data type \"int8\" in array 'x'",
    );
    expect(() => parseFillValue(-1, dt("uint16"), v3)).toThrow(/-1 for data type "uint16"/);
    expect(() => parseFillValue(1.5, dt("int32"), v3)).toThrow(/1.5/);
    expect(() => parseFillValue(2n ** 64n, dt("uint64"), v3)).toThrow(/18446744073709551616/);
    expect(() => parseFillValue("NaN", dt("int32"), v3)).toThrow(/"NaN"/);
  });

  it("decodes bool", () => {
    expect(parseFillValue(true, dt("bool"), v3)).toBe(1);
    expect(parseFillValue(false, dt("bool"), v3)).toBe(0);
    expect(() => parseFillValue("yes", dt("bool"), v3)).toThrow(MetadataError);
  });

  it("decodes floats: numbers, NaN, infinities", () => {
    expect(parseFillValue(1.5, dt("float32"), v3)).toBe(1.5);
    expect(parseFillValue("NaN", dt("float64"), v3)).toBeNaN();
    expect(parseFillValue("Infinity", dt("float32"), v3)).toBe(Number.POSITIVE_INFINITY);
    expect(parseFillValue("-Infinity", dt("float16"), v3)).toBe(Number.NEGATIVE_INFINITY);
    expect(() => parseFillValue("nan", dt("float32"), v3)).toThrow(/"nan"/);
  });

  it("decodes hex bit patterns per width, NaN payloads included", () => {
    expect(parseFillValue("0x7fc00000", dt("float32"), v3)).toBeNaN();
    expect(parseFillValue("0x7fc00001", dt("float32"), v3)).toBeNaN();
    expect(parseFillValue("0xffc00000", dt("float32"), v3)).toBeNaN();
    expect(parseFillValue("0x3f800000", dt("float32"), v3)).toBe(1);
    expect(parseFillValue("0x7ff8000000000001", dt("float64"), v3)).toBeNaN();
    expect(parseFillValue("0x4000000000000000", dt("float64"), v3)).toBe(2);
    expect(parseFillValue("0x3c00", dt("float16"), v3)).toBe(1);
    expect(parseFillValue("0x7e00", dt("float16"), v3)).toBeNaN();
    expect(parseFillValue("0xfc00", dt("float16"), v3)).toBe(Number.NEGATIVE_INFINITY);
    // wrong width for the type
    expect(() => parseFillValue("0x3c00", dt("float32"), v3)).toThrow(/"0x3c00"/);
    expect(() => parseFillValue("0x3f800000", dt("float64"), v3)).toThrow(MetadataError);
  });

  it("decodes complex pairs with the float encodings", () => {
    expect(parseFillValue([1, -2], dt("complex64"), v3)).toEqual([1, -2]);
    const [re, im] = parseFillValue(["NaN", "0x3ff0000000000000"], dt("complex128"), v3) as [
      number,
      number,
    ];
    expect(re).toBeNaN();
    expect(im).toBe(1);
    expect(parseFillValue(["Infinity", "0x3f800000"], dt("complex64"), v3)).toEqual([
      Number.POSITIVE_INFINITY,
      1,
    ]);
    expect(() => parseFillValue([1], dt("complex64"), v3)).toThrow(/\[1\]/);
    expect(() => parseFillValue(1, dt("complex64"), v3)).toThrow(MetadataError);
  });

  it("rejects null in v3, accepts it in v2", () => {
    expect(() => parseFillValue(null, dt("float32"), v3)).toThrow(/invalid fill_value null/);
    expect(parseFillValue(null, le("float32", 4), v2)).toBeNull();
  });

  it("decodes v2 numeric fill values zarr-python wrote as base64", () => {
    // 1.0 as <f4 bytes 00 00 80 3f
    expect(parseFillValue("AACAPw==", le("float32", 4), v2)).toBe(1);
    expect(parseFillValue("AAAAAAAA8D8=", le("float64", 8), v2)).toBe(1);
    expect(parseFillValue("AQA=", le("int16", 2), v2)).toBe(1);
    expect(parseFillValue("AAE=", { name: "int16", itemSize: 2, endian: "big" }, v2)).toBe(1);
    expect(parseFillValue("AACAPwAAAEA=", le("complex64", 8), v2)).toEqual([1, 2]);
    expect(parseFillValue("//////////8=", le("int64", 8), v2)).toBe(-1n);
    // wrong length
    expect(() => parseFillValue("AQA=", le("int32", 4), v2)).toThrow(/"AQA="/);
    // base64 is not accepted in v3
    expect(() => parseFillValue("AACAPw==", dt("float32"), v3)).toThrow(MetadataError);
  });
});

describe("parseFillValue: strings and bytes", () => {
  it("decodes strings", () => {
    expect(parseFillValue("", dt("string"), v3)).toBe("");
    expect(parseFillValue("abc", dt("string"), v3)).toBe("abc");
    expect(parseFillValue(0, dt("string"), v2)).toBe("");
    expect(() => parseFillValue(0, dt("string"), v3)).toThrow(/invalid fill_value 0/);
    expect(
      parseFillValue("ab", { name: "fixed_length_utf32", itemSize: 8, endian: "little" }, v2),
    ).toBe("ab");
  });

  it("decodes |S base64, dropping trailing NULs", () => {
    const s7: DataType = { name: "null_terminated_bytes", itemSize: 7, endian: "none" };
    expect(parseFillValue("", s7, v2)).toBe("");
    expect(parseFillValue("YWI=", s7, v2)).toBe("ab");
    expect(parseFillValue("YWIAAA==", s7, v2)).toBe("ab");
    expect(() => parseFillValue("not base64!", s7, v2)).toThrow(/"not base64!"/);
  });

  it("decodes bytes from base64 or integer lists", () => {
    expect(parseFillValue("AQI=", dt("bytes"), v3)).toEqual(new Uint8Array([1, 2]));
    expect(parseFillValue([1, 2, 255], dt("bytes"), v3)).toEqual(new Uint8Array([1, 2, 255]));
    expect(() => parseFillValue([256], dt("bytes"), v3)).toThrow(MetadataError);
  });

  it("rejects a missing fill value", () => {
    expect(() => parseFillValue(undefined, dt("int8"), v3)).toThrow(/invalid fill_value undefined/);
  });
});

describe("encodeFillValue", () => {
  it("encodes special floats as strings and round-trips", () => {
    expect(encodeFillValue(Number.NaN, dt("float32"))).toBe("NaN");
    expect(encodeFillValue(Number.POSITIVE_INFINITY, dt("float64"))).toBe("Infinity");
    expect(encodeFillValue(Number.NEGATIVE_INFINITY, dt("float64"))).toBe("-Infinity");
    expect(encodeFillValue([Number.NaN, 1], dt("complex64"))).toEqual(["NaN", 1]);
    expect(encodeFillValue(1, dt("bool"))).toBe(true);
    expect(encodeFillValue(0, dt("bool"))).toBe(false);
  });
  it("encodes bigints: numbers when safe, bigint otherwise", () => {
    expect(encodeFillValue(5n, dt("int64"))).toBe(5);
    expect(encodeFillValue(2n ** 63n - 1n, dt("int64"))).toBe(2n ** 63n - 1n);
  });
  it("encodes bytes and |S strings", () => {
    expect(encodeFillValue(new Uint8Array([1, 2]), dt("bytes"))).toEqual([1, 2]);
    expect(encodeFillValue(new Uint8Array([1, 2]), dt("bytes"), 2)).toBe("AQI=");
    const s: DataType = { name: "null_terminated_bytes", itemSize: 3, endian: "none" };
    expect(encodeFillValue("ab", s)).toBe("YWI=");
  });
  it("refuses null for v3", () => {
    expect(encodeFillValue(null, dt("int8"), 2)).toBeNull();
    expect(() => encodeFillValue(null, dt("int8"), 3)).toThrow(MetadataError);
  });
  it("round-trips every kind through parse", () => {
    const cases: [JsonValue, DataTypeName][] = [
      [1.25, "float32"],
      ["NaN", "float64"],
      [true, "bool"],
      [-7, "int8"],
      [["Infinity", 2], "complex128"],
      ["hi", "string"],
    ];
    for (const [json, name] of cases) {
      const value = parseFillValue(json, dt(name), v3);
      expect(encodeFillValue(value, dt(name))).toEqual(json);
    }
  });
});

describe("helpers", () => {
  it("float16ToNumber", () => {
    expect(float16ToNumber(0x3c00)).toBe(1);
    expect(float16ToNumber(0xc000)).toBe(-2);
    expect(float16ToNumber(0x0001)).toBe(2 ** -24);
    expect(Object.is(float16ToNumber(0x8000), -0)).toBe(true);
    expect(float16ToNumber(0x7bff)).toBe(65504);
  });
  it("fillElement replaces null by the type's zero", () => {
    expect(fillElement(null, dt("int64"))).toBe(0n);
    expect(fillElement(null, dt("float32"))).toBe(0);
    expect(fillElement(null, dt("string"))).toBe("");
    expect(fillElement(null, dt("complex64"))).toEqual([0, 0]);
    expect(fillElement(3, dt("int8"))).toBe(3);
  });
});
