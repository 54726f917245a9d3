/**
 * What chunk-level readers outside ZarrArray (blocks(), reductions) need from an
 * array: its store, decoder, grid and codec job. ZarrArray hands one out; keeping it
 * a plain interface keeps those readers in their own files.
 */
import type { ChunkCodecJob, ChunkDecoder } from "./chunk-decoder.js";
import type { Chunk } from "./codec.js";
import type { DataType } from "./data-type.js";
import { throwIfAborted } from "./errors.js";
import type { FillValue } from "./fill-value-type.js";
import type { Store } from "./store.js";
import { bytesForDecoder } from "./store-bytes.js";
import { getBytes } from "./store-reads.js";

export interface ChunkSource {
  readonly store: Store;
  readonly decoder: ChunkDecoder;
  readonly shape: readonly number[];
  /** The chunk (for sharded arrays: shard) shape. */
  readonly chunkShape: readonly number[];
  readonly dataType: DataType;
  readonly fillValue: FillValue;
  readonly job: Omit<ChunkCodecJob, "where">;
  chunkKey(coords: readonly number[]): string;
  /** "array 'a/b'", or with a key "array 'a/b' chunk c/0/1", for messages. */
  where(key?: string): string;
  /**
   * Optional: reads and decodes the chunk at `coords` by other means than its key (a
   * sharded array's inner chunk, through the shard reader; a chunk cache); readChunk
   * then uses it. Undefined: the chunk is absent. `priority`: lower loads sooner, for
   * sources that queue their loads (chunk-cache/).
   */
  readDecoded?(
    coords: readonly number[],
    signal: AbortSignal | undefined,
    priority?: number,
  ): Promise<Chunk | undefined>;
  /** True when readDecoded's chunks are shared (a cache holds them): readers copy what they hand out. */
  readonly sharedChunks?: boolean;
}

/** A chunk's stored bytes and its codec job; undefined when the chunk is absent. */
export async function readChunkBytes(
  source: ChunkSource,
  coords: readonly number[],
  signal: AbortSignal | undefined,
  allocate?: (size: number) => Uint8Array,
): Promise<{ bytes: Uint8Array; job: ChunkCodecJob } | undefined> {
  throwIfAborted(signal);
  const key = source.chunkKey(coords);
  const bytes = await getBytes(source.store, key, allocate ? { signal, allocate } : { signal });
  throwIfAborted(signal);
  if (bytes === undefined) return undefined;
  return {
    bytes: bytesForDecoder(source.store, source.decoder, source.job, bytes),
    job: { ...source.job, where: source.where(key) },
  };
}

/** A chunk read and decoded; undefined when the chunk is absent. */
export async function readChunk(
  source: ChunkSource,
  coords: readonly number[],
  signal: AbortSignal | undefined,
  allocate?: (size: number) => Uint8Array,
): Promise<Chunk | undefined> {
  if (source.readDecoded) return source.readDecoded(coords, signal);
  const read = await readChunkBytes(source, coords, signal, allocate);
  return read && source.decoder.decode(read.bytes, read.job, signal);
}
