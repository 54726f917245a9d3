/**
 * A page's decoded-chunk cache (DecodedChunkLru) and the scheduler that loads what it
 * misses (RequestScheduler): one instance serves every array opened with it, under one
 * byte budget. A miss queues one fetch + decode per chunk, shared by every caller that
 * wants that chunk meanwhile, at the priority the most urgent caller gave.
 *
 * Arrays reach it through this class alone (arrayId, source, readTasks, invalidate),
 * so a program that never makes a cache never loads its code.
 */
import type { ChunkSource } from "../chunk-source.js";
import type { Chunk } from "../codec.js";
import type { ScatterTarget } from "../indexing/scatter.js";
import type { ChunkTask } from "../indexing/types.js";
import { RequestScheduler } from "../schedule/request-scheduler.js";
import type { Store } from "../store.js";
import { type CachedChunkSource, cachedChunkSource } from "./cached-chunk-source.js";
import { type CachedReadTasksOptions, readTasksThroughCache } from "./cached-read.js";
import { type ChunkCacheStats, DecodedChunkLru } from "./decoded-chunk-lru.js";
import { storeIdentity, storePool } from "./store-identity.js";

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

  /** An array's identity in the cache: its storage and path (whole shards apart). */
  arrayId(store: Store, path: string, wholeShards = false): string {
    const id = `${storeIdentity(store)}|${path}`;
    return wholeShards ? `${id}#shards` : id;
  }

  /**
   * A source whose chunks come through this cache, loaded from `source`; `storeKeyOf`
   * names the stored object holding a chunk (its key, or its shard's).
   */
  source(
    source: ChunkSource,
    array: string,
    storeKeyOf: (coords: readonly number[]) => string,
  ): CachedChunkSource {
    return cachedChunkSource(source, this, { array, pool: storePool(source.store), storeKeyOf });
  }

  /** get()'s chunk tasks read through a cached source, all queued at once. */
  readTasks(
    source: CachedChunkSource,
    tasks: Iterable<ChunkTask>,
    target: ScatterTarget,
    options: CachedReadTasksOptions,
  ): Promise<void> {
    return readTasksThroughCache(source, tasks, target, options);
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
