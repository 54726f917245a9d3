import type { ByteRange, ReadableStore, Store, StoreReadOptions } from "@zarrkit/core";
import { isListable, isWritable, sliceRange } from "@zarrkit/core";
import { ByteLruCache } from "./byte-lru-cache.js";
import { InFlightRequests } from "./in-flight-requests.js";

export interface CachedStoreOptions {
  /** Byte budget of the cache (default 32 MiB). */
  maxBytes?: number;
  /** Also cache whole chunk values and plain ranged reads, not only metadata and indexes. */
  cacheChunks?: boolean;
  /** Overrides what is cached: metadata keys and suffix ranges (shard indexes) by default. */
  shouldCache?: (key: string, range?: ByteRange) => boolean;
}

export interface CachedStoreStats {
  hits: number;
  misses: number;
  /** Reads that joined a read of the same key already in flight. */
  deduplicated: number;
}

const METADATA_NAMES = new Set(["zarr.json", ".zarray", ".zgroup", ".zattrs", ".zmetadata"]);

/** Whether a key names a Zarr metadata document (v2 or v3). */
export function isMetadataKey(key: string): boolean {
  return METADATA_NAMES.has(key.slice(key.lastIndexOf("/") + 1));
}

/** A read of the inner store now running; a write to its key makes its answer stale. */
interface PendingRead {
  /** Its cache id, which is also its id in the in-flight requests. */
  readonly id: string;
  stale: boolean;
}

/** Marks a key known to be missing. */
const MISSING = null;
type Cached = Uint8Array | typeof MISSING;

/**
 * Wraps a store with an LRU cache of metadata, shard indexes (suffix ranges) and,
 * optionally, chunks, and shares concurrent reads of the same key or range. Values
 * handed out are copies, so a caller may transfer or mutate them.
 */
export class CachedStore implements ReadableStore {
  readonly inner: Store;
  readonly stats: CachedStoreStats = { hits: 0, misses: 0, deduplicated: 0 };
  readonly #cache: ByteLruCache<Cached>;
  readonly #inFlight = new InFlightRequests<Uint8Array | undefined>();
  /** Cache ids of ranges per key, to drop them when the key is written. */
  readonly #rangeIds = new Map<string, Set<string>>();
  /** Reads of the inner store running now, per key, so a write can mark them stale. */
  readonly #reads = new Map<string, Set<PendingRead>>();

  /** Hits are copies; other reads are the inner store's (see ReadableStore.freshReads). */
  get freshReads(): boolean {
    return this.inner.freshReads === true;
  }
  readonly #shouldCache: (key: string, range?: ByteRange) => boolean;

  list?: (prefix?: string) => AsyncIterable<string>;
  listDir?: (prefix: string) => Promise<{ keys: string[]; prefixes: string[] }>;
  set?: (key: string, value: Uint8Array) => Promise<void>;
  delete?: (key: string) => Promise<void>;

  constructor(inner: Store, options: CachedStoreOptions = {}) {
    this.inner = inner;
    this.#cache = new ByteLruCache(options.maxBytes ?? 32 * 1024 * 1024, (id) => this.#forget(id));
    const cacheChunks = options.cacheChunks ?? false;
    this.#shouldCache =
      options.shouldCache ??
      ((key, range) =>
        isMetadataKey(key) || cacheChunks || (range !== undefined && "suffixLength" in range));
    if (isListable(inner)) {
      this.list = (prefix) => inner.list(prefix);
      if (inner.listDir) this.listDir = (prefix) => inner.listDir!(prefix);
    }
    if (isWritable(inner)) {
      this.set = async (key, value) => {
        this.invalidate(key);
        await inner.set(key, value);
        this.invalidate(key);
      };
      this.delete = async (key) => {
        this.invalidate(key);
        await inner.delete(key);
        this.invalidate(key);
      };
    }
  }

  async get(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined> {
    return this.#read(key, undefined, options);
  }

  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreReadOptions,
  ): Promise<Uint8Array | undefined> {
    const whole = this.#cache.get(key);
    if (whole !== undefined) {
      this.stats.hits++;
      return whole === MISSING ? undefined : sliceRange(whole, range).slice();
    }
    return this.#read(key, range, options);
  }

