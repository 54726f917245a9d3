import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARED_FIXTURES } from "../../../tests/support/shared-fixtures.js";
import {
  AbortError,
  type ChunkData,
  type ChunkDecoder,
  configureWorkers,
  create,
  createDecodePool,
  createWorkerDecoder,
  FileSystemStore,
  getWorkerPool,
  MemoryStore,
  open,
  setWorkerPool,
  slice,
  type WorkerPool,
  workerPoolSize,
  ZarrError,
} from "./index.js";

const FIXTURES = `${SHARED_FIXTURES}`;

/** Every array in the zarrita and zarrs fixtures (v2 and v3), as [root, path]. */
function fixtureArrays(): [string, string][] {
  const found: [string, string][] = [];
  const walk = (root: string, rel: string) => {
    const dir = join(root, rel);
    const entries = readdirSync(dir, { withFileTypes: true });
    const names = entries.map((e) => e.name);
    const isArray =
      names.includes(".zarray") ||
      (names.includes("zarr.json") && isArrayJson(join(dir, "zarr.json")));
    if (isArray) {
      found.push([root, rel]);
      return;
    }
    for (const e of entries) {
      if (e.isDirectory()) walk(root, rel === "" ? e.name : `${rel}/${e.name}`);
    }
  };
  for (const root of [
    "zarrita/v2/data.zarr",
    "zarrita/v3/data.zarr",
    "zarrs/v2",
    "zarrs/v3",
    "zarrs/v3_zarr_python",
  ]) {
    walk(join(FIXTURES, root), "");
  }
  return found;
}

function isArrayJson(path: string): boolean {
  return JSON.parse(readFileSync(path, "utf8")).node_type === "array";
}

function same(a: ChunkData, b: ChunkData): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x instanceof Uint8Array && y instanceof Uint8Array) {
      if (x.join() !== y.join()) return false;
    } else if (!Object.is(x, y)) return false;
  }
  return true;
}

let pool1: WorkerPool;
let pool2: WorkerPool;

beforeAll(async () => {
  [pool1, pool2] = await Promise.all([
    createDecodePool({ size: 1 }),
    createDecodePool({ size: 2 }),
  ]);
});

afterAll(async () => {
  await Promise.all([pool1?.terminate(), pool2?.terminate()]);
});

