/**
 * Data types, named as in Zarr v3. v2 dtype strings ("<f4", "|S7", "<U13", "|O",
 * "<M8[ns]", "|V4") are parsed into the same descriptions by data-type-v2.ts.
 */

/**
 * numpy's datetime64 / timedelta64 (v3 extensions `numpy.datetime64`/`numpy.timedelta64`,
 * v2 "<M8[unit]"/"<m8[unit]"): int64 counts of DataType.unit x scaleFactor since the
 * epoch (datetime64) or of duration (timedelta64). -2^63 is NaT. In memory: BigInt64Array.
 */
export type TemporalDataTypeName = "datetime64" | "timedelta64";

/** "Numeric": held in a TypedArray, one or two slots per element. */
export type NumericDataTypeName =
  | "bool"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "uint64"
  | "float16"
  | "float32"
  | "float64"
  | "complex64"
  | "complex128"
  | TemporalDataTypeName;

/**
 * "string": variable-length UTF-8 (v3 `string`, v2 `|O` + vlen-utf8);
 * "bytes": variable-length bytes (v3 `bytes`, v2 `|O` + vlen-bytes);
 * "fixed_length_utf32": v2 `<U{n}`/`>U{n}`; "null_terminated_bytes": v2 `|S{n}`.
 */
export type StringDataTypeName =
  | "string"
  | "bytes"
  | "fixed_length_utf32"
  | "null_terminated_bytes";

/**
 * Opaque fixed-size elements of DataType.itemSize bytes (v3 core `r{8*itemSize}`, v2
 * "|V{itemSize}"). In memory: one Uint8Array of itemSize bytes per element, as "bytes"
 * holds its elements, so reads, writes and fills share that path.
 */
export type RawDataTypeName = "raw_bits";

/**
 * numpy structured dtypes (v2 `[["x", "<f4"], ["y", "<i2", [2]]]`, v3 `structured` /
 * `struct`): records of DataType.fields. In memory: one Uint8Array of itemSize bytes per
 * element, the record as stored (each field at its offset, in its own byte order), as
 * raw_bits holds its elements; `structuredFields` (structured-fields.ts) views them as one typed
 * array per field and `packStructured` builds records from such arrays.
 */
export type StructuredDataTypeName = "structured";

export type DataTypeName =
  | NumericDataTypeName
  | StringDataTypeName
  | RawDataTypeName
  | StructuredDataTypeName;

/**
 * One field of a structured type: a numeric, fixed-size string or raw-bits type, or a
 * record (nested structured type), maybe a subarray.
 */
export interface StructuredField {
  readonly name: string;
  /** The field's type; its `endian` is the byte order of the field in a stored record. */
  readonly dataType: DataType;
  /** numpy's subarray shape (`["y", "<i2", [2]]`): [] for a scalar field. */
  readonly shape: readonly number[];
  /** Byte offset of the field in a record (fields are packed, in order). */
  readonly offset: number;
}

/** Types held as one Uint8Array of itemSize bytes per element: raw_bits and structured. */
export function holdsRecordBytes(name: DataTypeName): name is RawDataTypeName | "structured" {
  return name === "raw_bits" || name === "structured";
}

/** numpy's datetime units ("generic": no unit, as numpy's bare "M8"). */
export const TIME_UNITS = [
  "Y",
  "M",
  "W",
  "D",
  "h",
  "m",
  "s",
  "ms",
  "us",
  "ns",
  "ps",
  "fs",
  "as",
  "generic",
] as const;

export type TimeUnit = (typeof TIME_UNITS)[number];

export interface DataType {
  readonly name: DataTypeName;
  /** Bytes per element in the stored (encoded) form; 0 for variable-length types. */
  readonly itemSize: number;
  /** Byte order of the stored form, for v2 dtypes; v3 gets it from the bytes codec. */
  readonly endian: "little" | "big" | "none";
  /** datetime64/timedelta64 only: what one count means, `scaleFactor` x `unit`. */
  readonly unit?: TimeUnit;
  /** datetime64/timedelta64 only: the multiple of `unit` per count (numpy's "M8[10s]": 10). */
  readonly scaleFactor?: number;
  /** structured only: the fields, in record order. */
  readonly fields?: readonly StructuredField[];
}

/** NaT ("not a time"), the int64 count datetime64/timedelta64 reserve for missing values. */
export const NAT = -(2n ** 63n);

export function isTemporal(name: DataTypeName): name is TemporalDataTypeName {
  return name === "datetime64" || name === "timedelta64";
}

