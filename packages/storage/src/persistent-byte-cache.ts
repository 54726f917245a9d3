import type { HttpReadResult } from "./http-client.js";
import {
  CacheApiEntries,
  type PersistentEntries,
  type PersistentEntry,
} from "./persistent-entries.js";
import { type RevalidatingResult, readRevalidated } from "./revalidated-read.js";

export interface PersistentByteCacheOptions {
  /** Where entries live (default: the Cache API's "zarrkit-bytes" cache). */
  entries?: PersistentEntries;
  /** Byte budget of all entries (default 256 MiB); the least recently used go first. */
  maxBytes?: number;
  /** Larger responses are not kept (default 16 MiB). */
  maxEntryBytes?: number;
  /** Most entries kept (default 16384). */
  maxEntries?: number;
  /**
   * Also revalidate requests from a page to another origin. Their If-None-Match /
   * If-Modified-Since headers cost a CORS preflight, and the server must allow those
   * headers and expose ETag or Last-Modified (default false: such reads bypass the cache).
   */
  revalidateCrossOrigin?: boolean;
  /** How long after a change the list of entries is saved (default 250 ms). */
  saveDelayMs?: number;
}

export interface PersistentCacheStats {
  /** Served with no request: the version asked for was kept. */
  hits: number;
  /** Served after the server answered 304 Not Modified. */
  notModified: number;
  /** Kept, but the server sent another version (which replaced it). */
  changed: number;
  /** Not kept: fetched. */
  misses: number;
  stored: number;
  evicted: number;
  /** Storage failures; the read went on without the cache. */
  errors: number;
}

/** Id of the entry that lists the others (id, bytes), least recently used first. */
const MANIFEST_ID = "\0manifest";
const MAX_ID_LENGTH = 4096;
const MAX_VERSION_LENGTH = 512;

/**
 * Response bytes kept across page loads, each with the validator (ETag or Last-Modified)
 * of the version it is, under a byte budget, an entry size limit and an entry count
 * limit, evicting the least recently used. HttpClient consults it (its
 * `persistentCache` option) and revalidates every entry with a conditional request
 * before serving it, unless the caller asked for exactly the kept version.
 *
 * What is kept is listed in one manifest entry, saved shortly after changes; entries
 * that a lost manifest does not list are deleted when the cache is next opened, so the
 * budget holds across loads. Pages open at once each keep their own list: together they
 * may exceed the budget until the next load.
 */
