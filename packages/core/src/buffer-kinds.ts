/**
 * What kind of memory a buffer is: shared between threads, or detached (its bytes
 * transferred to another thread, leaving it empty). Stores, codecs and the worker
 * pool all need to tell.
 */

/** True for a SharedArrayBuffer (false where the runtime has none). */
export function isSharedArrayBuffer(value: unknown): value is SharedArrayBuffer {
  return typeof SharedArrayBuffer === "function" && value instanceof SharedArrayBuffer;
}

/** Whether `buffer` was transferred away (ArrayBuffer.prototype.detached, or by probing). */
export function isDetached(buffer: ArrayBufferLike): boolean {
  if (buffer.byteLength > 0 || !(buffer instanceof ArrayBuffer)) return false;
  const flag = (buffer as { detached?: boolean }).detached;
  if (typeof flag === "boolean") return flag;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}
