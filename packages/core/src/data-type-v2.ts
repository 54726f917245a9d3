/**
 * v2 dtype strings ("<f4", ">i8", "|b1", "|S7", "<U13", "|O", "<M8[ns]", ">m8[10s]",
 * "|V4") as DataType. Object dtypes ("|O") take their type from the object codec among
 * the filters.
 */
import { type DataType, type NumericDataTypeName, TIME_UNITS, type TimeUnit } from "./data-type.js";
import { MetadataError } from "./errors.js";
import type { JsonValue } from "./json.js";
import { show } from "./metadata-checks.js";
import { checkFieldCount, fieldShape, structuredDataType } from "./structured.js";

const NUMERIC: Record<string, NumericDataTypeName> = {
  b1: "bool",
  i1: "int8",
  i2: "int16",
  i4: "int32",
  i8: "int64",
  u1: "uint8",
  u2: "uint16",
  u4: "uint32",
  u8: "uint64",
  f2: "float16",
  f4: "float32",
  f8: "float64",
  c8: "complex64",
  c16: "complex128",
};

/** The numeric type a v2 kind-and-size code names ("f4" -> "float32"), if any. */
export function numericNameOfV2Code(code: string): NumericDataTypeName | undefined {
  return Object.hasOwn(NUMERIC, code) ? NUMERIC[code] : undefined;
}

/** Object codecs (numcodecs ids) and the data type each gives a "|O" array. */
export const OBJECT_CODECS: Record<string, "string" | "bytes"> = {
  "vlen-utf8": "string",
  "vlen-bytes": "bytes",
  // JSON values; read as strings-ish values by the json2 codec
  json2: "string",
  // strings as integer labels: an array -> array filter, so the bytes codec still follows
  categorize: "string",
};

/** Object codecs that map the object array to another array, not to bytes. */
export const ARRAY_OBJECT_CODECS: ReadonlySet<string> = new Set(["categorize"]);

export function parseV2DataType(
  dtype: JsonValue | undefined,
  objectCodecId: string | undefined,
  where: string,
): DataType {
  if (Array.isArray(dtype)) return parseV2Structured(dtype, where);
  if (typeof dtype === "string" && /^[<>|=]?[Mm]8(\[|$)/.test(dtype)) {
    return parseV2Temporal(dtype, where);
  }
  const match = typeof dtype === "string" ? /^([<>|=])([a-zA-Z])(\d*)$/.exec(dtype) : null;
  if (!match) throw new MetadataError(`invalid dtype ${show(dtype)} in ${where}`);
  const [, order, kind, digits] = match;
  const endian = order === ">" ? "big" : order === "|" ? "none" : "little";
  if (kind === "O") {
    if (objectCodecId === undefined) {
      throw new MetadataError(
        `object dtype "|O" in ${where} needs an object codec filter (${Object.keys(OBJECT_CODECS).join(", ")})`,
      );
    }
    const name = OBJECT_CODECS[objectCodecId];
    if (!name) {
      throw new MetadataError(
        `unsupported object codec "${objectCodecId}" in ${where} (supported: ${Object.keys(OBJECT_CODECS).join(", ")})`,
      );
    }
    return { name, itemSize: 0, endian: "none" };
  }
  const count = Number(digits);
  if (kind === "S" || kind === "U") {
    if (digits === "") throw new MetadataError(`dtype "${dtype}" in ${where} needs a length`);
    if (kind === "S") return { name: "null_terminated_bytes", itemSize: count, endian: "none" };
    return {
      name: "fixed_length_utf32",
      itemSize: count * 4,
      endian: endian === "none" ? "little" : endian,
    };
  }
  if (kind === "V") {
    if (!(count > 0))
      throw new MetadataError(`dtype "${dtype}" in ${where} needs a size of 1 or more`);
    return { name: "raw_bits", itemSize: count, endian: "none" };
  }
  const name = numericNameOfV2Code(`${kind}${digits}`);
  if (!name) throw new MetadataError(`unsupported dtype "${dtype}" in ${where}`);
  if (count === 1) return { name, itemSize: 1, endian: "none" };
  if (endian === "none") {
    throw new MetadataError(`dtype "${dtype}" in ${where} needs a byte order ("<" or ">")`);
  }
  return { name, itemSize: count, endian };
}

/** numpy's list form: [[name, dtype], [name, dtype, shape], ...], packed in order. */
function parseV2Structured(list: JsonValue[], where: string): DataType {
  checkFieldCount(list.length, where);
  const parts = list.map((entry) => {
    if (
      !Array.isArray(entry) ||
      entry.length < 2 ||
      entry.length > 3 ||
      typeof entry[0] !== "string"
    ) {
      throw new MetadataError(
        `invalid field ${show(entry)} of a structured dtype in ${where}: expected [name, dtype] or [name, dtype, shape]`,
      );
    }
    const dataType = parseV2DataType(entry[1], undefined, where);
    return { name: entry[0], dataType, shape: fieldShape(entry[2], where) };
  });
  return structuredDataType(parts, where);
}

const TEMPORAL = /^([<>|=]?)([Mm])8(?:\[(\d*)([A-Za-zμ]+)\])?$/;

/** numpy's "<M8[ns]", ">m8[10s]", "<M8" (generic unit): datetime64 / timedelta64. */
function parseV2Temporal(dtype: string, where: string): DataType {
  const match = TEMPORAL.exec(dtype);
  const unit = match ? timeUnit(match[4] ?? "generic") : undefined;
  const scale = match?.[3] ? Number(match[3]) : 1;
  if (!match || unit === undefined || !validScaleFactor(scale)) {
    throw new MetadataError(
      `invalid dtype "${dtype}" in ${where} (datetime units: ${TIME_UNITS.join(", ")}, with an optional multiple such as "<M8[10s]")`,
    );
  }
  const order = match[1];
  if (order === "|") {
    throw new MetadataError(`dtype "${dtype}" in ${where} needs a byte order ("<" or ">")`);
  }
  return {
    name: match[2] === "M" ? "datetime64" : "timedelta64",
    itemSize: 8,
    endian: order === ">" ? "big" : "little",
    unit,
    scaleFactor: scale,
  };
}

/** A unit name as numpy spells it ("μs" is "us"), or undefined. */
export function timeUnit(text: string): TimeUnit | undefined {
  const unit = text === "μs" ? "us" : text;
  return (TIME_UNITS as readonly string[]).includes(unit) ? (unit as TimeUnit) : undefined;
}

/** numpy's datetime multiples: integers in [1, 2^31 - 1]. */
export function validScaleFactor(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 2 ** 31 - 1;
}

/** The v2 dtype string of a datetime64/timedelta64 type ("<M8[ns]", ">m8[10s]"). */
export function v2TemporalDtype(dt: DataType, endian: "little" | "big"): string {
  const kind = dt.name === "datetime64" ? "M" : "m";
  const unit = dt.unit ?? "generic";
  const scale = dt.scaleFactor ?? 1;
  const order = endian === "big" ? ">" : "<";
  if (unit === "generic") return `${order}${kind}8`;
  return `${order}${kind}8[${scale === 1 ? "" : scale}${unit}]`;
}
