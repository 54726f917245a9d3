/**
 * Decoding into a caller's buffer: the WebAssembly codecs can write their output
 * straight into an existing Uint8Array (e.g. the chunk's place in a preallocated array,
 * or a reused per-worker buffer) instead of returning a fresh one, which saves an
 * allocation and its first-touch page faults on every chunk.
 */
import type { BytesToBytesCodec, ChunkSpec } from "@zarrkit/core";

export interface DecodesInto {
  /**
   * Decodes `bytes` into `out`, failing (CorruptChunkError) rather than write more than
   * `out.length` bytes; resolves to the view of `out` holding the decoded bytes (`out`
   * itself when they fill it). `bytes` is read before `out` is written.
   */
  decodeInto(bytes: Uint8Array, spec: ChunkSpec, out: Uint8Array): Promise<Uint8Array>;
}

/** Whether `codec` can decode into a caller's buffer. */
export function canDecodeInto(codec: BytesToBytesCodec): codec is BytesToBytesCodec & DecodesInto {
  return typeof (codec as Partial<DecodesInto>).decodeInto === "function";
}
