/**
 * What `set` accepts as a value, checked against the selection and the data type and
 * turned into the in-memory layout of a read (ChunkData, or one fill element):
 * a scalar (broadcast to the whole selection), or an array of the selection's shape
 * ({ data, shape } like what `get` returns, a TypedArray, or a plain array, flat in C order).
 * datetime64/timedelta64 take int64 counts (bigint or integer numbers) or "NaT"; raw bits
 * take one Uint8Array of itemSize bytes per element.
 */
import {
  type ChunkData,
  componentsOf,
  type DataType,
  holdsRecordBytes,
  isNumeric,
  isTemporal,
  NAT,
  type TypedArray,
  typedArrayConstructor,
} from "../data-type.js";
import { SelectionError } from "../errors.js";
import type { FillElement } from "../indexing/copy.js";

export type WriteScalar =
  | number
  | bigint
  | boolean
  | string
  | Uint8Array
  | readonly [number, number];

/** An n-dimensional array: flat C-order data (complex interleaved) and its shape. */
export interface NdArrayLike {
  readonly data: ArrayLike<unknown>;
  readonly shape: readonly number[];
}

export type WriteValue =
  | WriteScalar
  | NdArrayLike
  | TypedArray
  | readonly number[]
  | readonly bigint[]
  /** datetime64/timedelta64: counts, with "NaT" where there is no time */
  | readonly (bigint | number | "NaT")[]
  | readonly boolean[]
  | readonly string[]
  | readonly Uint8Array[];

export type PreparedValue =
  | { readonly kind: "scalar"; readonly value: FillElement }
  | { readonly kind: "array"; readonly data: ChunkData };

/** The shape a value must have: the selection's shape (or the same with 1s kept). */
export interface ValueShape {
  readonly shape: readonly number[];
  readonly fullShape: readonly number[];
  readonly size: number;
}

const INT_LIMITS: Record<string, readonly [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
  uint16: [0, 65535],
  uint32: [0, 4294967295],
};
const BIG_LIMITS: Record<string, readonly [bigint, bigint]> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  datetime64: [-(2n ** 63n), 2n ** 63n - 1n],
  timedelta64: [-(2n ** 63n), 2n ** 63n - 1n],
};

function isNdArrayLike(value: unknown): value is NdArrayLike {
  return (
    typeof value === "object" &&
    value !== null &&
    !ArrayBuffer.isView(value) &&
    !Array.isArray(value) &&
    "data" in value &&
    "shape" in value
  );
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

export function prepareValue(
  value: WriteValue,
  dt: DataType,
  target: ValueShape,
  where: string,
): PreparedValue {
  const name = dt.name;
  if (
    typeof value === "number" ||
    typeof value === "bigint" ||
    typeof value === "boolean" ||
    typeof value === "string" ||
    (value instanceof Uint8Array && (name === "bytes" || holdsRecordBytes(name))) ||
    ((name === "complex64" || name === "complex128") &&
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "number" &&
      typeof value[1] === "number")
  ) {
    return { kind: "scalar", value: prepareScalar(value as WriteScalar, dt, where) };
  }
  let data: ArrayLike<unknown>;
  if (isNdArrayLike(value)) {
    if (!sameShape(value.shape, target.shape) && !sameShape(value.shape, target.fullShape)) {
      throw new SelectionError(
        `value of shape [${value.shape}] does not match the selection's shape [${target.shape}] of ${where}`,
      );
    }
    data = value.data;
  } else if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    data = value as ArrayLike<unknown>;
  } else {
    throw new SelectionError(
      `cannot write ${describe(value)} to ${where}: give a scalar, a TypedArray, an array, or { data, shape }`,
    );
  }
  const slots = target.size * componentsOf(name);
  if (data.length !== slots) {
    const per = componentsOf(name) === 2 ? " (complex values as interleaved [re, im] pairs)" : "";
    throw new SelectionError(
      `value has ${data.length} elements but the selection [${target.shape}] of ${where} needs ${slots}${per}`,
    );
  }
  return { kind: "array", data: convertData(data, dt, where) };
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return (value as object).constructor?.name ?? "an object";
  return typeof value;
}

