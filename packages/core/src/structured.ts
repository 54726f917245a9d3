/**
 * numpy structured dtypes: their field lists (v2 `[["x", "<f4"], ["y", "<i2", [2]]]`, v3
 * zarr-python 3.0 `structured` with `[name, type]` pairs and 3.1 `struct` with
 * `{name, data_type}`), and the record layout. Elements are records (one Uint8Array each,
 * as stored); `structuredFields` gives one typed array per field, `packStructured`
 * builds records from them.
 */
import {
  allocate,
  type ChunkData,
  componentsOf,
  type DataType,
  isNumeric,
  type StructuredField,
} from "./data-type.js";
import { MetadataError } from "./errors.js";
import { parseFillValue } from "./fill-value.js";
import type { FillValue } from "./fill-value-type.js";
import { float16ToNumber, halfBitsOf } from "./float16.js";
import { isJsonObject, type JsonValue } from "./json.js";
import { show } from "./metadata-checks.js";

/** One field of a structured result: values of every element, field shape last. */
export interface StructuredFieldData {
  /** The field's in-memory array (as `get` gives for its type), in C order. */
  readonly data: ChunkData;
  /** [...the selection's shape, ...the field's subarray shape]. */
  readonly shape: number[];
  readonly field: StructuredField;
}

const MAX_FIELDS = 1024;

