/**
 * numpy structured dtypes as data types: their field lists (v2 `[["x", "<f4"], ["y",
 * "<i2", [2]]]`; v3 `struct` with `{name, data_type}` fields and zarr-python 3.0's
 * `structured` with `[name, type]` pairs, parsed in metadata-v3.ts), the packed record
 * layout, and fill values. Elements are records, one Uint8Array each, as stored;
 * structured-fields.ts views them as one array per field.
 */
import {
  componentsOf,
  type DataType,
  isNumeric,
  numericSize,
  type StructuredField,
} from "./data-type.js";
import { MetadataError } from "./errors.js";
import { parseFillValue } from "./fill-value.js";
import { isJsonObject, type JsonValue } from "./json.js";
import { show } from "./metadata-checks.js";
import { readElement, writeElement } from "./record-element.js";

/** Most fields one record (or one nested record) may have. */
export const MAX_STRUCTURED_FIELDS = 1024;
/** Largest record, in bytes (16 MiB): a fill record is allocated from metadata alone. */
export const MAX_RECORD_BYTES = 2 ** 24;
/** Deepest nesting of records in records. */
export const MAX_RECORD_NESTING = 16;

/** Refuses a field list too long to parse, before any field is looked at. */
export function checkFieldCount(count: number, where: string): void {
  if (count === 0 || count > MAX_STRUCTURED_FIELDS) {
    throw new MetadataError(
      `a structured dtype in ${where} needs 1 to ${MAX_STRUCTURED_FIELDS} fields, got ${count}`,
    );
  }
}

/** A structured DataType from its fields' names, types and subarray shapes, packed. */
export function structuredDataType(
  parts: readonly { name: string; dataType: DataType; shape: readonly number[] }[],
  where: string,
): DataType {
  checkFieldCount(parts.length, where);
  const names = new Set<string>();
  let offset = 0;
  const fields: StructuredField[] = [];
  for (const part of parts) {
    if (names.has(part.name)) {
      throw new MetadataError(`structured dtype in ${where} repeats field "${part.name}"`);
    }
    names.add(part.name);
    const dt = part.dataType;
    if (!canBeField(dt)) {
      throw new MetadataError(
        `field "${part.name}" of a structured dtype in ${where} has type ${dt.name}: fields must be numeric, fixed-size strings or bytes, or records (objects and variable-length types are not supported)`,
      );
    }
    if (nesting(dt) >= MAX_RECORD_NESTING) {
      throw new MetadataError(
        `structured dtype in ${where} nests records more than ${MAX_RECORD_NESTING} deep`,
      );
    }
    fields.push({ name: part.name, dataType: dt, shape: part.shape.slice(), offset });
    offset += dt.itemSize * count(part.shape);
    if (offset > MAX_RECORD_BYTES) {
      throw new MetadataError(
        `structured dtype in ${where} has records of more than ${MAX_RECORD_BYTES} bytes (field "${part.name}" ends at byte ${offset})`,
      );
    }
  }
  return { name: "structured", itemSize: offset, endian: "none", fields };
}

function canBeField(dt: DataType): boolean {
  if (dt.itemSize <= 0) return false;
  return (
    isNumeric(dt.name) ||
    dt.name === "fixed_length_utf32" ||
    dt.name === "null_terminated_bytes" ||
    dt.name === "raw_bits" ||
    dt.name === "structured"
  );
}

function nesting(dt: DataType): number {
  let depth = 0;
  for (const f of dt.fields ?? []) depth = Math.max(depth, 1 + nesting(f.dataType));
  return depth;
}

function count(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A subarray shape from JSON ([2], [2, 3]; numpy also allows a bare integer). */
export function fieldShape(json: JsonValue | undefined, where: string): number[] {
  if (json === undefined) return [];
  const list = typeof json === "number" ? [json] : json;
  if (
    !Array.isArray(list) ||
    list.length > 32 ||
    !list.every((n) => typeof n === "number" && Number.isSafeInteger(n) && n >= 0 && n <= 2 ** 20)
  ) {
    throw new MetadataError(`invalid subarray shape ${show(json)} in a dtype in ${where}`);
  }
  return list as number[];
}

/**
 * v3: the record type with every multi-byte field in `endian`, the bytes codec's order
 * (the struct spec: "All multi-byte fields MUST use the byte order specified by the
 * endian parameter"); records in memory are as stored, so their fields carry it.
 */
export function withRecordByteOrder(dt: DataType, endian: "little" | "big"): DataType {
  if (dt.fields) {
    const fields = dt.fields.map((f) => ({
      ...f,
      dataType: withRecordByteOrder(f.dataType, endian),
    }));
    return { ...dt, fields };
  }
  const multiByte = isNumeric(dt.name)
    ? numericSize(dt.name) / componentsOf(dt.name) > 1
    : dt.name === "fixed_length_utf32";
  return multiByte ? { ...dt, endian } : dt;
}

/**
 * A structured fill value: a {field: value} object (the struct spec; zarr-python 3.1
 * gives a missing field its type's default, zero), or the record's bytes (v2 base64 as
 * stored; v3 base64 or byte values in little-endian fields, as zarr-python 3 reads
 * them, moved to the stored order). Undefined when the JSON is neither.
 */
export function decodeStructuredFill(
  json: JsonValue,
  dataType: DataType,
  ctx: { where: string; zarrFormat: 2 | 3 },
  rawBytes: (json: JsonValue) => Uint8Array | undefined,
): Uint8Array | undefined {
  if (!isJsonObject(json)) {
    const bytes = rawBytes(json);
    if (!bytes || ctx.zarrFormat === 2) return bytes;
    return convertRecord(bytes, withRecordByteOrder(dataType, "little"), dataType);
  }
  const record = new Uint8Array(dataType.itemSize);
  const view = new DataView(record.buffer);
  for (const field of dataType.fields ?? []) {
    const value = json[field.name];
    if (value === undefined) continue;
    const dt = field.dataType;
    const per = count(field.shape);
    const list = field.shape.length > 0 && Array.isArray(value) ? value : undefined;
    if (list && list.length !== per) {
      throw new MetadataError(
        `fill_value of field "${field.name}" in ${ctx.where} needs ${per} values, got ${list.length}`,
      );
    }
    for (let k = 0; k < per; k++) {
      const item = list ? list[k] : value;
      const fill =
        dt.name === "structured"
          ? (decodeStructuredFill(item, dt, ctx, () => undefined) ?? invalid(item, field, ctx))
          : parseFillValue(item, dt, ctx);
      writeElement(view, field.offset + k * dt.itemSize, dt, fill);
    }
  }
  return record;
}

function invalid(json: JsonValue, field: StructuredField, ctx: { where: string }): never {
  throw new MetadataError(
    `invalid fill_value ${show(json)} for record field "${field.name}" in ${ctx.where}`,
  );
}

/** The record `bytes` of type `from` rewritten as type `to` (same fields, other orders). */
function convertRecord(bytes: Uint8Array, from: DataType, to: DataType): Uint8Array {
  const out = new Uint8Array(to.itemSize);
  const src = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dst = new DataView(out.buffer);
  (from.fields ?? []).forEach((f, i) => {
    const g = (to.fields ?? [])[i];
    for (let k = 0; k < count(f.shape); k++) {
      const at = f.offset + k * f.dataType.itemSize;
      const value = readElement(src, at, f.dataType);
      writeElement(
        dst,
        at,
        g.dataType,
        value instanceof Uint8Array && f.dataType.fields
          ? convertRecord(value, f.dataType, g.dataType)
          : value,
      );
    }
  });
  return out;
}
