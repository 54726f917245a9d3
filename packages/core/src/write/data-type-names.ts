/**
 * A data type as the user names it ("int32", "datetime64[ns]", "r32", or a v2 dtype
 * string like ">f8", "<U10", "<M8[ms]", "|V4") resolved to a DataType, and written back
 * in v2 and v3 form.
 */
import {
  type DataType,
  dataTypeFromName,
  isNumeric,
  isPlainV3DataTypeName,
  isTemporal,
  numericSize,
} from "../data-type.js";
import { parseV2DataType, v2TemporalDtype } from "../data-type-v2.js";
import { MetadataError } from "../errors.js";
import type { JsonValue } from "../json.js";
import type { StructuredDtype } from "./create-options.js";

/**
 * The data type `dtype` names; a v2 "|O" means variable-length UTF-8 strings, a list is
 * a structured dtype (numpy's `descr`).
 */
export function resolveDataType(dtype: string | StructuredDtype, where: string): DataType {
  if (typeof dtype !== "string") {
    if (!Array.isArray(dtype)) {
      throw new MetadataError(`dtype for ${where} must be a string or a structured dtype list`);
    }
    return parseV2DataType(dtype as JsonValue, undefined, where);
  }
  if (isPlainV3DataTypeName(dtype)) {
    if (!isNumeric(dtype) || numericSize(dtype) === 1) return dataTypeFromName(dtype, 0);
    return { name: dtype, itemSize: numericSize(dtype), endian: "little" };
  }
  if (dtype === "fixed_length_utf32" || dtype === "null_terminated_bytes") {
    throw new MetadataError(
      `data type "${dtype}" for ${where} needs a length: give it as a v2 dtype ("<U10" or "|S10")`,
    );
  }
  if (dtype === "datetime64" || dtype === "timedelta64") {
    throw new MetadataError(
      `data type "${dtype}" for ${where} needs a unit, as numpy writes it: "${dtype}[ns]", "${dtype}[10s]" (or "<${dtype === "datetime64" ? "M" : "m"}8[ns]")`,
    );
  }
  if (dtype === "raw_bits") {
    throw new MetadataError(
      `data type "raw_bits" for ${where} needs a size: "r32" (bits) or "|V4" (bytes)`,
    );
  }
  const bits = /^r([1-9]\d*)$/.exec(dtype);
  if (bits && Number(bits[1]) % 8 === 0) {
    return { name: "raw_bits", itemSize: Number(bits[1]) / 8, endian: "none" };
  }
  // numpy's names: "datetime64[ns]" is "<M8[ns]"
  const numpy = /^(datetime|timedelta)64(\[.*\])$/.exec(dtype);
  const v2 = numpy ? `<${numpy[1] === "datetime" ? "M" : "m"}8${numpy[2]}` : dtype;
  try {
    return parseV2DataType(v2, v2.endsWith("O") ? "vlen-utf8" : undefined, where);
  } catch (error) {
    throw new MetadataError(
      `unknown dtype "${dtype}" for ${where}: use a v3 name (int32, float64, string, datetime64[ns], r32, ...) or a v2 dtype string ("<f4", ">i8", "<U10", "|S4", "<M8[ns]", "|V4")`,
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

/**
 * The v2 `dtype` ("<i4", "|b1", "|O", "<U10", "|S4", "<M8[ns]", "|V4"; a structured
 * type as numpy's descr list, `[["x", "<f4"], ["y", "<i2", [2]]]`, as zarr-python writes).
 */
export function v2DtypeJson(dt: DataType): JsonValue {
  const name = dt.name;
  if (dt.fields) {
    return dt.fields.map((f) => {
      const field: JsonValue[] = [f.name, v2DtypeJson(f.dataType)];
      if (f.shape.length > 0) field.push([...f.shape]);
      return field;
    });
  }
  if (name === "string" || name === "bytes") return "|O";
  if (name === "fixed_length_utf32") return `${dt.endian === "big" ? ">" : "<"}U${dt.itemSize / 4}`;
  if (name === "null_terminated_bytes") return `|S${dt.itemSize}`;
  if (name === "raw_bits") return `|V${dt.itemSize}`;
  if (isTemporal(name)) return v2TemporalDtype(dt, dt.endian === "big" ? "big" : "little");
  if (!isNumeric(name)) throw new MetadataError(`writing data type "${name}" is not supported`);
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

/** The v3 `data_type` field (raw bits as the core spec's "r{bits}"). */
export function v3DataTypeJson(dt: DataType): JsonValue {
  if (dt.name === "fixed_length_utf32" || dt.name === "null_terminated_bytes") {
    return { name: dt.name, configuration: { length_bytes: dt.itemSize } };
  }
  if (dt.name === "raw_bits") return `r${dt.itemSize * 8}`;
  if (dt.fields) {
    // zarr-extensions' struct: {name, data_type} fields, packed; no subarrays in v3
    const fields = dt.fields.map((f) => {
      if (f.shape.length > 0) {
        throw new MetadataError(
          `field "${f.name}" is a subarray [${f.shape}]: a v3 struct has no subarray fields (write a v2 array, or one field per element)`,
        );
      }
      return { name: f.name, data_type: v3DataTypeJson(f.dataType) };
    });
    return { name: "struct", configuration: { fields } };
  }
  if (isTemporal(dt.name)) {
    return {
      name: `numpy.${dt.name}`,
      configuration: { unit: dt.unit ?? "generic", scale_factor: dt.scaleFactor ?? 1 },
    };
  }
  return dt.name;
}
