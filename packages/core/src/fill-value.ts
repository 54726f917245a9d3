/**
 * Fill values between their JSON encodings (v3 spec, v2 as zarr-python writes it) and
 * the in-memory FillValue. Float fill values may be numbers, "NaN", "±Infinity" or a
 * hex bit pattern ("0x7fc00000"); complex ones are [re, im] pairs of those; int64 and
 * uint64 become bigint (parse metadata with parseJson so they are not rounded), as do
 * datetime64/timedelta64 counts (an integer, or "NaT" for -2^63). raw_bits fill values
 * are Uint8Array: v3 writes an array of byte values, v2 base64.
 */

import {
  type DataType,
  holdsBigInt,
  holdsRecordBytes,
  isNumeric,
  isTemporal,
  NAT,
  type NumericDataTypeName,
} from "./data-type.js";
import { MetadataError } from "./errors.js";
import type { FillValue } from "./fill-value-type.js";
import { float16ToNumber, roundToFloat16 } from "./float16.js";
import { type JsonValue, stringifyJson } from "./json.js";
import { readElement } from "./record-element.js";
import { decodeStructuredFill } from "./structured.js";
import { unshared } from "./unshared.js";

export interface FillValueContext {
  /** The array, for error messages ("array 'a/b'"). */
  readonly where: string;
  readonly zarrFormat: 2 | 3;
}

