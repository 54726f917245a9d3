/**
 * Status codes returned by the C shims (wasm/shims/zk-common.h) and their errors, plus
 * the bounded-capacity decode loop every decoder shares.
 */
import { CodecError, CorruptChunkError } from "@zarrkit/core";
import { type DecodedSink, OUTPUT, type WasmExportsBase, type WasmHeap } from "./wasm-heap.js";

export const ZK_ERR_CORRUPT = -1;
export const ZK_ERR_TOO_SMALL = -2;
export const ZK_ERR_TRUNCATED = -3;
export const ZK_ERR_NOMEM = -4;
export const ZK_ERR_PARAM = -5;
export const ZK_ERR_UNSUPPORTED = -6;
/** The fast decoder declines an input; the reference decoder decides (see deflate-decode.ts). */
export const ZK_ERR_FALLBACK = -7;

/** Largest output a decoder grows to when no size bound is known. */
export const UNBOUNDED_LIMIT = 0x7fff_0000;

/** A little-endian uint32 size field of a codec's header, read before entering WebAssembly. */
export function headerUint32(bytes: Uint8Array, offset: number): number {
  return (
    (bytes[offset] |
      (bytes[offset + 1] << 8) |
      (bytes[offset + 2] << 16) |
      (bytes[offset + 3] << 24)) >>>
    0
  );
}

/** A header (or zstd frame header) claiming more decoded bytes than the chunk may hold. */
export function oversizeClaim(
  label: string,
  claimed: number,
  limit: number,
  header = "header",
): CorruptChunkError {
  return new CorruptChunkError(
    `${label}: ${header} claims ${claimed} bytes, more than the expected ${limit}`,
  );
}

/** `label` names the codec and place: `codec "zstd" in array 'a'`. */
export function decodeError(label: string, status: number, limit: number, detail = ""): Error {
  const extra = detail ? ` (${detail})` : "";
  switch (status) {
    case ZK_ERR_TOO_SMALL:
      return new CorruptChunkError(
        limit === UNBOUNDED_LIMIT
          ? `${label}: decoded data is larger than ${limit} bytes${extra}`
          : `${label}: decoded data exceeds the expected ${limit} bytes${extra}`,
      );
    case ZK_ERR_TRUNCATED:
      return new CorruptChunkError(`${label}: compressed data is truncated${extra}`);
    case ZK_ERR_NOMEM:
      return new CodecError(`${label}: out of WebAssembly memory${extra}`);
    case ZK_ERR_UNSUPPORTED:
      return new CodecError(`${label}: unsupported stream${extra}`);
    default:
      return new CorruptChunkError(`${label}: compressed data is corrupt${extra}`);
  }
}

export function encodeError(label: string, status: number, detail = ""): Error {
  const extra = detail ? ` (${detail})` : "";
  if (status === ZK_ERR_NOMEM) return new CodecError(`${label}: out of WebAssembly memory${extra}`);
  return new CodecError(`${label}: encoding failed with status ${status}${extra}`);
}

export function trapError(label: string, decoding: boolean): (trap: Error) => Error {
  return (trap) =>
    decoding
      ? new CorruptChunkError(`${label}: compressed data is corrupt (${trap.message})`, {
          cause: trap,
        })
      : new CodecError(`${label}: encoder failed (${trap.message})`, { cause: trap });
}

/**
 * Decodes into the OUTPUT scratch region at `initial` bytes, doubling it while the
 * decoder reports ZK_ERR_TOO_SMALL and the capacity is below `limit`; never allocates
 * beyond `limit`. `call(dst, capacity)` returns the decoded size or a status. The
 * result goes to `sink`.
 */
export function decodeGrowing<E extends WasmExportsBase, T>(
  heap: WasmHeap<E>,
  label: string,
  initial: number,
  limit: number,
  call: (dst: number, capacity: number) => number,
  describe: (status: number) => string,
  sink: DecodedSink<T>,
): T {
  let capacity = Math.min(Math.max(initial, 0), limit);
  for (;;) {
    const dst = heap.scratch(OUTPUT, capacity);
    const result = call(dst, capacity);
    if (result >= 0) return sink(heap, dst, result);
    if (result === ZK_ERR_TOO_SMALL && capacity < limit) {
      capacity = Math.min(limit, Math.max(capacity * 2, 1024));
      continue;
    }
    throw decodeError(label, result, limit, describe(result));
  }
}

/** The bound on a decoded size: `maxSize` and the room in `out`, whichever is smaller. */
export function decodeLimit(
  maxSize: number | undefined,
  out: Uint8Array | undefined,
): number | undefined {
  if (!out) return maxSize;
  return maxSize === undefined ? out.length : Math.min(maxSize, out.length);
}

/** An initial output capacity guess for streams that do not record their size. */
export function guessCapacity(inputSize: number, maxSize: number | undefined): number {
  return maxSize ?? Math.max(inputSize * 4, 64 * 1024);
}

/** A C string from linear memory. */
export function readCString(memory: WebAssembly.Memory, ptr: number): string {
  const bytes = new Uint8Array(memory.buffer);
  let end = ptr;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(ptr, end));
}
