import { describe, expect, it } from "vitest";
import type { Chunk } from "../codec.js";
import { SelectionError } from "../errors.js";
import { chunkBytes, DecodedChunkLru } from "./decoded-chunk-lru.js";

const chunk = (bytes: number): Chunk => ({ data: new Uint8Array(bytes), shape: [bytes] });

describe("DecodedChunkLru", () => {
  it("evicts the least recently used to stay within the budget", () => {
    const lru = new DecodedChunkLru(300);
    lru.store("a", "ga", 0, chunk(100));
    lru.store("b", "gb", 0, chunk(100));
    lru.store("c", "gc", 0, chunk(100));
    expect(lru.lookup("a")).toBeDefined(); // a is now the most recent
    lru.store("d", "gd", 0, chunk(100));
    expect(lru.has("b")).toBe(false);
    expect(["a", "c", "d"].every((k) => lru.has(k))).toBe(true);
    expect(lru.stats).toMatchObject({
      bytes: 300,
      entries: 3,
      evictions: 1,
      hits: 1,
      peakBytes: 300,
    });
    expect(lru.lookup("b")).toBeUndefined();
    expect(lru.stats.misses).toBe(1);
  });

  it("never holds more than the budget; a chunk over it alone is not kept", () => {
    const lru = new DecodedChunkLru(1000);
    for (let i = 0; i < 200; i++) {
      lru.store(`k${i}`, `g${i % 7}`, lru.generation(`g${i % 7}`), chunk(37 + ((i * 53) % 400)));
      expect(lru.stats.bytes).toBeLessThanOrEqual(1000);
    }
    lru.store("huge", "gh", 0, chunk(1001));
    expect(lru.has("huge")).toBe(false);
    expect(lru.stats.peakBytes).toBeLessThanOrEqual(1000);
  });

  it("remembers absent chunks; replacing a key does not count it twice", () => {
    const lru = new DecodedChunkLru(1000);
    lru.store("gone", "g", 0, undefined);
    expect(lru.lookup("gone")).toEqual({ chunk: undefined });
    lru.store("x", "g", 0, chunk(100));
    lru.store("x", "g", 0, chunk(200));
    expect(lru.stats.entries).toBe(2);
    expect(lru.stats.bytes).toBe(264);
  });

  it("drops a rewritten object's chunks and ignores loads that began before the write", () => {
    const lru = new DecodedChunkLru(10_000);
    lru.store("shard0/inner0", "shard0", 0, chunk(10));
    lru.store("shard0/inner1", "shard0", 0, chunk(10));
    lru.store("shard1/inner0", "shard1", 0, chunk(10));
    const before = lru.generation("shard0");
    lru.invalidate("shard0");
    expect(lru.has("shard0/inner0") || lru.has("shard0/inner1")).toBe(false);
    expect(lru.has("shard1/inner0")).toBe(true);
    lru.store("shard0/inner0", "shard0", before, chunk(10)); // stale load landing late
    expect(lru.has("shard0/inner0")).toBe(false);
    lru.invalidatePrefix("shard");
    expect(lru.stats).toMatchObject({ entries: 0, bytes: 0 });
  });

  it("sizes string chunks and rejects a bad budget", () => {
    expect(chunkBytes({ data: ["ab", "c"], shape: [2] })).toBe(16 + 4 + 16 + 2);
    expect(() => new DecodedChunkLru(-1)).toThrow(SelectionError);
  });
});
