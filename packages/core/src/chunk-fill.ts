/**
 * Chunks made of, or tested against, the fill value: what a missing chunk reads as,
 * and whether an encoded chunk may be skipped because it holds nothing else.
 */
import { allocate, type ChunkData, type DataType } from "./data-type.js";
import type { FillValue } from "./fill-value-type.js";
import type { FillElement } from "./indexing/copy.js";

/** True when a fill element is the zero a fresh allocation already holds. */
export function isZeroFill(fill: FillElement): boolean {
  if (typeof fill === "number") return Object.is(fill, 0);
  if (typeof fill === "bigint") return fill === 0n;
  if (typeof fill === "string") return fill === "";
  if (fill instanceof Uint8Array) return fill.length === 0;
  if (typeof fill === "boolean") return !fill;
  return fill.every((v: number | bigint) => Object.is(v, 0) || v === 0n);
}

/** `count` elements of a data type, all equal to `fill` (non-null). */
export function filledData(dataType: DataType, count: number, fill: FillValue): ChunkData {
  const data = allocate(dataType.name, count, dataType.itemSize);
  if (fill === null || isZeroFill(fill)) return data;
  if (Array.isArray(data)) {
    (data as unknown[]).fill(fill);
  } else if (typeof fill === "object" && !(fill instanceof Uint8Array)) {
    const pair = data as Float32Array | Float64Array;
    for (let i = 0; i < pair.length; i += 2) {
      pair[i] = fill[0];
      pair[i + 1] = fill[1];
    }
  } else {
    (data as { fill(value: unknown): unknown }).fill(fill);
  }
  return data;
}

/**
 * True when every element of `data` equals `fill` (NaN equals NaN, as zarr-python
 * treats a NaN fill). `fill` is a fill element: null already replaced by the zero.
 */
export function isAllFill(data: ChunkData, fill: FillValue): boolean {
  if (fill === null) return false;
  const n = data.length;
  if (typeof fill === "string") {
    const strings = data as string[];
    for (let i = 0; i < n; i++) if (strings[i] !== fill) return false;
    return true;
  }
  if (fill instanceof Uint8Array) {
    if (!Array.isArray(data)) return false;
    for (let i = 0; i < n; i++) if (!equalBytes(data[i] as Uint8Array, fill)) return false;
    return true;
  }
  if (typeof fill === "bigint") {
    const big = data as BigInt64Array | BigUint64Array;
    for (let i = 0; i < n; i++) if (big[i] !== fill) return false;
    return true;
  }
  const nums = data as Exclude<ChunkData, BigInt64Array | BigUint64Array | string[] | Uint8Array[]>;
  if (typeof fill === "number") return allEqual(nums, fill, 0, 1);
  return allEqual(nums, fill[0], 0, 2) && allEqual(nums, fill[1], 1, 2);
}

function allEqual(data: ArrayLike<number>, value: number, start: number, step: number): boolean {
  const n = data.length;
  if (Number.isNaN(value)) {
    for (let i = start; i < n; i += step) if (!Number.isNaN(data[i])) return false;
    return true;
  }
  // float32 storage: compare with the value as stored (0.1 is not exactly a float32)
  const stored = data instanceof Float32Array ? Math.fround(value) : value;
  for (let i = start; i < n; i += step) if (data[i] !== stored) return false;
  return true;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