export class PersistentByteCache {
  readonly stats: PersistentCacheStats = {
    hits: 0,
    notModified: 0,
    changed: 0,
    misses: 0,
    stored: 0,
    evicted: 0,
    errors: 0,
  };
  readonly maxBytes: number;
  readonly maxEntryBytes: number;
  readonly maxEntries: number;
  readonly revalidateCrossOrigin: boolean;
  readonly #entries: PersistentEntries;
  readonly #saveDelayMs: number;
  /** id -> bytes, least recently used first (a Map keeps insertion order). */
  readonly #index = new Map<string, number>();
  #bytes = 0;
  #ready: Promise<void> | undefined;
  /** Writes run one at a time, in order, so that the budget is checked against the truth. */
  #writes: Promise<void> = Promise.resolve();
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: PersistentByteCacheOptions = {}) {
    this.#entries = options.entries ?? new CacheApiEntries();
    this.maxBytes = positive(options.maxBytes ?? 256 * 2 ** 20, "maxBytes");
    this.maxEntryBytes = positive(options.maxEntryBytes ?? 16 * 2 ** 20, "maxEntryBytes");
    this.maxEntries = positive(options.maxEntries ?? 16384, "maxEntries");
    this.revalidateCrossOrigin = options.revalidateCrossOrigin ?? false;
    this.#saveDelayMs = options.saveDelayMs ?? 250;
  }

  /** Bytes kept now (as far as this page knows). */
  get bytes(): number {
    return this.#bytes;
  }

  get entryCount(): number {
    return this.#index.size;
  }

  /**
   * One GET through this cache (see readRevalidated): `read(revalidate)` sends the
   * request, conditional on the kept version `revalidate` when given. HttpClient calls
   * this, so the revalidation code loads with the cache, not with every read.
   */
  read(
    id: string,
    ifVersion: string | undefined,
    read: (revalidate: string | undefined) => Promise<RevalidatingResult>,
  ): Promise<HttpReadResult | undefined> {
    return readRevalidated(this, id, ifVersion, read);
  }

  /** The kept entry for an id, or undefined; counts as a use. Never rejects. */
  async lookup(id: string): Promise<PersistentEntry | undefined> {
    try {
      await this.#open();
      const size = this.#index.get(id);
      if (size === undefined) return undefined;
      const entry = await this.#entries.get(id);
      // a missing or altered entry (another page evicted it, someone edited it) is dropped
      if (!entry || entry.bytes.length !== size || !validVersion(entry.version)) {
        this.forget(id);
        return undefined;
      }
      this.#index.delete(id);
      this.#index.set(id, size);
      this.#scheduleSave();
      return entry;
    } catch {
      this.stats.errors++;
      return undefined;
    }
  }

  /**
   * Keeps bytes (copied now: the caller may transfer them) as a version, in the
   * background; too large an entry, or one without a usable validator, is dropped instead.
   */
  keep(id: string, entry: PersistentEntry): void {
    const { bytes, version } = entry;
    if (bytes.length > this.maxEntryBytes || id.length > MAX_ID_LENGTH || !validVersion(version)) {
      this.forget(id);
      return;
    }
    const copy: PersistentEntry = { bytes: bytes.slice(), version };
    if (entry.size !== undefined) copy.size = entry.size;
    this.#write(async () => {
      // put() replaces an old entry under the id; until then it is not served
      const replacing = this.#index.has(id);
      this.#drop(id);
      if (copy.bytes.length > this.maxBytes) {
        if (replacing) await this.#entries.delete(id);
        return;
      }
      while (
        this.#index.size > 0 &&
        (this.#bytes + copy.bytes.length > this.maxBytes || this.#index.size >= this.maxEntries)
      ) {
        const [oldest] = this.#index.keys() as IterableIterator<string>;
        this.#drop(oldest);
        this.stats.evicted++;
        await this.#entries.delete(oldest);
      }
      await this.#entries.put(id, copy);
      this.#index.set(id, copy.bytes.length);
      this.#bytes += copy.bytes.length;
      this.stats.stored++;
    });
  }

  /** Drops an entry (in the background). */
  forget(id: string): void {
    this.#write(async () => {
      if (!this.#index.has(id)) return;
      this.#drop(id);
      await this.#entries.delete(id);
    });
  }

  /** Waits for the writes begun so far and saves the list of entries. */
  async flush(): Promise<void> {
    await this.#writes;
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    await this.#save().catch(() => {
      this.stats.errors++;
    });
  }

  /** Deletes every entry. */
  async clear(): Promise<void> {
    this.#write(async () => {
      await this.#open();
      for (const id of [...this.#index.keys()]) {
        this.#drop(id);
        await this.#entries.delete(id);
      }
    });
    await this.flush();
  }

  #write(task: () => Promise<void>): void {
    this.#writes = this.#writes
      .then(() => this.#open())
      .then(task)
      .catch(() => {
        this.stats.errors++;
      })
      .finally(() => this.#scheduleSave());
  }

  #drop(id: string): void {
    const size = this.#index.get(id);
    if (size === undefined) return;
    this.#index.delete(id);
    this.#bytes -= size;
  }

  #open(): Promise<void> {
    this.#ready ??= this.#load();
    return this.#ready;
  }

  /** Reads the manifest, then deletes what it does not list and evicts past the budget. */
  async #load(): Promise<void> {
    const manifest = await this.#entries.get(MANIFEST_ID).catch(() => undefined);
    const listed = manifest ? parseManifest(manifest.bytes, this.maxEntries) : [];
    const held = new Set(await this.#entries.ids());
    for (const [id, size] of listed) {
      if (!held.has(id) || this.#index.has(id)) continue;
      this.#index.set(id, size);
      this.#bytes += size;
    }
    for (const id of held) {
      if (id !== MANIFEST_ID && !this.#index.has(id)) await this.#entries.delete(id);
    }
    for (const [id] of this.#index) {
      if (this.#bytes <= this.maxBytes && this.#index.size <= this.maxEntries) break;
      this.#drop(id);
      await this.#entries.delete(id);
    }
  }

  #scheduleSave(): void {
    if (this.#saveTimer !== undefined) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = undefined;
      this.#save().catch(() => {
        this.stats.errors++;
      });
    }, this.#saveDelayMs);
    // a pending save never keeps a Node process alive
    (this.#saveTimer as { unref?: () => void }).unref?.();
  }

  async #save(): Promise<void> {
    if (!this.#ready) return;
    await this.#ready;
    const text = JSON.stringify([...this.#index]);
    await this.#entries.put(MANIFEST_ID, {
      bytes: new TextEncoder().encode(text),
      version: '"manifest"',
    });
  }
}

/** The manifest's [id, bytes] pairs, skipping anything malformed; at most `max` of them. */
function parseManifest(bytes: Uint8Array, max: number): [string, number][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const out: [string, number][] = [];
  for (const item of parsed.slice(-max)) {
    if (!Array.isArray(item) || item.length !== 2) continue;
    const [id, size] = item as [unknown, unknown];
    if (typeof id !== "string" || id.length > MAX_ID_LENGTH || id === MANIFEST_ID) continue;
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) continue;
    out.push([id, size]);
  }
  return out;
}

function validVersion(version: string): boolean {
  return version.length > 0 && version.length <= MAX_VERSION_LENGTH;
}

function positive(value: number, name: string): number {
  if (!(Number.isSafeInteger(value) && value > 0)) {
    throw new RangeError(`PersistentByteCache ${name} must be a positive integer, got ${value}`);
  }
  return value;
}
