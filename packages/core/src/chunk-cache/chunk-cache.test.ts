import { registerPureCodecs, registerWasmCodecs } from "@zarrkit/codecs";
import { beforeAll, describe, expect, it } from "vitest";
import type { ZarrArray } from "../array.js";
import { defaultCodecRegistry } from "../codec-registry.js";
import { AbortError } from "../errors.js";
import { slice } from "../indexing/slice.js";
import { open } from "../open.js";
import { RequestScheduler } from "../schedule/request-scheduler.js";
import { CountingStore } from "../sharding/sharding.test-util.js";
import { create } from "../write/create.js";
import { ChunkCache } from "./chunk-cache.js";

beforeAll(() => {
  registerWasmCodecs(registerPureCodecs(defaultCodecRegistry));
});

const SHAPE = [40, 60];

function values(offset = 0): Float32Array {
  return Float32Array.from({ length: SHAPE[0] * SHAPE[1] }, (_, i) => i + offset);
}

/** A 40x60 float32 array in 10x20 chunks (or 20x40 shards of 10x20 inner chunks). */
async function sample(sharded: boolean): Promise<CountingStore> {
  const store = new CountingStore("ranges");
  const a = await create(store, {
    path: "img",
    shape: SHAPE,
    chunks: [10, 20],
    dtype: "float32",
    ...(sharded ? { shards: [20, 40] } : {}),
  });
  await a.set(null, values());
  store.reset();
  return store;
}

async function openCached(store: CountingStore, cache: ChunkCache): Promise<ZarrArray<"float32">> {
  return (await open(store, { kind: "array", path: "img", cache })) as ZarrArray<"float32">;
}

function region(data: Float32Array, r0: number, r1: number, c0: number, c1: number): number[] {
  const out: number[] = [];
  for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out.push(data[r * SHAPE[1] + c]);
  return out;
}

for (const sharded of [false, true]) {
  describe(`an array read through a chunk cache (${sharded ? "sharded" : "plain"})`, () => {
    it("fetches each chunk once; later reads of cached chunks cost no request", async () => {
      const store = await sample(sharded);
      const cache = new ChunkCache({ maxBytes: 1 << 20 });
      const a = await openCached(store, cache);
      store.reset();
      const first = await a.get([slice(5, 25), slice(10, 50)]);
      expect(Array.from(first.data)).toEqual(region(values(), 5, 25, 10, 50));
      const fetched = store.dataRequests().length;
      expect(fetched).toBeGreaterThan(0);
      const again = await a.get([slice(10, 20), slice(20, 40)]);
      expect(Array.from(again.data)).toEqual(region(values(), 10, 20, 20, 40));
      expect(store.dataRequests().length).toBe(fetched);
      expect(cache.stats.hits).toBeGreaterThan(0);
      // blocks() and getChunk() consult it too
      const blocks = [];
      for await (const block of a.blocks([slice(10, 20), slice(20, 40)])) blocks.push(block);
      expect(blocks.length).toBe(1);
      if (!sharded) {
        const chunk = await a.getChunk([1, 1]);
        expect(Array.from(chunk.data as Float32Array)).toEqual(region(values(), 10, 20, 20, 40));
        (chunk.data as Float32Array).fill(-1); // the caller's copy: the cache is untouched
      }
      expect(store.dataRequests().length).toBe(fetched);
      const after = await a.get([slice(10, 20), slice(20, 40)]);
      expect(Array.from(after.data)).toEqual(region(values(), 10, 20, 20, 40));
    });

    it("is off by default: an array opened without it reads the store each time", async () => {
      const store = await sample(sharded);
      const a = (await open(store, { kind: "array", path: "img" })) as ZarrArray<"float32">;
      store.reset();
      await a.get([slice(0, 10), slice(0, 20)]);
      const once = store.dataRequests().length;
      await a.get([slice(0, 10), slice(0, 20)]);
      // (a sharded array keeps its shard indexes, so the second read costs the chunk alone)
      expect(store.dataRequests().length).toBe(sharded ? 2 * once - 1 : 2 * once);
    });

    it("a write through the array drops what it made stale", async () => {
      const store = await sample(sharded);
      const cache = new ChunkCache();
      const a = await openCached(store, cache);
      await a.get(); // everything cached
      await a.set([slice(12, 14), slice(25, 27)], 999);
      const expected = values();
      for (const r of [12, 13]) for (const c of [25, 26]) expected[r * SHAPE[1] + c] = 999;
      store.reset();
      const { data } = await a.get();
      expect(Array.from(data)).toEqual(Array.from(expected));
      // only the rewritten chunk (or its shard's inner chunks) was fetched again
      const keys = new Set(store.dataRequests().map((r) => r.key));
      expect([...keys]).toEqual([sharded ? "img/c/0/0" : "img/c/1/1"]);
      await a.resize([20, 60]);
      expect(Array.from((await a.get()).data)).toEqual(Array.from(expected.subarray(0, 20 * 60)));
    });

    it("concurrent reads share fetches; aborting one read leaves the other whole", async () => {
      const store = await sample(sharded);
      const cache = new ChunkCache({ scheduler: new RequestScheduler({ concurrency: 2 }) });
      const a = await openCached(store, cache);
      store.reset();
      const leaving = new AbortController();
      const left = a.get([slice(0, 40), slice(0, 60)], { signal: leaving.signal });
      const stays = a.get([slice(0, 40), slice(0, 60)]);
      leaving.abort();
      await expect(left).rejects.toBeInstanceOf(AbortError);
      expect(Array.from((await stays).data)).toEqual(Array.from(values()));
      const keys = store.dataRequests().map((r) => JSON.stringify(r));
      expect(new Set(keys).size).toBe(keys.length); // nothing fetched twice
      expect(cache.scheduler.stats).toMatchObject({ queued: 0, running: 0, callers: 0 });
    });
  });
}

describe("ChunkCache across arrays", () => {
  it("holds one budget for every array, and loads the most urgent chunks first", async () => {
    const store = await sample(false);
    const chunkBytes = 10 * 20 * 4;
    const cache = new ChunkCache({
      maxBytes: 3 * chunkBytes,
      scheduler: new RequestScheduler({ concurrency: 1 }),
    });
    const a = await openCached(store, cache);
    const b = await openCached(store, cache); // same storage and path: same cached chunks
    await a.get([slice(0, 10), null]); // 3 chunks
    store.reset();
    await b.get([slice(0, 10), null]);
    expect(store.dataRequests()).toEqual([]);
    // a 4th chunk evicts the least recently used one
    await a.get([slice(10, 20), slice(0, 20)]);
    expect(cache.stats).toMatchObject({ entries: 3, evictions: 1 });
    expect(cache.stats.peakBytes).toBeLessThanOrEqual(3 * chunkBytes);
    // priorities: the chunk nearest (40, 60) first
    store.reset();
    await a.get([slice(20, 40), null], {
      priority: ([r, c]) => -(r * 10 + c),
    });
    expect(store.dataRequests().map((r) => r.key)).toEqual([
      "img/c/3/2",
      "img/c/3/1",
      "img/c/3/0",
      "img/c/2/2",
      "img/c/2/1",
      "img/c/2/0",
    ]);
  });
});
