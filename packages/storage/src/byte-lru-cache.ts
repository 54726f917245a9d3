/**
 * A least-recently-used map whose budget is in bytes: adding past `maxBytes` evicts the
 * oldest entries. A Map keeps insertion order, so re-inserting on use tracks recency.
 */
export class ByteLruCache<V> {
  readonly maxBytes: number;
  #bytes = 0;
  readonly #entries = new Map<string, { value: V; size: number }>();
  readonly #onEvict: ((id: string) => void) | undefined;

  constructor(maxBytes: number, onEvict?: (id: string) => void) {
    if (!(maxBytes >= 0)) throw new RangeError(`cache size must be >= 0 bytes, got ${maxBytes}`);
    this.maxBytes = maxBytes;
    this.#onEvict = onEvict;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#entries.size;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  get(id: string): V | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry.value;
  }

  /** Adds a value of `size` bytes; values larger than the whole budget are not kept. */
  set(id: string, value: V, size: number): void {
    this.delete(id);
    if (size > this.maxBytes) return;
    this.#entries.set(id, { value, size });
    this.#bytes += size;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.size;
      this.#onEvict?.(oldest);
    }
  }

  delete(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    this.#bytes -= entry.size;
    this.#onEvict?.(id);
  }

  clear(): void {
    for (const id of [...this.#entries.keys()]) this.delete(id);
  }
}
