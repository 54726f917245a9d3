/**
 * Writes against stores that fail. zarrkit hands a store whole encoded chunks, one
 * set() per chunk: a set() that fails (or a write aborted midway) leaves each chunk
 * either as it was or as written, never a chunk that reads as corrupt; the failure is
 * a typed error naming the key. FileSystemStore writes temp + rename, so readers racing
 * a writer see each chunk old or new, never torn.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ArraySetup,
  CHUNKS,
  COMPRESSED,
  chunkMap,
  MODES,
  openArray,
  rejectionOf,
  SHAPE,
  TIMEOUT,
  values,
} from "./adversarial.test-util.js";
import { AbortError, create, FileSystemStore, type Store, StoreError } from "./index.js";

const newValues = values.map((v) => -v);

/**
 * Reads the array back through an honest view of `map` and checks each chunk holds
 * only old values or only new ones; returns how many chunks hold new values.
 */
async function chunksAllOldOrNew(map: Map<string, Uint8Array>): Promise<number> {
  const store: Store = { get: async (key) => map.get(key)?.slice() };
  const { data } = await (await openArray(store, { workers: 0 })).get();
  const got = data as Float32Array;
  let newer = 0;
  for (let cy = 0; cy < SHAPE[0] / CHUNKS[0]; cy++) {
    for (let cx = 0; cx < SHAPE[1] / CHUNKS[1]; cx++) {
      let old = true;
      let written = true;
      for (let y = cy * CHUNKS[0]; y < (cy + 1) * CHUNKS[0]; y++) {
        for (let x = cx * CHUNKS[1]; x < (cx + 1) * CHUNKS[1]; x++) {
          const i = y * SHAPE[1] + x;
          if (got[i] !== values[i]) old = false;
          if (got[i] !== newValues[i]) written = false;
        }
      }
      expect(old || written, `chunk ${cy}/${cx} mixes old and new values`).toBe(true);
      if (written) newer++;
    }
  }
  return newer;
}

/** A store over `map` whose set() fails on its `failAt`-th call, with `failure`. */
function failingStore(map: Map<string, Uint8Array>, failAt: number, failure: unknown): Store {
  let sets = 0;
  return {
    get: async (key) => map.get(key)?.slice(),
    set: async (key, value) => {
      if (key.includes("c/") && ++sets === failAt) throw failure;
      map.set(key, value.slice());
    },
    delete: async (key) => void map.delete(key),
  };
}

const SETUPS: Record<string, ArraySetup> = {
  "zstd chunks": COMPRESSED.zstd,
  "sharded (64 x 64 shards of 32 x 32 chunks)": {
    compressor: { id: "zstd", level: 1 },
    chunks: [32, 32],
    shards: [64, 64],
  },
};

describe.each(Object.entries(SETUPS))("set() into a store whose set() fails (%s)", (_n, setup) => {
  describe.each(MODES)("(%s)", (_mode, options) => {
    it(
      "rejects with a StoreError naming the key; every chunk is old or new, none corrupt",
      async () => {
        const map = await chunkMap(setup);
        const failure = new Error("disk full");
        const arr = await openArray(failingStore(map, 5, failure), options);
        const error = await rejectionOf(arr.set(null, { data: newValues, shape: SHAPE }));
        expect(error).toBeInstanceOf(StoreError);
        expect(error.message).toMatch(/c\/\d+\/\d+/);
        expect(error.message).toContain("disk full");
        expect(error.cause).toBe(failure);
        // chunk writes already under way finish after set() rejected
        await new Promise((resolve) => setTimeout(resolve, 200));
        const newer = await chunksAllOldOrNew(map);
        expect(newer).toBeLessThan(16);
        // the same write again, to a healthy store, completes
        await (await openArray(failingStore(map, -1, undefined), options)).set(null, {
          data: newValues,
          shape: SHAPE,
        });
        expect(await chunksAllOldOrNew(map)).toBe(16);
      },
      TIMEOUT,
    );

    it(
      "a set() rejecting with a non-Error becomes a StoreError too",
      async () => {
        const map = await chunkMap(setup);
        const arr = await openArray(failingStore(map, 1, "quota exceeded"), options);
        const error = await rejectionOf(arr.set(null, { data: newValues, shape: SHAPE }));
        expect(error).toBeInstanceOf(StoreError);
        expect(error.message).toContain("quota exceeded");
        await new Promise((resolve) => setTimeout(resolve, 200));
        await chunksAllOldOrNew(map);
      },
      TIMEOUT,
    );

    it(
      "an aborted set() rejects promptly and leaves every chunk old or new",
      async () => {
        const map = await chunkMap(setup);
        const store: Store = {
          get: async (key) => map.get(key)?.slice(),
          set: async (key, value) => {
            await new Promise((resolve) => setTimeout(resolve, 10));
            map.set(key, value.slice());
          },
          delete: async (key) => void map.delete(key),
        };
        const arr = await openArray(store, options);
        const controller = new AbortController();
        const writing = arr.set(
          null,
          { data: newValues, shape: SHAPE },
          {
            signal: controller.signal,
            concurrency: 2,
          },
        );
        await new Promise((resolve) => setTimeout(resolve, 15));
        const abortedAt = performance.now();
        controller.abort();
        expect(await rejectionOf(writing)).toBeInstanceOf(AbortError);
        expect(performance.now() - abortedAt).toBeLessThan(500);
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await chunksAllOldOrNew(map)).toBeLessThan(16);
      },
      TIMEOUT,
    );
  });
});

describe("FileSystemStore: readers racing a writer", () => {
  const dir = mkdtempSync(join(tmpdir(), "zarrkit-adversarial-writes-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(MODES)(
    "every read sees each chunk old or new, never torn or corrupt (%s)",
    async (_mode, options) => {
      const path = join(dir, `race-${options.workers ?? "pool"}-${options.shared ?? "shared"}`);
      const arr = await create(path, {
        shape: SHAPE,
        chunks: CHUNKS,
        dtype: "float32",
        codecs: COMPRESSED.zstd.codecs,
        ...options,
      });
      await arr.set(null, { data: values, shape: SHAPE });
      const reader = await openArray(new FileSystemStore(path), options);
      let writing = true;
      const writer = (async () => {
        for (let round = 0; round < 6; round++) {
          await arr.set(null, { data: round % 2 === 0 ? newValues : values, shape: SHAPE });
        }
        writing = false;
      })();
      let reads = 0;
      while (writing) {
        const got = (await reader.get()).data as Float32Array;
        for (let c = 0; c < 16; c++) {
          const y0 = Math.floor(c / 4) * 64;
          const x0 = (c % 4) * 64;
          const first = got[y0 * 256 + x0];
          const want = first === values[y0 * 256 + x0] ? values : newValues;
          for (let y = y0; y < y0 + 64; y++) {
            for (let x = x0; x < x0 + 64; x++) {
              if (got[y * 256 + x] !== want[y * 256 + x]) {
                throw new Error(`chunk ${c} torn at (${y}, ${x}) in read ${reads}`);
              }
            }
          }
        }
        reads++;
      }
      await writer;
      expect(reads).toBeGreaterThan(0);
      // no temporary file of a write is left behind or listed as a key
      const leftovers = readdirSync(path, { recursive: true }).filter((f) =>
        String(f).includes(".zarrkit-tmp-"),
      );
      expect(leftovers).toEqual([]);
    },
    TIMEOUT * 2,
  );
});
