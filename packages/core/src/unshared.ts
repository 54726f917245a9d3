import { isSharedArrayBuffer } from "./buffer-kinds.js";

/**
 * `bytes`, or a copy in ordinary memory when they live in a SharedArrayBuffer: browsers'
 * TextDecoder (and some other web APIs) refuse shared views, and stores may hold
 * values in shared memory on cross-origin-isolated pages.
 */
export function unshared(bytes: Uint8Array): Uint8Array {
  return isSharedArrayBuffer(bytes.buffer) ? bytes.slice() : bytes;
}
