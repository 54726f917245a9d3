/**
 * Decoded shard indexes by shard key, so a second read of a shard costs only its
 * chunks. Any Map-like object works (a Map keeps everything); writers that replace a
 * shard must delete its entry.
 */
import type { ShardIndex } from "./shard-index.js";

export interface ShardIndexCache {
  get(key: string): ShardIndex | undefined;
  set(key: string, index: ShardIndex): unknown;
  delete?(key: string): unknown;
}

export const DEFAULT_INDEX_CACHE_SIZE = 64;

/** A least-recently-used cache of at most `capacity` indexes. */
export class LruIndexCache implements ShardIndexCache {
  private readonly entries = new Map<string, ShardIndex>();

  constructor(readonly capacity = DEFAULT_INDEX_CACHE_SIZE) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`index cache capacity must be a non-negative integer, got ${capacity}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): ShardIndex | undefined {
    const index = this.entries.get(key);
    if (index !== undefined) {
      // re-insert: Map iteration order is insertion order, so the oldest comes first
      this.entries.delete(key);
      this.entries.set(key, index);
    }
    return index;
  }

  set(key: string, index: ShardIndex): this {
    if (this.capacity === 0) return this;
    this.entries.delete(key);
    this.entries.set(key, index);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    return this;
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
