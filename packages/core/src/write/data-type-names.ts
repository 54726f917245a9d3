/**
 * A data type as the user names it ("int32", or a v2 dtype string like ">f8" or "<U10")
 * resolved to a DataType, and written back in v2 and v3 form.
 */
import {
  type DataType,
  dataTypeFromName,
  isNumeric,
  isPlainV3DataTypeName,
  numericSize,
} from "../data-type.js";
import { parseV2DataType } from "../data-type-v2.js";
import { MetadataError } from "../errors.js";
import type { JsonValue } from "../json.js";

/** The data type `dtype` names; a v2 "|O" means variable-length UTF-8 strings. */
export function resolveDataType(dtype: string, where: string): DataType {
  if (isPlainV3DataTypeName(dtype)) {
    if (!isNumeric(dtype) || numericSize(dtype) === 1) return dataTypeFromName(dtype, 0);
    return { name: dtype, itemSize: numericSize(dtype), endian: "little" };
  }
  if (dtype === "fixed_length_utf32" || dtype === "null_terminated_bytes") {
    throw new MetadataError(
      `data type "${dtype}" for ${where} needs a length: give it as a v2 dtype ("<U10" or "|S10")`,
    );
  }
  try {
    return parseV2DataType(dtype, dtype.endsWith("O") ? "vlen-utf8" : undefined, where);
  } catch (error) {
    throw new MetadataError(
      `unknown dtype "${dtype}" for ${where}: use a v3 name (int32, float64, string, ...) or a v2 dtype string ("<f4", ">i8", "<U10", "|S4")`,
      { cause: error },
    );
  }
}

const V2_KIND: Record<string, string> = {
  bool: "b",
  int8: "i",
  int16: "i",
  int32: "i",
  int64: "i",
  uint8: "u",
  uint16: "u",
  uint32: "u",
  uint64: "u",
  float16: "f",
  float32: "f",
  float64: "f",
  complex64: "c",
  complex128: "c",
};

/** The v2 dtype string ("<i4", "|b1", "|O", "<U10", "|S4"). */
export function v2DtypeString(dt: DataType): string {
  const name = dt.name;
  if (name === "string" || name === "bytes") return "|O";
  if (name === "fixed_length_utf32") return `${dt.endian === "big" ? ">" : "<"}U${dt.itemSize / 4}`;
  if (name === "null_terminated_bytes") return `|S${dt.itemSize}`;
  const size = numericSize(name);
  if (size === 1) return `|${V2_KIND[name]}1`;
  return `${dt.endian === "big" ? ">" : "<"}${V2_KIND[name]}${size}`;
}

/** The v2 object codec a "|O" array needs, if any. */
export function v2ObjectCodec(dt: DataType): string | undefined {
  if (dt.name === "string") return "vlen-utf8";
  if (dt.name === "bytes") return "vlen-bytes";
  return undefined;
}

/** The v3 `data_type` field. */
export function v3DataTypeJson(dt: DataType): JsonValue {
  if (dt.name === "fixed_length_utf32" || dt.name === "null_terminated_bytes") {
    return { name: dt.name, configuration: { length_bytes: dt.itemSize } };
  }
  return dt.name;
}
