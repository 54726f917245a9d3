/**
 * v2 dtype strings ("<f4", ">i8", "|b1", "|S7", "<U13", "|O") as DataType. Object
 * dtypes ("|O") take their type from the object codec among the filters.
 */
import type { DataType, NumericDataTypeName } from "./data-type.js";
import { MetadataError } from "./errors.js";
import type { JsonValue } from "./json.js";
import { show } from "./metadata-checks.js";

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
};

export function parseV2DataType(
  dtype: JsonValue | undefined,
  objectCodecId: string | undefined,
  where: string,
): DataType {
  if (Array.isArray(dtype)) {
    throw new MetadataError(`structured dtype ${show(dtype)} in ${where} is not supported`);
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
  const name = numericNameOfV2Code(`${kind}${digits}`);
  if (!name) throw new MetadataError(`unsupported dtype "${dtype}" in ${where}`);
  if (count === 1) return { name, itemSize: 1, endian: "none" };
  if (endian === "none") {
    throw new MetadataError(`dtype "${dtype}" in ${where} needs a byte order ("<" or ">")`);
  }
  return { name, itemSize: count, endian };
}