  async getRanges(
    key: string,
    ranges: readonly ByteRange[],
    options?: StoreReadOptions,
  ): Promise<(Uint8Array | undefined)[] | undefined> {
    const inner = this.inner;
    const cachedAny = this.#cache.has(key) || ranges.some((r) => this.#shouldCache(key, r));
    if (!inner.getRanges || cachedAny) {
      const parts = await Promise.all(ranges.map((range) => this.getRange(key, range, options)));
      return parts.some((part) => part === undefined) ? undefined : parts;
    }
    this.stats.misses++;
    return inner.getRanges(key, ranges, options);
  }

  async getSize(key: string, options?: StoreReadOptions): Promise<number | undefined> {
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached === MISSING ? undefined : cached.length;
    if (this.inner.getSize) return this.inner.getSize(key, options);
    return (await this.get(key, options))?.length;
  }

  async has(key: string, options?: StoreReadOptions): Promise<boolean> {
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached !== MISSING;
    if (this.inner.has) return this.inner.has(key, options);
    return (await this.get(key, options)) !== undefined;
  }

  /**
   * Drops a key and every cached range of it. Reads of it running now still answer their
   * callers, but are not cached, and later reads do not join them.
   */
  invalidate(key: string): void {
    this.#cache.delete(key);
    for (const id of [...(this.#rangeIds.get(key) ?? [])]) this.#cache.delete(id);
    const reads = this.#reads.get(key);
    if (!reads) return;
    this.#reads.delete(key);
    for (const read of reads) {
      read.stale = true;
      this.#inFlight.forget(read.id);
    }
  }

  clear(): void {
    this.#cache.clear();
  }

  async #read(
    key: string,
    range: ByteRange | undefined,
    options?: StoreReadOptions,
  ): Promise<Uint8Array | undefined> {
    const id = range === undefined ? key : rangeId(key, range);
    const cached = this.#cache.get(id);
    if (cached !== undefined) {
      this.stats.hits++;
      return cached === MISSING ? undefined : cached.slice();
    }
    const cacheable = this.#shouldCache(key, range);
    const { value, joined, shared } = await this.#inFlight.run(
      id,
      async (signal) => {
        this.stats.misses++;
        const read = this.#begin(key, id);
        try {
          const bytes = range
            ? await readRangeOf(this.inner, key, range, signal)
            : await this.inner.get(key, { signal });
          // a write since the read began may have changed the value: do not keep it
          if (cacheable && !read.stale) this.#remember(key, id, bytes);
          return bytes;
        } finally {
          this.#end(key, read);
        }
      },
      options?.signal,
    );
    if (joined) this.stats.deduplicated++;
    // the cache and other callers hold the same bytes: hand out a copy
    return value && (shared || cacheable) ? value.slice() : value;
  }

  #begin(key: string, id: string): PendingRead {
    const read: PendingRead = { id, stale: false };
    let reads = this.#reads.get(key);
    if (!reads) {
      reads = new Set();
      this.#reads.set(key, reads);
    }
    reads.add(read);
    return read;
  }

  #end(key: string, read: PendingRead): void {
    const reads = this.#reads.get(key);
    if (reads?.delete(read) && reads.size === 0) this.#reads.delete(key);
  }

  #remember(key: string, id: string, bytes: Uint8Array | undefined): void {
    // a view would keep its whole buffer alive, unaccounted for by the byte budget
    const own = bytes && bytes.byteLength < bytes.buffer.byteLength ? bytes.slice() : bytes;
    // a missing value costs its key's length, so negative entries are bounded too
    this.#cache.set(id, own ?? MISSING, own?.length ?? id.length + 16);
    if (id !== key && this.#cache.has(id)) {
      let ids = this.#rangeIds.get(key);
      if (!ids) {
        ids = new Set();
        this.#rangeIds.set(key, ids);
      }
      ids.add(id);
    }
  }

  #forget(id: string): void {
    const separator = id.indexOf("\0");
    if (separator === -1) return;
    const key = id.slice(0, separator);
    const ids = this.#rangeIds.get(key);
    ids?.delete(id);
    if (ids?.size === 0) this.#rangeIds.delete(key);
  }
}

function rangeId(key: string, range: ByteRange): string {
  return "suffixLength" in range
    ? `${key}\0-${range.suffixLength}`
    : `${key}\0${range.offset}+${range.length}`;
}

async function readRangeOf(
  store: Store,
  key: string,
  range: ByteRange,
  signal: AbortSignal,
): Promise<Uint8Array | undefined> {
  if (store.getRange) return store.getRange(key, range, { signal });
  const whole = await store.get(key, { signal });
  return whole && sliceRange(whole, range);
}
