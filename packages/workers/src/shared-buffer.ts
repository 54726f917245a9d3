/**
 * SharedArrayBuffer output: a worker can decode straight into memory the caller
 * sees, with nothing copied or transferred. Browsers only allow it on
 * cross-origin-isolated pages (COOP + COEP headers); Node always allows it.
 * The pool passes shared buffers through untouched (they are never transferred).
 */
export { isSharedArrayBuffer } from "@zarrkit/core";

/** True when SharedArrayBuffer exists and may be posted to workers. */
export function sharedMemoryAvailable(): boolean {
  if (typeof SharedArrayBuffer !== "function") return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  // Browsers define crossOriginIsolated; Node (and other runtimes without it) need no isolation.
  return isolated ?? true;
}

/**
 * Allocates `byteLength` zeroed bytes, in a SharedArrayBuffer when `shared` is
 * requested (the default) and available, else in an ArrayBuffer.
 */
export function allocateBuffer(
  byteLength: number,
  options: { shared?: boolean } = {},
): ArrayBuffer | SharedArrayBuffer {
  if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
    throw new RangeError(`buffer byteLength must be a non-negative integer, got ${byteLength}`);
  }
  if ((options.shared ?? true) && sharedMemoryAvailable()) return new SharedArrayBuffer(byteLength);
  return new ArrayBuffer(byteLength);
}
