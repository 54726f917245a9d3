/**
 * What the write path needs from a ZarrArray: its store, metadata, chunk codec job
 * and decoder, and how to name chunk keys. ZarrArray builds one per write call.
 */
import type { ChunkCodecJob, ChunkDecoder } from "../chunk-decoder.js";
import type { ArrayMetadata } from "../node-metadata.js";
import type { Store } from "../store.js";

export interface ArrayWriteTarget {
  readonly store: Store;
  /** The array's path in the store ("" for the root). */
  readonly path: string;
  readonly metadata: ArrayMetadata;
  /** Encodes (and decodes, for read-modify-write) chunks; may run in workers. */
  readonly decoder: ChunkDecoder;
  /** The codecs and the (whole) chunk spec. */
  readonly job: Omit<ChunkCodecJob, "where">;
  /** The store key of a chunk. */
  chunkKey(coords: readonly number[]): string;
  /** The array, or one of its chunks, for messages ("array 'a' chunk a/c/0/1"). */
  where(key?: string): string;
  /** Called after a chunk key was written or deleted (to drop cached shard indexes). */
  chunkChanged?(key: string): void;
}
