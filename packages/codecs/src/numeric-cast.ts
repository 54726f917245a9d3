/**
 * numpy's astype between numeric types, on in-memory arrays: floats truncate toward
 * zero into integers, integers wrap, anything non-zero is true, float16 rounds to half.
 */
import {
  componentsOf,
  type NumericDataTypeName,
  type TypedArray,
  typedArrayConstructor,
} from "@zarrkit/core";
import { roundToFloat16 } from "./float16.js";

const BIGINT = new Set<NumericDataTypeName>(["int64", "uint64"]);
const COMPLEX = new Set<NumericDataTypeName>(["complex64", "complex128"]);

export function isBigIntType(name: NumericDataTypeName): boolean {
  return BIGINT.has(name);
}

export function isFloatType(name: NumericDataTypeName): boolean {
  return name === "float16" || name === "float32" || name === "float64";
}

/** A new array of type `to` holding `src` (of type `from`) converted element by element. */
export function castNumeric(
  src: TypedArray,
  from: NumericDataTypeName,
  to: NumericDataTypeName,
): TypedArray {
  const n = src.length / componentsOf(from);
  const out = new (typedArrayConstructor(to))(n * componentsOf(to));
  if (COMPLEX.has(from) !== COMPLEX.has(to)) {
    throw new RangeError(`cannot convert ${from} to ${to}`);
  }
  if (to === "bool") {
    const o = out as Uint8Array;
    if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
      for (let i = 0; i < n; i++) o[i] = src[i] !== 0n ? 1 : 0;
    } else {
      for (let i = 0; i < n; i++) o[i] = src[i] !== 0 ? 1 : 0;
    }
    return out;
  }
  if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
    if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
      out.set(src);
    } else {
      for (let i = 0; i < n; i++) {
        const v = src[i];
        out[i] = Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n;
      }
    }
    return out;
  }
  if (to === "float16") {
    // one rounding from the source value, not via float32
    for (let i = 0; i < n; i++) out[i] = roundToFloat16(Number(src[i]));
    return out;
  }
  if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
    if (isFloatType(to)) {
      for (let i = 0; i < n; i++) out[i] = Number(src[i]);
    } else {
      // keep the low 32 bits, the typed array wraps them to its width
      for (let i = 0; i < n; i++) out[i] = Number(src[i] & 0xffffffffn);
    }
  } else {
    // TypedArray.set converts as numpy does: truncation toward zero, modular wrap
    out.set(src);
  }
  return out;
}