function prepareScalar(value: WriteScalar, dt: DataType, where: string): FillElement {
  const name = dt.name;
  const bad = (): never => {
    throw new SelectionError(
      `cannot write ${describeScalar(value)} to ${where} of data type "${name}"`,
    );
  };
  if (!isNumeric(name)) {
    if (name === "bytes") return value instanceof Uint8Array ? value : bad();
    if (holdsRecordBytes(name)) {
      return value instanceof Uint8Array && value.length === dt.itemSize ? value : bad();
    }
    return typeof value === "string" ? value : bad();
  }
  if (isTemporal(name) && value === "NaT") return NAT;
  if (name === "bool") {
    if (typeof value === "boolean") return value ? 1 : 0;
    if (typeof value === "number") return value ? 1 : 0;
    return bad();
  }
  if (name === "complex64" || name === "complex128") {
    if (typeof value === "number") return [value, 0];
    if (Array.isArray(value)) return [value[0], value[1]];
    return bad();
  }
  if (typeof value === "boolean") return convertNumber(value ? 1 : 0, name, 0, where);
  if (typeof value === "number" || typeof value === "bigint") {
    return convertNumber(value, name, 0, where) as number | bigint;
  }
  return bad();
}

function describeScalar(value: unknown): string {
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Uint8Array) return "bytes";
  if (Array.isArray(value)) return `[${value.join(", ")}]`;
  return String(value);
}

/** One number for an integer, float or 64-bit type (range- and integer-checked). */
function convertNumber(v: unknown, name: string, i: number, where: string): number | bigint {
  const fail = (why: string): never => {
    throw new SelectionError(
      `value[${i}] = ${describeScalar(v)} ${why} (data type "${name}" of ${where})`,
    );
  };
  if (typeof v === "boolean") v = v ? 1 : 0;
  const big = BIG_LIMITS[name];
  if (big) {
    let b: bigint;
    if (v === "NaT" && (name === "datetime64" || name === "timedelta64")) b = NAT;
    else if (typeof v === "bigint") b = v;
    else if (typeof v === "number" && Number.isInteger(v)) b = BigInt(v);
    else return fail("is not an integer");
    if (b < big[0] || b > big[1]) fail("is out of range");
    return b;
  }
  let n: number;
  if (typeof v === "number") n = v;
  else if (typeof v === "bigint") n = Number(v);
  else return fail("is not a number");
  const limits = INT_LIMITS[name];
  if (limits) {
    if (!Number.isInteger(n)) fail("is not an integer");
    if (n < limits[0] || n > limits[1]) fail("is out of range");
  }
  return n;
}

/** `data` in the in-memory type of `dt`, converted (and checked) when it is not already. */
function convertData(data: ArrayLike<unknown>, dt: DataType, where: string): ChunkData {
  const name = dt.name;
  const n = data.length;
  if (!isNumeric(name)) {
    const raw = holdsRecordBytes(name);
    const want = raw
      ? `Uint8Array of ${dt.itemSize} bytes`
      : name === "bytes"
        ? "Uint8Array"
        : "string";
    for (let i = 0; i < n; i++) {
      const v = data[i];
      const ok = raw
        ? v instanceof Uint8Array && v.length === dt.itemSize
        : name === "bytes"
          ? v instanceof Uint8Array
          : typeof v === "string";
      if (!ok) {
        throw new SelectionError(
          `value[${i}] is ${describeScalar(v)}, not a ${want} (data type "${name}" of ${where})`,
        );
      }
    }
    return Array.isArray(data)
      ? (data as string[] | Uint8Array[])
      : Array.from(data as ArrayLike<string>);
  }
  const ctor = typedArrayConstructor(name);
  if (data instanceof ctor) return data as TypedArray;
  const out = new ctor(n);
  const isBig = out instanceof BigInt64Array || out instanceof BigUint64Array;
  // typed arrays convert as numpy's astype does (wrapping); plain arrays are checked
  if (ArrayBuffer.isView(data)) {
    const srcBig = data instanceof BigInt64Array || data instanceof BigUint64Array;
    if (isBig === srcBig) {
      (out as { set(a: ArrayLike<unknown>): void }).set(data);
      return out;
    }
    const dst = out as unknown as { [i: number]: unknown };
    if (isBig) {
      for (let i = 0; i < n; i++) dst[i] = BigInt(Math.trunc(data[i] as number));
    } else {
      for (let i = 0; i < n; i++) dst[i] = Number(data[i] as bigint);
    }
    return out;
  }
  const dst = out as unknown as { [i: number]: unknown };
  if (name === "bool") {
    for (let i = 0; i < n; i++) dst[i] = data[i] ? 1 : 0;
  } else {
    for (let i = 0; i < n; i++) dst[i] = convertNumber(data[i], name, i, where);
  }
  return out;
}
