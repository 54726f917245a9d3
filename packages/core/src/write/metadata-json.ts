/**
 * Metadata documents as zarr-python writes them: v2 with 4-space indent and sorted
 * keys, v3 with 2-space indent in the given key order; both ASCII-only (Python's
 * ensure_ascii), integers beyond 2^53 exact (bigint), and float fill values in
 * Python's float repr ("0.0", "1e-05").
 */
import type { JsonValue } from "../json.js";

const RAW_MARK = "\u0000zarrkit-raw:";
const RAW_PATTERN = /"\\u0000zarrkit-raw:([^"]*)"/g;

export interface MetadataJsonOptions {
  /** Spaces per level (zarr-python: 4 for v2, 2 for v3). */
  indent: number;
  /** Sort object keys at every level (zarr-python v2's sort_keys=True). */
  sortKeys: boolean;
}

/** A metadata document as UTF-8 bytes. */
export function encodeMetadata(doc: JsonValue, options: MetadataJsonOptions): Uint8Array {
  return new TextEncoder().encode(stringifyMetadata(doc, options));
}

export function stringifyMetadata(doc: JsonValue, options: MetadataJsonOptions): string {
  const prepared = prepare(doc, options.sortKeys);
  const text = JSON.stringify(prepared, null, options.indent).replace(RAW_PATTERN, "$1");
  return asciiOnly(text);
}

/** A copy with bigints and float fill values as raw-text markers, keys sorted if asked. */
function prepare(value: JsonValue, sortKeys: boolean): unknown {
  if (typeof value === "bigint") return `${RAW_MARK}${value}`;
  if (Array.isArray(value)) return value.map((v) => prepare(v, sortKeys));
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value);
  if (sortKeys) keys.sort();
  const floatFill = hasFloatFill(value);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const v = value[key];
    const prepared = key === "fill_value" && floatFill ? floatFillText(v) : prepare(v, sortKeys);
    Object.defineProperty(out, key, {
      value: prepared,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** True for an array document whose data type is a float or complex one. */
function hasFloatFill(doc: { [key: string]: JsonValue }): boolean {
  if (!("fill_value" in doc)) return false;
  const v2 = doc.dtype;
  if (typeof v2 === "string") return /^[<>|=]?[fc]\d+$/.test(v2);
  const v3 = doc.data_type;
  return typeof v3 === "string" && /^(float|complex)\d+$/.test(v3);
}

function floatFillText(value: JsonValue): unknown {
  if (typeof value === "number") return `${RAW_MARK}${pythonFloatRepr(value)}`;
  if (Array.isArray(value)) return value.map(floatFillText);
  return value;
}

/** Python's repr() of a finite float: "1.0", "0.1", "1e-05", "1e+16". */
export function pythonFloatRepr(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e16 || abs < 1e-4)) {
    // JS and Python agree on the shortest digits; Python pads the exponent to 2 digits
    return x.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  }
  const text = Object.is(x, -0) ? "-0" : String(x);
  return Number.isInteger(x) ? `${text}.0` : text;
}

/** Escapes every character outside printable ASCII as \uXXXX, as Python does. */
function asciiOnly(text: string): string {
  return text.replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
