/**
 * The decoded chunks a page keeps: a least-recently-used map with a byte budget, shared
 * by every array that uses it. Entries are grouped by the stored object they came from
 * (a chunk, or the shard holding an inner chunk), so a write drops exactly what it
 * made stale; a write also bumps that object's generation, so a read that started
 * before it never stores what it fetched.
 */
import type { Chunk } from "../codec.js";
import { SelectionError } from "../errors.js";

export interface ChunkCacheStats {
  /** Reads answered from the cache. */
  hits: number;
  /** Reads that had to fetch and decode. */
  misses: number;
  /** Bytes held now (decoded sizes). */
  bytes: number;
  /** The budget. */
  maxBytes: number;
  /** Chunks held now. */
  entries: number;
  /** Chunks dropped to stay within the budget. */
  evictions: number;
  /** The most bytes ever held at once (never above maxBytes). */
  peakBytes: number;
}

interface Entry {
  /** undefined: the chunk is absent from the store (reads give the fill value). */
  readonly chunk: Chunk | undefined;
  readonly bytes: number;
  readonly group: string;
}

/** What an absent chunk costs to remember. */
const ABSENT_BYTES = 64;

export class DecodedChunkLru {
  readonly maxBytes: number;
  readonly #entries = new Map<string, Entry>();
  readonly #groups = new Map<string, Set<string>>();
  readonly #generations = new Map<string, number>();
  #bytes = 0;
  #peak = 0;
  #hits = 0;
  #misses = 0;
  #evictions = 0;

  constructor(maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new SelectionError(`a chunk cache budget must be a byte count, got ${maxBytes}`);
    }
    this.maxBytes = maxBytes;
  }

  /** The entry for `key` (marked recently used), counted as a hit or a miss. */
  lookup(key: string): { chunk: Chunk | undefined } | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return { chunk: entry.chunk };
  }

  /** Whether `key` is held, without counting or reordering. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** The generation of a stored object: bumped by each invalidate(group). */
  generation(group: string): number {
    return this.#generations.get(group) ?? 0;
  }

  /**
   * Keeps a decoded chunk (undefined: absent) unless its object was invalidated since
   * `generation`, or it alone is over the budget; evicts the least recently used.
   */
  store(key: string, group: string, generation: number, chunk: Chunk | undefined): void {
    if (this.generation(group) !== generation) return;
    const bytes = chunk === undefined ? ABSENT_BYTES : chunkBytes(chunk);
    if (bytes > this.maxBytes) return;
    this.#remove(key);
    while (this.#bytes + bytes > this.maxBytes) {
      const oldest = this.#entries.keys().next().value as string;
      this.#remove(oldest);
      this.#evictions++;
    }
    this.#entries.set(key, { chunk, bytes, group });
    let keys = this.#groups.get(group);
    if (!keys) {
      keys = new Set();
      this.#groups.set(group, keys);
    }
    keys.add(key);
    this.#bytes += bytes;
    if (this.#bytes > this.#peak) this.#peak = this.#bytes;
  }

  /** Drops every chunk decoded from `group` (a chunk or shard that was rewritten). */
  invalidate(group: string): void {
    this.#generations.set(group, this.generation(group) + 1);
    for (const key of this.#groups.get(group) ?? []) this.#remove(key);
  }

  /** Drops every chunk whose group starts with `prefix` (an array resized or deleted). */
  invalidatePrefix(prefix: string): void {
    for (const group of [...this.#groups.keys()]) {
      if (group.startsWith(prefix)) this.invalidate(group);
    }
  }

  clear(): void {
    for (const group of [...this.#groups.keys()]) this.invalidate(group);
  }

  get stats(): ChunkCacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      bytes: this.#bytes,
      maxBytes: this.maxBytes,
      entries: this.#entries.size,
      evictions: this.#evictions,
      peakBytes: this.#peak,
    };
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
    const keys = this.#groups.get(entry.group);
    keys?.delete(key);
    if (keys?.size === 0) this.#groups.delete(entry.group);
  }
}

/** A decoded chunk's size in memory: its buffer view, or an estimate for string arrays. */
export function chunkBytes(chunk: Chunk): number {
  const data = chunk.data as unknown;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  let bytes = 0;
  for (const item of data as readonly unknown[]) {
    bytes += 16;
    if (typeof item === "string") bytes += item.length * 2;
    else if (ArrayBuffer.isView(item)) bytes += item.byteLength;
    else bytes += 8;
  }
  return bytes;
}
