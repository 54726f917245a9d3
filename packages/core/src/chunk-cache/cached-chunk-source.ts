/**
 * A ChunkSource whose chunks come through a ChunkCache: readDecoded answers from the
 * cache, or loads the chunk once (fetch + decode, through the cache's scheduler) from
 * the source it wraps. get(), getChunk() and blocks() read a cached array through it.
 */
import { type ChunkSource, readChunk } from "../chunk-source.js";
import type { ChunkCache } from "./chunk-cache.js";

export interface CachedSourceOptions {
  /** The array's cache identity: storeIdentity + "|" + path (+ a grid marker). */
  readonly array: string;
  /** The scheduler pool (storePool). */
  readonly pool: string;
  /** The stored object holding the chunk at `coords` (its key, or its shard's). */
  storeKeyOf(coords: readonly number[]): string;
}

/** A ChunkSource that always has readDecoded. */
export type CachedChunkSource = ChunkSource & Required<Pick<ChunkSource, "readDecoded">>;

export function cachedChunkSource(
  source: ChunkSource,
  cache: ChunkCache,
  options: CachedSourceOptions,
): CachedChunkSource {
  const { array, pool } = options;
  return {
    ...source,
    sharedChunks: true,
    readDecoded: (coords, signal, priority) =>
      cache.read(
        { array, coords, pool, storeKey: options.storeKeyOf(coords) },
        (loadSignal) => readChunk(source, coords, loadSignal),
        { signal, priority },
      ),
  };
}
