import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FetchStore } from "./fetch-store.js";
import { TestHttpServer } from "./http-server.test-helper.js";
import { PersistentByteCache, type PersistentByteCacheOptions } from "./persistent-byte-cache.js";
import { CacheApiEntries, type CacheLike, type CacheStorageLike } from "./persistent-entries.js";

/** The Cache API as a page sees it, in memory: outlives the "page loads" of a test. */
class MemoryCacheStorage implements CacheStorageLike {
  readonly caches = new Map<string, Map<string, Response>>();
  async open(name: string): Promise<CacheLike> {
    let cache = this.caches.get(name);
    if (!cache) {
      cache = new Map();
      this.caches.set(name, cache);
    }
    const entries = cache;
    return {
      match: async (request) => entries.get(request)?.clone(),
      put: async (request, response) => {
        entries.set(request, response);
      },
      delete: async (request) => entries.delete(request),
      keys: async () => [...entries.keys()].map((url) => ({ url })),
    };
  }
}

const server = new TestHttpServer();
const bytes = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * 7 + seed) % 251);

let storage: MemoryCacheStorage;

/** A "page load": a new cache object over the same storage, and a store using it. */
function load(options: PersistentByteCacheOptions = {}) {
  const cache = new PersistentByteCache({
    entries: new CacheApiEntries("test", storage),
    saveDelayMs: 1,
    ...options,
  });
  const store = new FetchStore(`${server.url}data`, { persistentCache: cache, retries: 0 });
  return { cache, store };
}

const conditional = () =>
  server.log.map((r) => r.headers["if-none-match"] ?? r.headers["if-modified-since"] ?? null);

beforeAll(() => server.start());
afterAll(() => server.stop());
beforeEach(() => {
  server.reset();
  server.files.clear();
  server.etags.clear();
  server.lastModified.clear();
  storage = new MemoryCacheStorage();
  server.files.set("/data/a", bytes(1000, 1));
  server.etags.set("/data/a", '"v1"');
});

describe("PersistentByteCache through FetchStore", () => {
  it("revalidates kept bytes on the next load: a 304 serves them", async () => {
    const first = load();
    expect(await first.store.get("a")).toEqual(bytes(1000, 1));
    await first.cache.flush();
    expect(first.cache.stats).toMatchObject({ misses: 1, stored: 1 });

    server.reset();
    const second = load();
    expect(await second.store.get("a")).toEqual(bytes(1000, 1));
    expect(conditional()).toEqual(['"v1"']);
    expect(second.cache.stats).toMatchObject({ notModified: 1, misses: 0 });
    expect(second.store.stats.bytesReceived).toBe(0);
  });

  it("never serves kept bytes once the server has another version", async () => {
    const first = load();
    await first.store.get("a");
    await first.cache.flush();
    server.files.set("/data/a", bytes(1000, 2));
    server.etags.set("/data/a", '"v2"');

    server.reset();
    const second = load();
    expect(await second.store.get("a")).toEqual(bytes(1000, 2));
    expect(conditional()).toEqual(['"v1"']);
    expect(second.cache.stats).toMatchObject({ changed: 1, notModified: 0 });
    await second.cache.flush();

    // the new version replaced the old one
    server.reset();
    const third = load();
    expect(await third.store.get("a")).toEqual(bytes(1000, 2));
    expect(conditional()).toEqual(['"v2"']);
    expect(third.cache.stats.notModified).toBe(1);
  });

  it("drops a kept value that went missing (404)", async () => {
    const first = load();
    await first.store.get("a");
    await first.cache.flush();
    server.files.delete("/data/a");
    const second = load();
    expect(await second.store.get("a")).toBeUndefined();
    await second.cache.flush();
    expect(second.cache.entryCount).toBe(0);
  });

  it("revalidates by Last-Modified when there is no ETag", async () => {
    server.etags.clear();
    const date = "Tue, 01 Dec 2026 10:00:00 GMT";
    server.lastModified.set("/data/a", date);
    const first = load();
    await first.store.get("a");
    await first.cache.flush();
    server.reset();
    const second = load();
    expect(await second.store.get("a")).toEqual(bytes(1000, 1));
    expect(server.log[0]?.headers["if-modified-since"]).toBe(date);
    expect(second.cache.stats.notModified).toBe(1);
  });

  it("keeps nothing the server gives no validator for", async () => {
    server.etags.clear();
    const first = load();
    await first.store.get("a");
    await first.cache.flush();
    expect(first.cache.entryCount).toBe(0);
    server.reset();
    const second = load();
    await second.store.get("a");
    expect(conditional()).toEqual([null]);
  });

  it("keeps ranges apart, with the value's size, and serves the version asked for without a request", async () => {
    const first = load();
    const read = await first.store.readRange("a", { offset: 10, length: 20 });
    expect(read?.bytes).toEqual(bytes(1000, 1).subarray(10, 30));
    await first.cache.flush();

    server.reset();
    const second = load();
    // another range is not the kept one
    await second.store.getRange("a", { offset: 30, length: 5 });
    expect(conditional()).toEqual([null]);
    // the version a shard index named: no request at all
    const again = await second.store.readRange(
      "a",
      { offset: 10, length: 20 },
      { ifVersion: '"v1"' },
    );
    expect(again).toEqual({ bytes: bytes(1000, 1).subarray(10, 30), size: 1000, version: '"v1"' });
    expect(server.log.length).toBe(1);
    expect(second.cache.stats.hits).toBe(1);
  });

  it("does not serve a kept version other than the one asked for", async () => {
    const first = load();
    await first.store.get("a");
    await first.cache.flush();
    server.files.set("/data/a", bytes(1000, 3));
    server.etags.set("/data/a", '"v3"');
    server.reset();
    const second = load();
    expect(await second.store.get("a", { ifVersion: '"v3"' })).toEqual(bytes(1000, 3));
    expect(server.log.length).toBe(1);
    expect(second.cache.stats.changed).toBe(1);
  });

  it("does not serve bytes for a 304 naming another version", async () => {
    const first = load();
    await first.store.get("a");
    await first.cache.flush();
    server.files.set("/data/a", bytes(1000, 9));
    server.etags.set("/data/a", '"v9"');
    const cache = new PersistentByteCache({ entries: new CacheApiEntries("test", storage) });
    // a confused server: 304 to If-None-Match "v1" while its ETag is "v9"
    const store = new FetchStore(`${server.url}data`, {
      persistentCache: cache,
      retries: 0,
      fetch: (url, init) =>
        new Headers(init.headers).has("If-None-Match")
          ? Promise.resolve(new Response(null, { status: 304, headers: { ETag: '"v9"' } }))
          : fetch(url, init),
    });
    expect(await store.get("a")).toEqual(bytes(1000, 9));
    expect(cache.stats).toMatchObject({ changed: 1, notModified: 0 });
  });
});