describe("the worker decoder", () => {
  it("reads every fixture identically with pools of 0, 1 and 2 workers", async () => {
    const pool0 = await createDecodePool({ size: 0 });
    const arrays = fixtureArrays();
    expect(arrays.length).toBeGreaterThan(40);
    let compared = 0;
    for (const [root, path] of arrays) {
      const store = new FileSystemStore(root);
      const reference = await open(store, { kind: "array", path, workers: 0 });
      let expected: ChunkData;
      try {
        expected = (await reference.get()).data;
      } catch {
        continue; // a codec zarrkit lacks (pcodec, zfpy): the inline reader fails the same way
      }
      for (const pool of [pool0, pool1, pool2]) {
        for (const shared of [false, true]) {
          const decoder = createWorkerDecoder({ pool, inlineBelow: 0, shared });
          const arr = await open(store, { kind: "array", path, decoder });
          const { data } = await arr.get();
          expect(same(data, expected), `${root}/${path} pool ${pool.size} shared ${shared}`).toBe(
            true,
          );
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
    expect(pool1.stats().spawned).toBe(1);
    expect(pool2.stats().spawned).toBe(2);
  });
});

/** A float32 array of `n` x `n` with gzip'd chunks of `c` x `c`, values i * 0.5. */
async function bigArray(
  n: number,
  c: number,
): Promise<{ store: MemoryStore; values: Float32Array }> {
  const store = new MemoryStore();
  const arr = await create(store, {
    shape: [n, n],
    chunks: [c, c],
    dtype: "float32",
    codecs: [
      { name: "bytes", configuration: { endian: "little" } },
      { name: "gzip", configuration: { level: 1 } },
    ],
  });
  const values = new Float32Array(n * n);
  for (let i = 0; i < values.length; i++) values[i] = (i % 100_003) * 0.5;
  await arr.set(null, { data: values, shape: [n, n] });
  return { store, values };
}

describe("reads through the pool", () => {
  let store: MemoryStore;
  let values: Float32Array;
  beforeAll(async () => {
    ({ store, values } = await bigArray(1024, 128));
  });

  it("reports progress and fills `out`, shared or not", async () => {
    for (const shared of [false, true]) {
      const arr = await open(store, { kind: "array", workers: pool2, shared });
      const out = new Float32Array(1024 * 1024);
      const seen: number[] = [];
      const result = await arr.get(undefined, {
        out,
        onProgress: ({ done, total }) => {
          expect(total).toBe(64);
          seen.push(done);
        },
      });
      expect(result.data).toBe(out);
      expect(seen).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
      expect(same(out, values)).toBe(true);
      const part = await arr.get([slice(100, 900), 7]);
      expect(part.shape).toEqual([800]);
      expect(part.data[0]).toBe(values[100 * 1024 + 7]);
    }
  });

  it("returns a SharedArrayBuffer result when shared, and a plain one when not", async () => {
    const sharedArr = await open(store, { kind: "array", workers: pool2, shared: true });
    expect(((await sharedArr.get([slice(0, 256)])).data as Float32Array).buffer).toBeInstanceOf(
      SharedArrayBuffer,
    );
    const plainArr = await open(store, { kind: "array", workers: pool2, shared: false });
    expect(((await plainArr.get([slice(0, 256)])).data as Float32Array).buffer).toBeInstanceOf(
      ArrayBuffer,
    );
  });

  it("aborts: in-flight work stops, the read rejects at once, later reads work", async () => {
    for (const shared of [false, true]) {
      const arr = await open(store, { kind: "array", workers: pool1, shared });
      const controller = new AbortController();
      let abortedAt = 0;
      const pending = arr.get(undefined, {
        signal: controller.signal,
        // after the first batch of chunks (progress counts whole batches of small chunks)
        onProgress: ({ done, total }) => {
          if (abortedAt === 0 && done < total) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      });
      await expect(pending).rejects.toBeInstanceOf(AbortError);
      expect(performance.now() - abortedAt).toBeLessThan(250);
      // the pool drains: nothing queued, and the in-flight decode finishes soon
      expect(pool1.stats().queued).toBe(0);
      const { data } = await arr.get();
      expect(same(data, values)).toBe(true);
      expect(pool1.stats().busy).toBe(0);
    }
  });
});

describe("a worker that dies mid-read", () => {
  it("rejects that read with ZarrError('worker'); the pool replaces it and other reads go on", async () => {
    const entry = new URL("./__fixtures__/exit-decode-worker.ts", import.meta.url);
    const pool = await createDecodePool({ size: 2, entry });
    try {
      const { store, values } = await bigArray(512, 128);
      const deadly = new MemoryStore();
      const killer = await create(deadly, {
        shape: [256],
        chunks: [256],
        dtype: "float64",
        codecs: [{ name: "bytes", configuration: { endian: "little" } }],
      });
      await killer.set(null, 1);
      // the same chunk bytes, but decoded through the test-only codec that exits
      const meta = JSON.parse(new TextDecoder().decode(await deadly.get("zarr.json")));
      meta.codecs.push({ name: "test.exit" });
      await deadly.set("zarr.json", new TextEncoder().encode(JSON.stringify(meta)));
      const decoder: ChunkDecoder = createWorkerDecoder({ pool, inlineBelow: 0 });
      const good = await open(store, { kind: "array", decoder });
      const bad = await open(deadly, { kind: "array", decoder });
      const [goodResult, badResult] = await Promise.allSettled([good.get(), bad.get()]);
      expect(badResult.status).toBe("rejected");
      const error = (badResult as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(ZarrError);
      expect(error.code).toBe("worker");
      expect(error.message).toMatch(/worker died while running "decode": exited with code 3/);
      expect(goodResult.status).toBe("fulfilled");
      expect(
        same((goodResult as PromiseFulfilledResult<{ data: ChunkData }>).value.data, values),
      ).toBe(true);
      expect(pool.stats().replaced).toBe(1);
      expect(same((await good.get()).data, values)).toBe(true);
    } finally {
      await pool.terminate();
    }
  });
});

describe("the default pool", () => {
  it("is the pool given to setWorkerPool; configureWorkers({ size: 0 }) decodes inline", async () => {
    const { store, values } = await bigArray(256, 64);
    setWorkerPool(pool2);
    expect(await getWorkerPool()).toBe(pool2);
    const ran = pool2.stats().spawned;
    const arr = await open(store, { kind: "array" });
    expect(same((await arr.get()).data, values)).toBe(true);
    expect(pool2.stats().spawned).toBe(ran);
    configureWorkers({ size: 0 });
    expect(workerPoolSize()).toBe(0);
    const inline = await open(store, { kind: "array" });
    expect(same((await inline.get()).data, values)).toBe(true);
    expect(() => configureWorkers({ size: -1 })).toThrow(/non-negative integer/);
    setWorkerPool(undefined);
    configureWorkers({});
  });

  it("is used by open() and lets a Node script exit (workers unref'd)", async () => {
    const { spawnSync } = await import("node:child_process");
    const script = fileURLToPath(new URL("./__fixtures__/default-pool-script.ts", import.meta.url));
    const child = spawnSync(
      process.execPath,
      ["--conditions=zarrkit-source", "--import", "tsx", script],
      {
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ sum: 256, spawned: 2, shared: true });
  });
});
