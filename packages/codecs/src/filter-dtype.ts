/**
 * What numcodecs' array filters share: their "dtype"/"astype" settings, the chunk's
 * in-memory array for a dtype, and the spec of their encoded side.
 */
import {
  type Chunk,
  type ChunkSpec,
  componentsOf,
  type DataType,
  type FillValue,
  type NumericDataTypeName,
  numericSize,
  type TypedArray,
  typedArrayConstructor,
} from "@zarrkit/core";
import type { CodecConfig } from "./codec-config.js";
import { product } from "./shape.js";
import { parseV2Dtype } from "./v2-dtype.js";

export interface NumericDtype {
  name: NumericDataTypeName;
  endian: "little" | "big" | "none";
}

/** A numeric dtype setting ("<i2", "float32", ...); `fallback` when the key is absent. */
export function numericDtype(
  config: CodecConfig,
  key: string,
  fallback?: NumericDtype,
  allowed?: (name: NumericDataTypeName) => boolean,
): NumericDtype {
  if (!config.has(key) && fallback) return fallback;
  const text = config.string(key);
  const parsed = parseV2Dtype(text);
  if (parsed?.kind !== "numeric" || (allowed && !allowed(parsed.name))) {
    throw config.error(`configuration "${key}" has unsupported dtype "${text}"`);
  }
  return { name: parsed.name, endian: parsed.endian };
}

/** Real numeric types (not bool, not complex): what numcodecs' arithmetic filters take. */
export function isRealNumeric(name: NumericDataTypeName): boolean {
  return name !== "bool" && name !== "complex64" && name !== "complex128";
}

/** The "dtype" setting and "astype" (defaulting to dtype), both limited to `allowed`. */
export function dtypeAndAstype(
  config: CodecConfig,
  allowed: (name: NumericDataTypeName) => boolean,
): { dtype: NumericDtype; astype: NumericDtype } {
  const dtype = numericDtype(config, "dtype", undefined, allowed);
  const astype = numericDtype(config, "astype", dtype, allowed);
  return { dtype, astype };
}

/** The chunk's data as the in-memory array of `name`, or a CodecError. */
export function typedData(
  config: CodecConfig,
  chunk: Chunk,
  name: NumericDataTypeName,
): TypedArray {
  const data = chunk.data;
  const ctor = typedArrayConstructor(name);
  const expected = product(chunk.shape) * componentsOf(name);
  if (!(data instanceof ctor) || data.length !== expected) {
    const what = Array.isArray(data) ? "an array" : `a ${data.constructor.name}`;
    throw config.error(
      `expected ${expected} values of ${name} (${ctor.name}) for shape [${chunk.shape}], got ${what} of length ${data.length}`,
    );
  }
  return data;
}

/** Zero of a type, as a fill value. */
function zeroOf(name: NumericDataTypeName): FillValue {
  if (name === "int64" || name === "uint64") return 0n;
  if (name === "complex64" || name === "complex128") return [0, 0];
  return 0;
}

/**
 * The encoded side's spec. v2 stores what numcodecs outputs, in the byte order of
 * `astype`; a v3 chunk (a multi-byte type without a byte order) leaves it to the bytes
 * codec, as zarr-python 3 does.
 */
export function encodedSpecOf(
  decoded: ChunkSpec,
  astype: NumericDtype,
  shape = decoded.shape,
): ChunkSpec {
  const same = decoded.dataType.name === astype.name;
  const v3 = decoded.dataType.endian === "none" && decoded.dataType.itemSize > 1;
  const endian = v3 ? "none" : astype.endian;
  const dataType: DataType = { name: astype.name, itemSize: numericSize(astype.name), endian };
  return { shape, dataType, fillValue: same ? decoded.fillValue : zeroOf(astype.name) };
}

/** numpy.around on a float: round half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