describe("PersistentByteCache bounds", () => {
  async function fill(cache: PersistentByteCache, ids: string[], size: number) {
    for (const [i, id] of ids.entries()) {
      cache.keep(id, { bytes: bytes(size, i), version: `"${id}"` });
    }
    await cache.flush();
  }

  it("evicts the least recently used past the byte budget", async () => {
    const cache = new PersistentByteCache({
      entries: new CacheApiEntries("t", new MemoryCacheStorage()),
      maxBytes: 3000,
    });
    await fill(cache, ["a", "b", "c"], 1000);
    await cache.lookup("a"); // a is now the most recent
    await fill(cache, ["d"], 1000);
    expect(cache.bytes).toBe(3000);
    expect(await cache.lookup("b")).toBeUndefined();
    expect(await cache.lookup("a")).toBeDefined();
    expect(cache.stats.evicted).toBe(1);
  });

  it("bounds entry sizes and counts", async () => {
    const cache = new PersistentByteCache({
      entries: new CacheApiEntries("t", new MemoryCacheStorage()),
      maxEntryBytes: 100,
      maxEntries: 2,
    });
    await fill(cache, ["big"], 101);
    expect(cache.entryCount).toBe(0);
    await fill(cache, ["a", "b", "c"], 10);
    expect(cache.entryCount).toBe(2);
    expect(await cache.lookup("a")).toBeUndefined();
    cache.keep("long-version", { bytes: bytes(1, 0), version: `"${"x".repeat(600)}"` });
    await cache.flush();
    expect(await cache.lookup("long-version")).toBeUndefined();
  });

  it("keeps its budget across loads, deleting entries a lost manifest does not list", async () => {
    storage = new MemoryCacheStorage();
    const entries = new CacheApiEntries("t", storage);
    const first = new PersistentByteCache({ entries, maxBytes: 5000 });
    await fill(first, ["a", "b"], 1000);
    // entries written behind the manifest's back (a page closed before it saved)
    await entries.put("orphan", { bytes: bytes(1000, 5), version: '"o"' });
    const second = new PersistentByteCache({ entries, maxBytes: 1500 });
    expect(await second.lookup("orphan")).toBeUndefined();
    expect((await entries.ids()).sort()).toEqual(["\0manifest", "b"]);
    expect(second.bytes).toBe(1000);
  });

  it("drops an entry whose stored bytes were altered", async () => {
    storage = new MemoryCacheStorage();
    const entries = new CacheApiEntries("t", storage);
    const cache = new PersistentByteCache({ entries });
    await fill(cache, ["a"], 100);
    await entries.put("a", { bytes: bytes(50, 0), version: '"a"' });
    expect(await cache.lookup("a")).toBeUndefined();
    await cache.flush();
    expect(cache.entryCount).toBe(0);
  });

  it("reads on without the cache when storage fails", async () => {
    const broken: CacheStorageLike = { open: () => Promise.reject(new Error("quota")) };
    const cache = new PersistentByteCache({ entries: new CacheApiEntries("t", broken) });
    const store = new FetchStore(`${server.url}data`, { persistentCache: cache, retries: 0 });
    expect(await store.get("a")).toEqual(bytes(1000, 1));
    await cache.flush();
    expect(cache.stats.errors).toBeGreaterThan(0);
  });
});