/** Whether elements are bigint in memory (int64, uint64, datetime64, timedelta64). */
export function holdsBigInt(name: DataTypeName): boolean {
  return name === "int64" || name === "uint64" || isTemporal(name);
}

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** What a chunk or a selection holds in memory, per data type. */
export type DataFor<N extends DataTypeName> = N extends "bool" | "uint8"
  ? Uint8Array
  : N extends "int8"
    ? Int8Array
    : N extends "int16"
      ? Int16Array
      : N extends "uint16"
        ? Uint16Array
        : N extends "int32"
          ? Int32Array
          : N extends "uint32"
            ? Uint32Array
            : N extends "int64" | TemporalDataTypeName
              ? BigInt64Array
              : N extends "uint64"
                ? BigUint64Array
                : N extends "float16" | "float32" | "complex64"
                  ? Float32Array
                  : N extends "float64" | "complex128"
                    ? Float64Array
                    : N extends "bytes" | RawDataTypeName | StructuredDataTypeName
                      ? Uint8Array[]
                      : string[];

/** The in-memory array of any chunk: a TypedArray, strings, or byte strings (raw_bits too). */
export type ChunkData = TypedArray | string[] | Uint8Array[];

/**
 * In-memory layout: bool as 0/1 bytes, float16 widened to Float32Array (every float16
 * is exact in float32), complex as interleaved [re, im] pairs (2 components).
 */
const NUMERIC: Record<
  NumericDataTypeName,
  { size: number; components: 1 | 2; ctor: TypedArrayConstructor }
> = {
  bool: { size: 1, components: 1, ctor: Uint8Array },
  int8: { size: 1, components: 1, ctor: Int8Array },
  uint8: { size: 1, components: 1, ctor: Uint8Array },
  int16: { size: 2, components: 1, ctor: Int16Array },
  uint16: { size: 2, components: 1, ctor: Uint16Array },
  int32: { size: 4, components: 1, ctor: Int32Array },
  uint32: { size: 4, components: 1, ctor: Uint32Array },
  int64: { size: 8, components: 1, ctor: BigInt64Array },
  uint64: { size: 8, components: 1, ctor: BigUint64Array },
  float16: { size: 2, components: 1, ctor: Float32Array },
  float32: { size: 4, components: 1, ctor: Float32Array },
  float64: { size: 8, components: 1, ctor: Float64Array },
  complex64: { size: 8, components: 2, ctor: Float32Array },
  complex128: { size: 16, components: 2, ctor: Float64Array },
  datetime64: { size: 8, components: 1, ctor: BigInt64Array },
  timedelta64: { size: 8, components: 1, ctor: BigInt64Array },
};

export type TypedArrayConstructor =
  | Int8ArrayConstructor
  | Uint8ArrayConstructor
  | Int16ArrayConstructor
  | Uint16ArrayConstructor
  | Int32ArrayConstructor
  | Uint32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigInt64ArrayConstructor
  | BigUint64ArrayConstructor;

export function isNumeric(name: DataTypeName): name is NumericDataTypeName {
  return name in NUMERIC;
}

/** Stored size in bytes of one element of a numeric type. */
export function numericSize(name: NumericDataTypeName): number {
  return NUMERIC[name].size;
}

/** Typed-array slots per element: 2 for complex types, else 1. */
export function componentsOf(name: DataTypeName): 1 | 2 {
  return isNumeric(name) ? NUMERIC[name].components : 1;
}

/** The TypedArray constructor that holds a numeric type in memory. */
export function typedArrayConstructor(name: NumericDataTypeName): TypedArrayConstructor {
  return NUMERIC[name].ctor;
}

/** The numeric and string types v3 names without configuration. */
export type PlainV3DataTypeName =
  | Exclude<NumericDataTypeName, TemporalDataTypeName>
  | "string"
  | "bytes";

const PLAIN_V3_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(NUMERIC).filter((n) => !isTemporal(n as DataTypeName)),
  "string",
  "bytes",
]);

/** Whether `name` is a v3 data type needing no configuration (numeric, "string", "bytes"). */
export function isPlainV3DataTypeName(name: string): name is PlainV3DataTypeName {
  return PLAIN_V3_NAMES.has(name);
}

/**
 * A data type by name: numeric types, "string", "bytes"; `itemSize` for the fixed-size
 * byte and string types; datetime64/timedelta64 get numpy's "generic" unit.
 */
export function dataTypeFromName(name: DataTypeName, itemSize?: number): DataType {
  if (isTemporal(name))
    return { name, itemSize: 8, endian: "none", unit: "generic", scaleFactor: 1 };
  if (isNumeric(name)) return { name, itemSize: NUMERIC[name].size, endian: "none" };
  return { name, itemSize: itemSize ?? 0, endian: "none" };
}

/**
 * A new zero-filled in-memory array for `count` elements. raw_bits elements are one
 * shared zero Uint8Array of `itemSize` bytes (elements of byte types are read-only).
 */
export function allocate(name: DataTypeName, count: number, itemSize = 0): ChunkData {
  if (isNumeric(name)) {
    const ctor = NUMERIC[name].ctor;
    return new ctor(count * NUMERIC[name].components);
  }
  if (name === "bytes") return new Array<Uint8Array>(count).fill(new Uint8Array(0));
  if (holdsRecordBytes(name)) return new Array<Uint8Array>(count).fill(new Uint8Array(itemSize));
  return new Array<string>(count).fill("");
}