/** A structured DataType from its fields' names, types and subarray shapes, packed. */
export function structuredDataType(
  parts: readonly { name: string; dataType: DataType; shape: readonly number[] }[],
  where: string,
): DataType {
  if (parts.length === 0 || parts.length > MAX_FIELDS) {
    throw new MetadataError(`a structured dtype in ${where} needs 1 to ${MAX_FIELDS} fields`);
  }
  const names = new Set<string>();
  let offset = 0;
  const fields: StructuredField[] = [];
  for (const part of parts) {
    if (names.has(part.name)) {
      throw new MetadataError(`structured dtype in ${where} repeats field "${part.name}"`);
    }
    names.add(part.name);
    const dt = part.dataType;
    const fixedString = dt.name === "fixed_length_utf32" || dt.name === "null_terminated_bytes";
    if (!(isNumeric(dt.name) || fixedString) || dt.itemSize <= 0) {
      throw new MetadataError(
        `field "${part.name}" of a structured dtype in ${where} has type ${dt.name}: fields must be numeric or fixed-size strings (nested records and objects are not supported)`,
      );
    }
    fields.push({ name: part.name, dataType: dt, shape: part.shape.slice(), offset });
    offset += dt.itemSize * count(part.shape);
    if (offset > 2 ** 31) throw new MetadataError(`structured dtype in ${where} is too large`);
  }
  return { name: "structured", itemSize: offset, endian: "none", fields };
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

/** A v3 `struct` fill value given as {field: value}: the record bytes; else undefined. */
export function decodeStructuredFill(
  json: JsonValue,
  dataType: DataType,
  ctx: { where: string; zarrFormat: 2 | 3 },
): Uint8Array | undefined {
  if (!isJsonObject(json)) return undefined;
  const record = new Uint8Array(dataType.itemSize);
  const view = new DataView(record.buffer);
  for (const field of dataType.fields ?? []) {
    const value = json[field.name];
    if (value === undefined) continue; // zarr-python: a missing field is the type's default
    const fill = parseFillValue(value, field.dataType, ctx);
    for (let k = 0; k < count(field.shape); k++) {
      writeElement(view, field.offset + k * field.dataType.itemSize, field.dataType, fill);
    }
  }
  return record;
}

/**
 * The records of a structured result as one array per field: `result.data` of a
 * structured array (one Uint8Array record per element) and its `dataType`.
 */
export function structuredFields(
  records: readonly Uint8Array[],
  dataType: DataType,
  shape: readonly number[] = [records.length],
): Record<string, StructuredFieldData> {
  const fields = dataType.fields;
  if (dataType.name !== "structured" || !fields) {
    throw new TypeError(`structuredFields needs a structured data type, got ${dataType.name}`);
  }
  const out: Record<string, StructuredFieldData> = {};
  for (const field of fields) {
    const per = count(field.shape);
    const values = allocate(field.dataType.name, records.length * per, field.dataType.itemSize);
    for (let i = 0; i < records.length; i++) {
      const rec = records[i];
      const view = new DataView(rec.buffer, rec.byteOffset, rec.byteLength);
      for (let k = 0; k < per; k++) {
        const at = field.offset + k * field.dataType.itemSize;
        setSlot(values, i * per + k, readElement(view, at, field.dataType));
      }
    }
    out[field.name] = { data: values, shape: [...shape, ...field.shape], field };
  }
  return out;
}

/**
 * Records for `count` elements from one array per field (as `structuredFields` gives
 * them, or plain arrays of numbers/bigints/strings); a missing field is zeros.
 */
export function packStructured(
  values: Readonly<Record<string, ArrayLike<unknown>>>,
  dataType: DataType,
  count_: number,
): Uint8Array[] {
  const fields = dataType.fields;
  if (dataType.name !== "structured" || !fields) {
    throw new TypeError(`packStructured needs a structured data type, got ${dataType.name}`);
  }
  const records = new Array<Uint8Array>(count_);
  for (let i = 0; i < count_; i++) records[i] = new Uint8Array(dataType.itemSize);
  for (const field of fields) {
    const source = values[field.name];
    if (source === undefined) continue;
    const per = count(field.shape);
    const comps = componentsOf(field.dataType.name);
    if (source.length !== count_ * per * comps) {
      throw new RangeError(
        `field "${field.name}" needs ${count_ * per * comps} values, got ${source.length}`,
      );
    }
    for (let i = 0; i < count_; i++) {
      const view = new DataView(records[i].buffer);
      for (let k = 0; k < per; k++) {
        const j = i * per + k;
        const v =
          comps === 2
            ? ([source[2 * j], source[2 * j + 1]] as [number, number])
            : (source[j] as FillValue);
        writeElement(view, field.offset + k * field.dataType.itemSize, field.dataType, v);
      }
    }
  }
  return records;
}

type Element = number | bigint | string | readonly [number, number];

function setSlot(values: ChunkData, i: number, v: Element): void {
  if (Array.isArray(values)) {
    (values as string[])[i] = v as string;
  } else if (typeof v === "object") {
    values[2 * i] = v[0];
    values[2 * i + 1] = v[1];
  } else {
    (values as Float64Array)[i] = v as number;
  }
}

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

function readElement(view: DataView, at: number, dt: DataType): Element {
  const le = dt.endian !== "big";
  switch (dt.name) {
    case "bool":
      return view.getUint8(at) !== 0 ? 1 : 0;
    case "uint8":
      return view.getUint8(at);
    case "int8":
      return view.getInt8(at);
    case "int16":
      return view.getInt16(at, le);
    case "uint16":
      return view.getUint16(at, le);
    case "int32":
      return view.getInt32(at, le);
    case "uint32":
      return view.getUint32(at, le);
    case "int64":
    case "datetime64":
    case "timedelta64":
      return view.getBigInt64(at, le);
    case "uint64":
      return view.getBigUint64(at, le);
    case "float16":
      return float16ToNumber(view.getUint16(at, le));
    case "float32":
      return view.getFloat32(at, le);
    case "float64":
      return view.getFloat64(at, le);
    case "complex64":
      return [view.getFloat32(at, le), view.getFloat32(at + 4, le)];
    case "complex128":
      return [view.getFloat64(at, le), view.getFloat64(at + 8, le)];
    case "null_terminated_bytes": {
      let end = at + dt.itemSize;
      while (end > at && view.getUint8(end - 1) === 0) end--;
      return utf8.decode(
        new Uint8Array(view.buffer.slice(view.byteOffset + at, view.byteOffset + end)),
      );
    }
    case "fixed_length_utf32": {
      let s = "";
      for (let k = 0; k < dt.itemSize; k += 4) {
        const cp = view.getUint32(at + k, le);
        if (cp === 0) break;
        s += String.fromCodePoint(Math.min(cp, 0x10ffff));
      }
      return s;
    }
    default:
      throw new TypeError(`a structured field cannot hold ${dt.name}`);
  }
}

function writeElement(view: DataView, at: number, dt: DataType, value: FillValue): void {
  const le = dt.endian !== "big";
  if (value === null) return;
  if (dt.name === "complex64" || dt.name === "complex128") {
    const [re, im] = Array.isArray(value) ? value : [Number(value), 0];
    if (dt.name === "complex64") {
      view.setFloat32(at, re, le);
      view.setFloat32(at + 4, im, le);
    } else {
      view.setFloat64(at, re, le);
      view.setFloat64(at + 8, im, le);
    }
    return;
  }
  if (dt.name === "null_terminated_bytes") {
    const bytes = value instanceof Uint8Array ? value : utf8Encoder.encode(String(value));
    new Uint8Array(view.buffer, view.byteOffset + at, dt.itemSize).set(
      bytes.subarray(0, dt.itemSize),
    );
    return;
  }
  if (dt.name === "fixed_length_utf32") {
    let k = 0;
    for (const ch of String(value)) {
      if (k >= dt.itemSize) break;
      view.setUint32(at + k, ch.codePointAt(0) ?? 0, le);
      k += 4;
    }
    return;
  }
  const n = typeof value === "bigint" ? value : Number(value);
  switch (dt.name) {
    case "bool":
      view.setUint8(at, n ? 1 : 0);
      return;
    case "uint8":
      view.setUint8(at, Number(n));
      return;
    case "int8":
      view.setInt8(at, Number(n));
      return;
    case "int16":
      view.setInt16(at, Number(n), le);
      return;
    case "uint16":
      view.setUint16(at, Number(n), le);
      return;
    case "int32":
      view.setInt32(at, Number(n), le);
      return;
    case "uint32":
      view.setUint32(at, Number(n), le);
      return;
    case "int64":
    case "datetime64":
    case "timedelta64":
      view.setBigInt64(at, BigInt(n), le);
      return;
    case "uint64":
      view.setBigUint64(at, BigInt(n), le);
      return;
    case "float16":
      view.setUint16(at, halfBitsOf(Number(n)), le);
      return;
    case "float32":
      view.setFloat32(at, Number(n), le);
      return;
    case "float64":
      view.setFloat64(at, Number(n), le);
      return;
    default:
      throw new TypeError(`a structured field cannot hold ${dt.name}`);
  }
}
