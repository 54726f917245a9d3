/**
 * The CLI's JSON rules for array values: NaN and ±Infinity as the strings "NaN",
 * "Infinity", "-Infinity"; 64-bit integers as numbers when |v| <= 2^53, else decimal
 * strings; complex as [re, im]; bool as true/false; strings as strings; byte strings
 * (and raw bits) as latin-1 strings (one character per byte, so nothing is lost);
 * datetime64/timedelta64 as their int64 counts, NaT as the string "NaT" (the v3 fill
 * value encoding); -0.0 as -0.0 (JSON.stringify would print 0); structured records as
 * {field: value} objects (subarray fields as flat lists in C order).
 */
import {
  type ChunkData,
  type DataType,
  type DataTypeName,
  type FillValue,
  isTemporal,
  NAT,
  structuredFields,
} from "@zarrkit/core";

export type JsonScalar = number | string | boolean | null;
export type JsonElement = JsonScalar | [JsonScalar, JsonScalar];

const MAX_EXACT = 2n ** 53n;

/** A float as JSON text; `single` prints the shortest text that rounds back in float32. */
export function floatText(v: number, single: boolean): string {
  if (Number.isNaN(v)) return '"NaN"';
  if (v === Number.POSITIVE_INFINITY) return '"Infinity"';
  if (v === Number.NEGATIVE_INFINITY) return '"-Infinity"';
  // JSON.stringify(-0) is "0": keep the sign, as numpy and Python's json do
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0";
  if (single) {
    for (let p = 1; p < 9; p++) {
      const text = v.toPrecision(p);
      if (Math.fround(Number(text)) === v) return JSON.stringify(Number(text));
    }
  }
  return JSON.stringify(v);
}

export function bigintText(v: bigint): string {
  return v <= MAX_EXACT && v >= -MAX_EXACT ? v.toString() : `"${v}"`;
}

/** Bytes as a latin-1 string: code point i is byte value i. */
export function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return s;
}

function isSingle(name: DataTypeName): boolean {
  return name === "float32" || name === "float16" || name === "complex64";
}

/**
 * Calls `emit` with the JSON text of each element of `data`, in order. Numbers are
 * written straight from the typed array, with no per-element object.
 */
export function forEachElementText(
  data: ChunkData,
  dataType: DataTypeName,
  emit: (text: string) => void,
  recordType?: DataType,
): void {
  if (Array.isArray(data)) {
    for (const v of data) {
      if (typeof v === "string") emit(JSON.stringify(v));
      else emit(recordType?.fields ? recordText(v, recordType) : JSON.stringify(latin1(v)));
    }
    return;
  }
  if (data instanceof BigInt64Array && isTemporal(dataType)) {
    for (let i = 0; i < data.length; i++) emit(data[i] === NAT ? '"NaT"' : bigintText(data[i]));
    return;
  }
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    for (let i = 0; i < data.length; i++) emit(bigintText(data[i]));
    return;
  }
  if (dataType === "bool") {
    for (let i = 0; i < data.length; i++) emit(data[i] ? "true" : "false");
    return;
  }
  const single = isSingle(dataType);
  if (dataType === "complex64" || dataType === "complex128") {
    for (let i = 0; i + 1 < data.length; i += 2) {
      emit(`[${floatText(data[i], single)},${floatText(data[i + 1], single)}]`);
    }
    return;
  }
  if (data instanceof Float32Array || data instanceof Float64Array) {
    for (let i = 0; i < data.length; i++) emit(floatText(data[i], single));
    return;
  }
  for (let i = 0; i < data.length; i++) emit(String(data[i]));
}

/** A structured record as {field: value}, each value under these rules. */
export function recordText(record: Uint8Array, recordType: DataType): string {
  const parts = Object.entries(structuredFields([record], recordType)).map(([name, f]) => {
    const items: string[] = [];
    const type = f.field.dataType;
    forEachElementText(f.data, type.name, (text) => items.push(text), type);
    const value = f.field.shape.length === 0 ? items[0] : `[${items.join(",")}]`;
    return `${JSON.stringify(name)}:${value}`;
  });
  return `{${parts.join(",")}}`;
}

/** The JSON text of a fill value under the same rules (null stays null). */
export function fillValueText(
  value: FillValue,
  dataType: DataTypeName,
  recordType?: DataType,
): string {
  if (value === null) return "null";
  if (value instanceof Uint8Array && recordType?.fields) return recordText(value, recordType);
  if (typeof value === "bigint" && value === NAT && isTemporal(dataType)) return '"NaT"';
  if (typeof value === "bigint") return bigintText(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Uint8Array) return JSON.stringify(latin1(value));
  const single = isSingle(dataType);
  if (typeof value === "number") {
    if (dataType === "bool") return value ? "true" : "false";
    return floatText(value, single);
  }
  return `[${floatText(value[0], single)},${floatText(value[1], single)}]`;
}

/** Writes {"shape": [...], "dtype": "...", "data": [...]} through `write`, in pieces. */
export function writeArrayJson(
  result: { data: ChunkData; shape: readonly number[] },
  dtype: string,
  dataType: DataTypeName,
  write: (text: string) => void,
  recordType?: DataType,
): void {
  write(`{"shape":${JSON.stringify(result.shape)},"dtype":${JSON.stringify(dtype)},"data":[`);
  let buffer = "";
  let first = true;
  forEachElementText(
    result.data,
    dataType,
    (text) => {
      buffer += first ? text : `,${text}`;
      first = false;
      if (buffer.length > 1 << 16) {
        write(buffer);
        buffer = "";
      }
    },
    recordType,
  );
  write(`${buffer}]}\n`);
}
