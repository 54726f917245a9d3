/**
 * Chunk bytes from a store, made safe to hand to a decoder that moves bytes to its
 * workers: transferring a buffer detaches it, so bytes a store may still hold (a Map of
 * chunks handing out its own arrays) go as a copy, and a second read still finds them.
 */
import type { ChunkCodecJob, ChunkDecoder } from "./chunk-decoder.js";
import type { ReadableStore } from "./store.js";

/**
 * `bytes` itself when the store's reads are fresh (ReadableStore.freshReads), the
 * decoder keeps bytes on this thread, or a transfer would not take the buffer (a view
 * into a larger buffer is copied when sent; shared memory is shared); else a copy.
 */
export function bytesForDecoder(
  store: ReadableStore,
  decoder: ChunkDecoder,
  job: Omit<ChunkCodecJob, "where">,
  bytes: Uint8Array,
): Uint8Array {
  if (store.freshReads === true || decoder.movesBytes?.(job) !== true) return bytes;
  const buffer = bytes.buffer;
  const whole = bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength;
  return whole && buffer instanceof ArrayBuffer ? bytes.slice() : bytes;
}
