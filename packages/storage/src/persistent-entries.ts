/**
 * Where a PersistentByteCache keeps its bytes: a key-value space that outlives the page
 * (the Cache API here; OPFS or a folder would fit the same interface).
 */

/** One kept response: its bytes, the validator they are a version of, the value's size. */
export interface PersistentEntry {
  bytes: Uint8Array;
  /** ETag (quoted) or Last-Modified date, as the server sent it. */
  version: string;
  /** The whole value's size, when the response told it (ranged reads). */
  size?: number;
}

export interface PersistentEntries {
  /** The entry, with bytes in a buffer of its own, or undefined. */
  get(id: string): Promise<PersistentEntry | undefined>;
  put(id: string, entry: PersistentEntry): Promise<void>;
  delete(id: string): Promise<void>;
  /** Every id held, so that entries nobody accounts for can be dropped. */
  ids(): Promise<string[]>;
}

/** The part of the Cache API's Cache used (declared so that no DOM lib is needed). */
export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
  delete(request: string): Promise<boolean>;
  keys(): Promise<readonly { url: string }[]>;
}

export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
}

const VERSION_HEADER = "X-Zarrkit-Version";
const SIZE_HEADER = "X-Zarrkit-Size";
/** Entries live under a URL of their own: a cache key must be an http(s) URL. */
const KEY_PREFIX = "https://zarrkit.invalid/entry?id=";

/** Entries in one named cache of the Cache API (`caches`, in pages and workers). */
export class CacheApiEntries implements PersistentEntries {
  readonly name: string;
  readonly #storage: CacheStorageLike | undefined;
  #cache: Promise<CacheLike> | undefined;

  constructor(name = "zarrkit-bytes", storage?: CacheStorageLike) {
    this.name = name;
    this.#storage = storage ?? (globalThis as { caches?: CacheStorageLike }).caches;
  }

  /** Whether the Cache API is there (absent in Node and on insecure origins). */
  get available(): boolean {
    return this.#storage !== undefined;
  }

  async get(id: string): Promise<PersistentEntry | undefined> {
    const response = await (await this.#open()).match(keyOf(id));
    if (!response) return undefined;
    const version = response.headers.get(VERSION_HEADER);
    if (version === null) return undefined;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const size = response.headers.get(SIZE_HEADER);
    const entry: PersistentEntry = { bytes, version };
    if (size !== null && /^\d{1,15}$/.test(size)) entry.size = Number(size);
    return entry;
  }

  async put(id: string, entry: PersistentEntry): Promise<void> {
    const headers = new Headers({ [VERSION_HEADER]: entry.version });
    if (entry.size !== undefined) headers.set(SIZE_HEADER, String(entry.size));
    // the Response copies the bytes when it is made
    await (await this.#open()).put(
      keyOf(id),
      new Response(entry.bytes as Uint8Array<ArrayBuffer>, { headers }),
    );
  }

  async delete(id: string): Promise<void> {
    await (await this.#open()).delete(keyOf(id));
  }

  async ids(): Promise<string[]> {
    const keys = await (await this.#open()).keys();
    const out: string[] = [];
    for (const { url } of keys) {
      if (url.startsWith(KEY_PREFIX)) out.push(decodeURIComponent(url.slice(KEY_PREFIX.length)));
    }
    return out;
  }

  #open(): Promise<CacheLike> {
    const storage = this.#storage;
    if (!storage) return Promise.reject(new Error("the Cache API is not available here"));
    this.#cache ??= storage.open(this.name);
    return this.#cache;
  }
}

function keyOf(id: string): string {
  return KEY_PREFIX + encodeURIComponent(id);
}
