/**
 * A page's decoded-chunk cache (DecodedChunkLru) and the scheduler that loads what it
 * misses (RequestScheduler): one instance serves every array opened with it, under one
 * byte budget. A miss queues one fetch + decode per chunk, shared by every caller that
 * wants that chunk meanwhile, at the priority the most urgent caller gave.
 */
import type { Chunk } from "../codec.js";
import { RequestScheduler } from "../schedule/request-scheduler.js";
import { type ChunkCacheStats, DecodedChunkLru } from "./decoded-chunk-lru.js";

export interface ChunkCacheOptions {
  /** The budget for decoded chunks, in bytes (default 256 MiB). */
  maxBytes?: number;
  /** Loads misses (default: a scheduler of its own, 6 requests at once per origin). */
  scheduler?: RequestScheduler;
}

/** Where a cached chunk comes from. */
export interface ChunkAddress {
  /** The storage (storeIdentity) and array path, e.g. "url:https://h/x.zarr|level/0". */
  readonly array: string;
  /** The chunk's coordinates (an inner chunk's, for sharded arrays). */
  readonly coords: readonly number[];
  /** The stored object holding it (the chunk's or its shard's key): writes invalidate by it. */
  readonly storeKey: string;
  /** The scheduler pool (an origin). */
  readonly pool: string;
}

export interface CachedReadOptions {
  signal?: AbortSignal;
  /** Lower loads sooner (default 0). */
  priority?: number;
}

export const DEFAULT_CHUNK_CACHE_BYTES = 256 * 1024 * 1024;

export class ChunkCache {
  readonly scheduler: RequestScheduler;
  readonly #lru: DecodedChunkLru;

  constructor(options: ChunkCacheOptions = {}) {
    this.#lru = new DecodedChunkLru(options.maxBytes ?? DEFAULT_CHUNK_CACHE_BYTES);
    this.scheduler = options.scheduler ?? new RequestScheduler();
  }

  get maxBytes(): number {
    return this.#lru.maxBytes;
  }

  get stats(): ChunkCacheStats {
    return this.#lru.stats;
  }

  /**
   * The decoded chunk at `address` (undefined: absent from the store), from the cache
   * or loaded once by `load` through the scheduler. The chunk is shared: read it only.
   */
  read(
    address: ChunkAddress,
    load: (signal: AbortSignal) => Promise<Chunk | undefined>,
    options: CachedReadOptions = {},
  ): Promise<Chunk | undefined> {
    const key = `${address.array}|${address.coords.join(",")}`;
    const hit = this.#lru.lookup(key);
    if (hit) return Promise.resolve(hit.chunk);
    const group = `${address.array}|${address.storeKey}`;
    const generation = this.#lru.generation(group);
    // a load started before a write never joins one started after it
    const request = this.scheduler.request(
      `${key}#${generation}`,
      async (signal) => {
        const chunk = await load(signal);
        this.#lru.store(key, group, generation, chunk);
        return chunk;
      },
      { signal: options.signal, priority: options.priority, pool: address.pool },
    );
    return request.promise;
  }

  /** Whether the chunk at `address` is held (no statistics, no reordering). */
  has(array: string, coords: readonly number[]): boolean {
    return this.#lru.has(`${array}|${coords.join(",")}`);
  }

  /** Drops what was decoded from the stored object `storeKey` of `array` (it was rewritten). */
  invalidate(array: string, storeKey: string): void {
    this.#lru.invalidate(`${array}|${storeKey}`);
  }

  /** Drops every chunk of `array` (resized, or its metadata changed). */
  invalidateArray(array: string): void {
    this.#lru.invalidatePrefix(`${array}|`);
  }

  clear(): void {
    this.#lru.clear();
  }
}

let pageCache: ChunkCache | undefined;

/**
 * The page's (the process's) shared chunk cache, which `cache: true` uses: one budget
 * for every array. Options apply when it is first made; later calls return it as is.
 */
export function defaultChunkCache(options?: ChunkCacheOptions): ChunkCache {
  pageCache ??= new ChunkCache(options);
  return pageCache;
}
