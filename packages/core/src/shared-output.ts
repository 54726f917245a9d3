/**
 * Read outputs in shared memory: with a SharedArrayBuffer output, a worker decoder
 * copies each chunk's box into the result itself (decodeInto), so the calling thread
 * assembles nothing. Browsers allow it on cross-origin-isolated pages; Node always.
 */

import { isSharedArrayBuffer } from "./buffer-kinds.js";
import type { DataTypeName } from "./data-type.js";
import {
  type ChunkData,
  componentsOf,
  isNumeric,
  type TypedArray,
  typedArrayConstructor,
} from "./data-type.js";

/** True when SharedArrayBuffer exists and may be posted to workers. */
export function sharedOutputAvailable(): boolean {
  if (typeof SharedArrayBuffer !== "function") return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated ?? true;
}

/** True for a typed array whose buffer is a SharedArrayBuffer. */
export function isSharedData(data: ChunkData): data is TypedArray {
  return ArrayBuffer.isView(data) && isSharedArrayBuffer(data.buffer);
}

/** A zeroed output in shared memory, or undefined for non-numeric types or no SAB. */
export function allocateShared(name: DataTypeName, count: number): TypedArray | undefined {
  if (!isNumeric(name) || !sharedOutputAvailable()) return undefined;
  const ctor = typedArrayConstructor(name) as unknown as new (
    buffer: ArrayBufferLike,
  ) => TypedArray;
  const bytes =
    count *
    componentsOf(name) *
    (ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  return new ctor(new SharedArrayBuffer(bytes));
}