const INT_RANGES: Partial<Record<NumericDataTypeName, [bigint, bigint]>> = {
  int8: [-(2n ** 7n), 2n ** 7n - 1n],
  int16: [-(2n ** 15n), 2n ** 15n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  datetime64: [-(2n ** 63n), 2n ** 63n - 1n],
  timedelta64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint8: [0n, 2n ** 8n - 1n],
  uint16: [0n, 2n ** 16n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

const FLOAT_WIDTH: Partial<Record<NumericDataTypeName, 2 | 4 | 8>> = {
  float16: 2,
  float32: 4,
  float64: 8,
  complex64: 4,
  complex128: 8,
};

/** Decodes a metadata fill_value for `dataType`; throws MetadataError when invalid. */
export function parseFillValue(
  json: JsonValue | undefined,
  dataType: DataType,
  ctx: FillValueContext,
): FillValue {
  const result = decode(json, dataType, ctx);
  if (result === INVALID) {
    const shown = json === undefined ? "undefined" : stringifyJson(json);
    throw new MetadataError(
      `invalid fill_value ${shown} for data type "${dataType.name}" in ${ctx.where}`,
    );
  }
  return result;
}

const INVALID = Symbol("invalid");

function decode(
  json: JsonValue | undefined,
  dataType: DataType,
  ctx: FillValueContext,
): FillValue | typeof INVALID {
  if (json === undefined) return INVALID;
  if (json === null) return ctx.zarrFormat === 2 ? null : INVALID;
  const name = dataType.name;
  if (!isNumeric(name)) return decodeString(json, dataType, ctx);
  if (name === "bool") {
    if (typeof json === "boolean") return json ? 1 : 0;
    if (json === 0 || json === 1) return json;
    return decodeBase64Number(json, dataType, ctx);
  }
  if (isTemporal(name) && json === "NaT") return NAT;
  const range = INT_RANGES[name];
  if (range) {
    if ((typeof json === "number" && Number.isInteger(json)) || typeof json === "bigint") {
      const big = BigInt(json);
      if (big < range[0] || big > range[1]) return INVALID;
      return holdsBigInt(name) ? big : Number(big);
    }
    return decodeBase64Number(json, dataType, ctx);
  }
  const width = FLOAT_WIDTH[name];
  if (width === undefined) return INVALID;
  if (name === "complex64" || name === "complex128") {
    if (Array.isArray(json) && json.length === 2) {
      const re = decodeFloat(json[0], width);
      const im = decodeFloat(json[1], width);
      if (re === INVALID || im === INVALID) return INVALID;
      return [re, im] as const;
    }
    return decodeBase64Number(json, dataType, ctx);
  }
  const f = decodeFloat(json, width);
  if (f === INVALID) return decodeBase64Number(json, dataType, ctx);
  // a decimal such as 0.333 means the nearest float16, as np.float16(0.333) does
  return name === "float16" ? roundToFloat16(f) : f;
}

function decodeFloat(json: JsonValue, width: 2 | 4 | 8): number | typeof INVALID {
  if (typeof json === "number") return json;
  if (typeof json === "bigint") return Number(json);
  if (typeof json !== "string") return INVALID;
  if (json === "NaN") return Number.NaN;
  if (json === "Infinity") return Number.POSITIVE_INFINITY;
  if (json === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (/^0x[0-9a-fA-F]+$/.test(json) && json.length === 2 + 2 * width) {
    const bits = BigInt(json);
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, bits);
    if (width === 8) return view.getFloat64(0);
    if (width === 4) return view.getFloat32(4);
    return float16ToNumber(view.getUint16(6));
  }
  return INVALID;
}

/** zarr-python sometimes writes a v2 numeric fill value as base64 of its stored bytes. */
function decodeBase64Number(
  json: JsonValue,
  dataType: DataType,
  ctx: FillValueContext,
): FillValue | typeof INVALID {
  if (ctx.zarrFormat !== 2 || typeof json !== "string") return INVALID;
  const bytes = decodeBase64(json);
  if (!bytes || bytes.length !== dataType.itemSize) return INVALID;
  // numeric types only: readElement gives a number, a bigint or [re, im]
  return readElement(
    new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    0,
    dataType,
  ) as FillValue;
}

function decodeString(
  json: JsonValue,
  dataType: DataType,
  ctx: FillValueContext,
): FillValue | typeof INVALID {
  switch (dataType.name) {
    case "string":
    case "fixed_length_utf32":
      if (typeof json === "string") return json;
      // zarr-python 2 writes 0 as the fill value of object (string) arrays
      if (ctx.zarrFormat === 2 && json === 0) return "";
      return INVALID;
    case "null_terminated_bytes": {
      if (ctx.zarrFormat === 2 && json === 0) return "";
      if (typeof json !== "string") return INVALID;
      const bytes = decodeBase64(json);
      if (!bytes) return INVALID;
      let end = bytes.length;
      while (end > 0 && bytes[end - 1] === 0) end--;
      return new TextDecoder().decode(unshared(bytes.subarray(0, end)));
    }
    case "bytes": {
      if (ctx.zarrFormat === 2 && json === 0) return new Uint8Array(0);
      if (typeof json === "string") return decodeBase64(json) ?? INVALID;
      if (Array.isArray(json)) {
        const out = new Uint8Array(json.length);
        for (let i = 0; i < json.length; i++) {
          const b = json[i];
          if (typeof b !== "number" || !Number.isInteger(b) || b < 0 || b > 255) return INVALID;
          out[i] = b;
        }
        return out;
      }
      return INVALID;
    }
    case "raw_bits":
      return decodeRawBits(json, dataType.itemSize, ctx);
    case "structured":
      return (
        decodeStructuredFill(json, dataType, ctx, (raw) => {
          const bytes = decodeRawBits(raw, dataType.itemSize, ctx);
          return bytes === INVALID ? undefined : bytes;
        }) ?? INVALID
      );
    default:
      return INVALID;
  }
}

/**
 * v3: an array of itemSize byte values (the core spec; zarr-python 3's "raw_bytes"
 * writes base64, also read). v2: base64 as zarr-python writes it, or 0 for zeros.
 */
function decodeRawBits(
  json: JsonValue,
  itemSize: number,
  ctx: FillValueContext,
): Uint8Array | typeof INVALID {
  if (ctx.zarrFormat === 2 && json === 0) return new Uint8Array(itemSize);
  let bytes: Uint8Array | undefined;
  if (typeof json === "string") bytes = decodeBase64(json);
  else if (Array.isArray(json) && ctx.zarrFormat === 3) {
    bytes = new Uint8Array(json.length);
    for (let i = 0; i < json.length; i++) {
      const b = json[i];
      if (typeof b !== "number" || !Number.isInteger(b) || b < 0 || b > 255) return INVALID;
      bytes[i] = b;
    }
  }
  return bytes && bytes.length === itemSize ? bytes : INVALID;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard base64 to bytes, or undefined when the text is not base64. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!BASE64.test(text)) return undefined;
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary);
}

/**
 * The JSON encoding of a fill value (for writing metadata). Bigints outside the safe
 * range stay bigint: write the document with stringifyJson.
 */
export function encodeFillValue(
  value: FillValue,
  dataType: DataType,
  zarrFormat: 2 | 3 = 3,
): JsonValue {
  const name = dataType.name;
  if (value === null) {
    if (zarrFormat === 2) return null;
    throw new MetadataError(`a v3 array of data type "${name}" needs a fill value, not null`);
  }
  if (name === "bool") return value === 1;
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (value === Number.POSITIVE_INFINITY) return "Infinity";
    if (value === Number.NEGATIVE_INFINITY) return "-Infinity";
    return value;
  }
  if (typeof value === "string") {
    if (name === "null_terminated_bytes") return encodeBase64(new TextEncoder().encode(value));
    return value;
  }
  if (value instanceof Uint8Array) {
    return zarrFormat === 2 ? encodeBase64(value) : Array.from(value);
  }
  return [encodeFillValue(value[0], dataType), encodeFillValue(value[1], dataType)];
}

/** A fill value fit for writing into a chunk: null becomes the type's zero. */
export function fillElement(value: FillValue, dataType: DataType): FillValue {
  if (value !== null) return value;
  const name = dataType.name;
  if (holdsBigInt(name)) return 0n;
  if (name === "complex64" || name === "complex128") return [0, 0] as const;
  if (isNumeric(name)) return 0;
  if (name === "bytes") return new Uint8Array(0);
  if (holdsRecordBytes(name)) return new Uint8Array(dataType.itemSize);
  return "";
}
