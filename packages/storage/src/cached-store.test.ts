import type { ByteRange, StoreReadOptions } from "@zarrkit/core";
import { AbortError, isWritable } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { abortErrorOf, sleep } from "./abortable.js";
import { CachedStore, isMetadataKey } from "./cached-store.js";
import { MemoryStore } from "./memory-store.js";

/** A memory store that counts reads and can be slowed down. */
class CountingStore extends MemoryStore {
  gets = 0;
  ranges = 0;
  delayMs = 0;
  aborted = 0;
  override async get(key: string, options?: StoreReadOptions) {
    this.gets++;
    await this.#wait(options?.signal);
    return super.get(key, options);
  }
  override async getRange(key: string, range: ByteRange, options?: StoreReadOptions) {
    this.ranges++;
    await this.#wait(options?.signal);
    return super.getRange(key, range, options);
  }
  async #wait(signal?: AbortSignal) {
    if (this.delayMs === 0) return;
    try {
      await sleep(this.delayMs, signal);
    } catch (error) {
      this.aborted++;
      throw signal ? abortErrorOf(signal) : error;
    }
  }
}

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

/**
 * A memory store whose reads take the value when they start but answer only when the test
 * calls release(): a read can be made to finish after a write, deterministically.
 */
class GatedStore extends MemoryStore {
  readonly #gates: (() => void)[] = [];
  reads = 0;
  override async get(key: string, options?: StoreReadOptions) {
    return this.#gated(super.get(key, options));
  }
  override async getRange(key: string, range: ByteRange, options?: StoreReadOptions) {
    return this.#gated(super.getRange(key, range, options));
  }
  /** Lets every read started so far answer (with the value it saw when it started). */
  async release() {
    for (const open of this.#gates.splice(0)) open();
    await sleep(0);
  }
  async #gated(read: Promise<Uint8Array | undefined>) {
    this.reads++;
    const gate = new Promise<void>((resolve) => this.#gates.push(resolve));
    const value = await read;
    await gate;
    return value;
  }
}

describe("CachedStore", () => {
  it("caches metadata (including missing keys) but not chunks by default", async () => {
    const inner = new CountingStore({ "a/zarr.json": bytes(10), "a/c/0": bytes(100) });
    const store = new CachedStore(inner);
    for (let i = 0; i < 3; i++) {
      expect(await store.get("a/zarr.json")).toEqual(bytes(10));
      expect(await store.get("a/.zarray")).toBeUndefined();
      expect(await store.get("a/c/0")).toEqual(bytes(100));
    }
    expect(inner.gets).toBe(2 + 3);
    expect(store.stats.hits).toBe(4);
  });

  it("gives sizes from cached values, else from the inner store, reading nothing", async () => {
    const inner = new CountingStore({ "a/zarr.json": bytes(2), "a/c/0": bytes(3) });
    const store = new CachedStore(inner);
    await store.get("a/zarr.json");
    await store.get("a/.zarray");
    const gets = inner.gets;
    expect(await store.getSize("a/zarr.json")).toBe(2);
    expect(await store.getSize("a/.zarray")).toBeUndefined();
    expect(await store.getSize("a/c/0")).toBe(3);
    expect(await store.getSize("a/c/1")).toBeUndefined();
    expect(inner.gets).toBe(gets);
  });

  it("caches chunks with cacheChunks, within the byte budget (LRU)", async () => {
    const inner = new CountingStore({ a: bytes(60, 1), b: bytes(60, 2), c: bytes(60, 3) });
    const store = new CachedStore(inner, { maxBytes: 130, cacheChunks: true });
    await store.get("a");
    await store.get("b");
    await store.get("a"); // a is now the most recent
    await store.get("c"); // evicts b
    expect(inner.gets).toBe(3);
    await store.get("a");
    await store.get("c");
    expect(inner.gets).toBe(3);
    await store.get("b");
    expect(inner.gets).toBe(4);
  });

  it("caches suffix ranges (shard indexes) and serves ranges from cached values", async () => {
    const inner = new CountingStore({ shard: bytes(1000), "zarr.json": bytes(50) });
    const store = new CachedStore(inner);
    await store.getRange("shard", { suffixLength: 16 });
    await store.getRange("shard", { suffixLength: 16 });
    await store.getRange("shard", { offset: 0, length: 16 });
    await store.getRange("shard", { offset: 0, length: 16 });
    expect(inner.ranges).toBe(3);
    await store.get("zarr.json");
    expect(await store.getRange("zarr.json", { offset: 10, length: 5 })).toEqual(bytes(5));
    expect(inner.ranges).toBe(3);
    expect(await store.getRanges("shard", [{ suffixLength: 16 }])).toEqual([bytes(16)]);
    expect(inner.ranges).toBe(3);
  });

  it("hands out copies so callers cannot corrupt the cache", async () => {
    const store = new CachedStore(new MemoryStore({ "zarr.json": bytes(4) }));
    const first = (await store.get("zarr.json"))!;
    first.fill(9);
    structuredClone(first.buffer, { transfer: [first.buffer] });
    expect(await store.get("zarr.json")).toEqual(bytes(4));
  });

  it("shares concurrent reads of the same key", async () => {
    const inner = new CountingStore({ "a/c/0": bytes(8) });
    inner.delayMs = 30;
    const store = new CachedStore(inner);
    const results = await Promise.all([store.get("a/c/0"), store.get("a/c/0"), store.get("a/c/0")]);
    expect(inner.gets).toBe(1);
    expect(results).toEqual([bytes(8), bytes(8), bytes(8)]);
    results[0]!.fill(0);
    expect(results[1]).toEqual(bytes(8));
    expect(store.stats.deduplicated).toBe(2);
    await store.get("a/c/0");
    expect(inner.gets).toBe(2); // not cached: chunks are only shared while in flight
  });

  it("cancels a shared read only when every caller aborted", async () => {
    const inner = new CountingStore({ k: bytes(8) });
    inner.delayMs = 50;
    const store = new CachedStore(inner);
    const a = new AbortController();
    const b = new AbortController();
    const first = store.get("k", { signal: a.signal });
    const second = store.get("k", { signal: b.signal });
    a.abort();
    await expect(first).rejects.toBeInstanceOf(AbortError);
    expect(await second).toEqual(bytes(8));
    expect(inner.aborted).toBe(0);
    const c = new AbortController();
    const third = store.get("k", { signal: c.signal });
    c.abort();
    await expect(third).rejects.toBeInstanceOf(AbortError);
    await sleep(10);
    expect(inner.aborted).toBe(1);
  });

  it("passes writes through and invalidates", async () => {
    const inner = new MemoryStore({ "zarr.json": bytes(4) });
    const store = new CachedStore(inner);
    expect(isWritable(store)).toBe(true);
    await store.get("zarr.json");
    await store.getRange("zarr.json", { suffixLength: 2 });
    await store.set!("zarr.json", bytes(4, 7));
    expect(await store.get("zarr.json")).toEqual(bytes(4, 7));
    await store.delete!("zarr.json");
    expect(await store.get("zarr.json")).toBeUndefined();
    expect(await store.has("zarr.json")).toBe(false);
    const keys: string[] = [];
    await store.set!("x", bytes(1));
    for await (const key of store.list!()) keys.push(key);
    expect(keys).toEqual(["x"]);
  });

  it("does not cache what a read begun before a write returns after it", async () => {
    const inner = new GatedStore({ "zarr.json": bytes(4, 1), shard: bytes(64, 1) });
    const store = new CachedStore(inner);
    const before = store.get("zarr.json");
    const indexBefore = store.getRange("shard", { suffixLength: 8 });
    await store.set!("zarr.json", bytes(4, 2));
    await store.set!("shard", bytes(64, 2));
    await inner.release();
    expect(await before).toEqual(bytes(4, 1)); // it began before the write: either is fine
    expect(await indexBefore).toEqual(bytes(8, 1));
    const after = store.get("zarr.json");
    const indexAfter = store.getRange("shard", { suffixLength: 8 });
    await inner.release();
    expect(await after).toEqual(bytes(4, 2));
    expect(await indexAfter).toEqual(bytes(8, 2));
    expect(inner.reads).toBe(4);
  });

  it("does not cache a value read before a delete", async () => {
    const inner = new GatedStore({ "zarr.json": bytes(4) });
    const store = new CachedStore(inner);
    const before = store.get("zarr.json");
    await store.delete!("zarr.json");
    await inner.release();
    expect(await before).toEqual(bytes(4));
    const after = store.get("zarr.json");
    await inner.release();
    expect(await after).toBeUndefined();
    expect(await store.has("zarr.json")).toBe(false);
  });

  it("a read begun after a write does not join a read begun before it", async () => {
    const inner = new GatedStore({ "a/c/0": bytes(4, 1) });
    const store = new CachedStore(inner);
    const before = store.get("a/c/0");
    await store.set!("a/c/0", bytes(4, 2));
    const after = store.get("a/c/0");
    await inner.release();
    expect(await before).toEqual(bytes(4, 1));
    expect(await after).toEqual(bytes(4, 2));
    expect(store.stats.deduplicated).toBe(0);
  });

  it("is read-only over a read-only store", () => {
    const store = new CachedStore({ get: async () => undefined });
    expect(isWritable(store)).toBe(false);
    expect(store.list).toBeUndefined();
  });

  it("knows metadata keys", () => {
    expect(
      ["zarr.json", "a/.zarray", ".zmetadata", "b/.zattrs", "g/.zgroup"].every(isMetadataKey),
    ).toBe(true);
    expect(isMetadataKey("a/c/0")).toBe(false);
  });
});
