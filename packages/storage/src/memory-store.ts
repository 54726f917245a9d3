import type { ByteRange, StoreReadOptions } from "@zarrkit/core";
import { sliceRange, throwIfAborted } from "@zarrkit/core";
import { listDirFromKeys, normalizeDirPrefix } from "./list-dir.js";
import { validateKey, validatePrefix } from "./store-key.js";

/**
 * A store held in a Map. Values are copied in and out, so a caller that transfers or
 * mutates a buffer it got (or gave) never changes what the store holds.
 */
export class MemoryStore {
  /** Every read is a new buffer (see ReadableStore.freshReads). */
  readonly freshReads = true;
  readonly map: Map<string, Uint8Array>;

  constructor(entries?: Iterable<[string, Uint8Array]> | Record<string, Uint8Array>) {
    this.map = new Map();
    if (!entries) return;
    const pairs = Symbol.iterator in entries ? entries : Object.entries(entries);
    for (const [key, value] of pairs) {
      validateKey(key);
      this.map.set(key, value.slice());
    }
  }

  /** This store's own map: only writers through this object share its chunk locks. */
  storageId(): object {
    return this.map;
  }

  async get(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined> {
    throwIfAborted(options?.signal);
    validateKey(key);
    return this.map.get(key)?.slice();
  }

  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreReadOptions,
  ): Promise<Uint8Array | undefined> {
    throwIfAborted(options?.signal);
    validateKey(key);
    const value = this.map.get(key);
    return value && sliceRange(value, range).slice();
  }

  async getRanges(
    key: string,
    ranges: readonly ByteRange[],
    options?: StoreReadOptions,
  ): Promise<(Uint8Array | undefined)[] | undefined> {
    throwIfAborted(options?.signal);
    validateKey(key);
    const value = this.map.get(key);
    return value && ranges.map((range) => sliceRange(value, range).slice());
  }

  async getSize(key: string, options?: StoreReadOptions): Promise<number | undefined> {
    throwIfAborted(options?.signal);
    validateKey(key);
    return this.map.get(key)?.length;
  }

  async has(key: string, options?: StoreReadOptions): Promise<boolean> {
    throwIfAborted(options?.signal);
    validateKey(key);
    return this.map.has(key);
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    validateKey(key);
    this.map.set(key, value.slice());
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    this.map.delete(key);
  }

  async *list(prefix = ""): AsyncIterable<string> {
    validatePrefix(prefix);
    for (const key of [...this.map.keys()]) if (key.startsWith(prefix)) yield key;
  }

  async listDir(prefix: string): Promise<{ keys: string[]; prefixes: string[] }> {
    validatePrefix(prefix);
    return listDirFromKeys(this.map.keys(), normalizeDirPrefix(prefix));
  }
}
