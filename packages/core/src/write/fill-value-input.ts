/**
 * A user's fill value (FillValueInput) checked against the data type and encoded as
 * the metadata's `fill_value` JSON (encodeFillValue; int64 beyond 2^53 stays exact).
 */
import {
  type DataType,
  holdsBigInt,
  holdsRecordBytes,
  isNumeric,
  isTemporal,
  NAT,
} from "../data-type.js";
import { MetadataError } from "../errors.js";
import { encodeFillValue, parseFillValue } from "../fill-value.js";
import type { FillValue } from "../fill-value-type.js";
import type { JsonObject, JsonValue } from "../json.js";
import { readElement, writeElement } from "../record-element.js";
import type { FillValueInput, StructuredFillInput } from "./create-options.js";

const FLOAT_WORDS: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  "-Infinity": Number.NEGATIVE_INFINITY,
};

/** The default fill of a type: 0, false, "", empty bytes, or zero bytes for raw bits. */
export function defaultFillValue(dt: DataType): FillValue {
  const name = dt.name;
  if (holdsBigInt(name)) return 0n;
  if (name === "complex64" || name === "complex128") return [0, 0];
  if (isNumeric(name)) return 0;
  if (name === "bytes") return new Uint8Array(0);
  if (holdsRecordBytes(name)) return new Uint8Array(dt.itemSize);
  return "";
}

/** The `fill_value` JSON for `input` (undefined: the type's default). */
export function fillValueJson(
  input: FillValueInput | undefined,
  dt: DataType,
  zarrFormat: 2 | 3,
  where: string,
): JsonValue {
  const value =
    input === undefined ? defaultFillValue(dt) : toFillValue(input, dt, zarrFormat, where);
  // a v3 struct's fill value is {field: value} (zarr-extensions struct spec)
  const json =
    zarrFormat === 3 && dt.fields && value instanceof Uint8Array
      ? structFillJson(value, dt)
      : encodeFillValue(value, dt, zarrFormat);
  // round trip through the parser: range and type checks in one place
  parseFillValue(json, dt, { where, zarrFormat });
  return json;
}

function toFillValue(
  input: FillValueInput,
  dt: DataType,
  zarrFormat: 2 | 3,
  where: string,
): FillValue {
  const name = dt.name;
  const bad = (): never => {
    throw new MetadataError(
      `fill value ${show(input)} does not fit data type "${name}" of ${where}`,
    );
  };
  if (input === null) {
    if (zarrFormat === 2) return null;
    throw new MetadataError(`a v3 array (${where}) needs a fill value, not null`);
  }
  if (!isNumeric(name)) {
    if (name === "bytes") return input instanceof Uint8Array ? input : bad();
    if (holdsRecordBytes(name)) {
      if (input instanceof Uint8Array) return input.length === dt.itemSize ? input : bad();
      return name === "structured" && isFieldMap(input) ? recordFill(input, dt, where) : bad();
    }
    if (name === "null_terminated_bytes" && input instanceof Uint8Array) return input;
    return typeof input === "string" ? input : bad();
  }
  if (typeof input === "object" && !Array.isArray(input)) return bad();
  if (isTemporal(name) && input === "NaT") return NAT;
  if (name === "bool") {
    if (typeof input === "boolean") return input ? 1 : 0;
    return input === 0 || input === 1 ? input : bad();
  }
  const number = (v: unknown): number => {
    if (typeof v === "number") return v;
    if (typeof v === "string" && v in FLOAT_WORDS) return FLOAT_WORDS[v];
    if (typeof v === "bigint") return Number(v);
    return bad();
  };
  if (name === "complex64" || name === "complex128") {
    if (Array.isArray(input) && input.length === 2) return [number(input[0]), number(input[1])];
    return [number(input), 0];
  }
  if (name.startsWith("float")) return number(input);
  // integers (datetime64/timedelta64: int64 counts)
  if (typeof input === "bigint") return holdsBigInt(name) ? input : Number(input);
  if (typeof input !== "number" || !Number.isInteger(input)) return bad();
  if (holdsBigInt(name)) {
    if (!Number.isSafeInteger(input)) {
      throw new MetadataError(
        `fill value ${input} for ${where} is beyond 2^53 and may be rounded: give it as a bigint`,
      );
    }
    return BigInt(input);
  }
  return input;
}

function isFieldMap(input: unknown): input is StructuredFillInput {
  return typeof input === "object" && input !== null && !Array.isArray(input);
}

/** A record from {field: value}: each value checked as a fill value of its field's type. */
function recordFill(input: StructuredFillInput, dt: DataType, where: string): Uint8Array {
  const fields = dt.fields ?? [];
  for (const key of Object.keys(input)) {
    if (!fields.some((f) => f.name === key)) {
      throw new MetadataError(`fill value names field "${key}", which ${where} does not have`);
    }
  }
  const record = new Uint8Array(dt.itemSize);
  const view = new DataView(record.buffer);
  for (const f of fields) {
    const value = input[f.name];
    if (value === undefined) continue;
    const per = f.shape.reduce((a, b) => a * b, 1);
    const items = f.shape.length === 0 ? [value] : Array.isArray(value) ? value : [];
    if (items.length !== per) {
      throw new MetadataError(
        `fill value of subarray field "${f.name}" of ${where} needs a list of ${per} values`,
      );
    }
    const at = `field "${f.name}" of ${where}`;
    items.forEach((item: FillValueInput, k: number) => {
      const fill = toFillValue(item, f.dataType, 2, at);
      // range checks of the field's type, as for any fill value
      if (isNumeric(f.dataType.name)) {
        parseFillValue(encodeFillValue(fill, f.dataType), f.dataType, { where: at, zarrFormat: 3 });
      }
      writeElement(view, f.offset + k * f.dataType.itemSize, f.dataType, fill);
    });
  }
  return record;
}

/** {field: value} of a record (fields in their own byte orders), for v3 metadata. */
function structFillJson(record: Uint8Array, dt: DataType): JsonObject {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const out: JsonObject = {};
  for (const f of dt.fields ?? []) {
    const value = readElement(view, f.offset, f.dataType);
    out[f.name] =
      f.dataType.fields && value instanceof Uint8Array
        ? structFillJson(value, f.dataType)
        : encodeFillValue(value, f.dataType, 3);
  }
  return out;
}

/**
 * The one byte order a v3 struct's multi-byte fields share (the bytes codec's `endian`);
 * little when no field has more than one byte.
 */
export function recordEndian(dt: DataType): "little" | "big" {
  const orders = new Set<string>();
  const visit = (t: DataType) => {
    for (const f of t.fields ?? []) {
      if (f.dataType.fields) visit(f.dataType);
      else if (f.dataType.endian !== "none") orders.add(f.dataType.endian);
    }
  };
  visit(dt);
  if (orders.size > 1) {
    throw new MetadataError(
      `a v3 struct stores every field in the bytes codec's one byte order: give all multi-byte fields "<" or all ">" (or write a v2 array)`,
    );
  }
  return orders.has("big") ? "big" : "little";
}

function show(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Uint8Array) return `bytes [${value.join(", ")}]`;
  if (Array.isArray(value)) return `[${value.join(", ")}]`;
  if (typeof value === "object" && value !== null) return `{${Object.keys(value).join(", ")}}`;
  return String(value);
}
