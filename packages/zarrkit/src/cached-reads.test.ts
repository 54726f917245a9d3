/**
 * Arrays opened with a ChunkCache through zarrkit's open decode their misses in the
 * worker pool (its default decoder) and answer repeats from the cache, plain and sharded,
 * with values equal to an uncached read.
 */
import { describe, expect, it } from "vitest";
import { ChunkCache, create, MemoryStore, open, slice, type ZarrArray } from "./index.js";

const SHAPE = [96, 80];
const values = Float32Array.from({ length: SHAPE[0] * SHAPE[1] }, (_, i) => Math.cos(i / 9) * 50);

describe("zarrkit open with a chunk cache", () => {
  for (const sharded of [false, true]) {
    it(`misses go through the default (worker pool) decoder, repeats come from the cache (${sharded ? "sharded" : "plain"})`, async () => {
      const store = new MemoryStore();
      const written = await create(store, {
        path: "a",
        shape: SHAPE,
        chunks: [16, 20],
        dtype: "float32",
        compressor: { id: "zstd", level: 1 },
        ...(sharded ? { shards: [32, 40] } : {}),
      });
      await written.set(null, values);
      let reads = 0;
      const get = store.get.bind(store);
      store.get = async (key, options) => {
        if (key.includes("/c/")) reads++;
        return get(key, options);
      };
      const getRange = store.getRange?.bind(store);
      if (getRange) {
        store.getRange = async (key, range, options) => {
          if (key.includes("/c/")) reads++;
          return getRange(key, range, options);
        };
      }
      const cache = new ChunkCache();
      const a = (await open(store, { kind: "array", path: "a", cache })) as ZarrArray<"float32">;
      const plain = (await open(store, { kind: "array", path: "a" })) as ZarrArray<"float32">;
      const selection = [slice(5, 90), slice(3, 77)];
      const expected = (await plain.get(selection)).data;
      reads = 0;
      const first = await a.get(selection);
      expect(Array.from(first.data)).toEqual(Array.from(expected));
      expect(reads).toBeGreaterThan(0);
      reads = 0;
      const again = await a.get(selection);
      expect(Array.from(again.data)).toEqual(Array.from(expected));
      expect(reads).toBe(0);
      expect(cache.stats.hits).toBeGreaterThan(0);
      expect(cache.scheduler.stats).toMatchObject({ queued: 0, running: 0, callers: 0 });
    });
  }
});
