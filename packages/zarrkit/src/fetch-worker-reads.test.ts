/**
 * Reads from a FetchStore in Node go the workers' own way when the store can cross
 * threads (workerRef): the workers fetch, decode and copy their batches of chunks, and
 * this thread makes no chunk request; the store's statistics still count them. A store
 * whose options live on this thread only (a headers function) falls back to fetching here.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type StaticServer, startStaticServer } from "./cli/serve.js";
import { create, FetchStore, type FetchStoreOptions, open, type ZarrArray } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "zarrkit-fetch-worker-reads-"));
const SHAPE = [512, 512];
const values = Int32Array.from({ length: SHAPE[0] * SHAPE[1] }, (_, i) => (i * 7919) % 100003);
const ABSENT = "c/2/5";
let server: StaticServer;
const requests: { path: string; range: string | undefined }[] = [];

beforeAll(async () => {
  const arr = await create(join(dir, "a.zarr"), {
    shape: SHAPE,
    chunks: [64, 64],
    dtype: "int32",
    fillValue: -1,
    codecs: [
      { name: "bytes", configuration: { endian: "little" } },
      { name: "zstd", configuration: { level: 1, checksum: false } },
    ],
  });
  await arr.set(null, { data: values, shape: SHAPE });
  unlinkSync(join(dir, "a.zarr", ABSENT));
  server = await startStaticServer({ root: dir, onRequest: (r) => requests.push(r) });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  requests.length = 0;
});

/** Bytes of every chunk file on disk. */
function sizeOfChunks(): number {
  let total = 0;
  for (const entry of readdirSync(join(dir, "a.zarr", "c"), { recursive: true })) {
    const file = join(dir, "a.zarr", "c", String(entry));
    if (statSync(file).isFile()) total += statSync(file).size;
  }
  return total;
}

function expected(): Int32Array {
  const want = values.slice();
  const [, cy, cx] = ABSENT.split("/").map(Number) as [string, number, number];
  for (let y = cy * 64; y < cy * 64 + 64; y++) {
    want.fill(-1, y * 512 + cx * 64, y * 512 + cx * 64 + 64);
  }
  return want;
}

const same = (a: Int32Array, b: Int32Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );

async function openOver(options: FetchStoreOptions) {
  const store = new FetchStore(`${server.url}a.zarr/`, { retries: 0, ...options });
  const arr = (await open(store, { kind: "array" })) as ZarrArray<"int32">;
  return { store, arr };
}

const chunkRequests = () => requests.filter((r) => /\/c\/\d+\/\d+$/.test(r.path));

/** Runs `fn` counting this thread's fetch calls (workers have their own fetch). */
async function countingFetches<T>(fn: () => Promise<T>): Promise<{ value: T; fetches: number }> {
  const realFetch = globalThis.fetch;
  let fetches = 0;
  globalThis.fetch = (input, init) => {
    fetches++;
    return realFetch(input, init);
  };
  try {
    return { value: await fn(), fetches };
  } finally {
    globalThis.fetch = realFetch;
  }
}

describe("FetchStore.workerRef", () => {
  it("lets the workers fetch the chunks: this thread makes no chunk request", async () => {
    const { store, arr } = await openOver({ headers: { "X-Test": "1" } });
    expect(store.workerRef()).toEqual({
      kind: "fetch",
      url: `${server.url}a.zarr/`,
      options: { retries: 0, headers: [["X-Test", "1"]] },
    });
    const before = { ...store.stats };
    const { value: result, fetches } = await countingFetches(() => arr.get(null));
    expect(same(result.data, expected())).toBe(true);
    // every chunk was requested once, by a worker: none by this thread
    expect(chunkRequests().length).toBe(64);
    expect(fetches).toBe(0);
    // ...and the store's statistics count the workers' requests and bytes
    expect(store.stats.requests - before.requests).toBe(64);
    const chunkBytes = sizeOfChunks();
    expect(store.stats.bytesReceived - before.bytesReceived).toBe(chunkBytes);
  });

  it("falls back to this thread when an option cannot cross threads", async () => {
    const { store, arr } = await openOver({ headers: () => ({ "X-Token": "t" }) });
    expect(store.workerRef()).toBeUndefined();
    const before = store.stats.requests;
    const { value: result, fetches } = await countingFetches(() => arr.get(null));
    expect(same(result.data, expected())).toBe(true);
    expect(store.stats.requests - before).toBe(64);
    expect(fetches).toBe(64);
    const onRequest = await openOver({ onRequest: () => {} });
    expect(onRequest.store.workerRef()).toBeUndefined();
  });

  it("keeps the base URL's query for the workers", () => {
    const store = new FetchStore("http://127.0.0.1:1/data.zarr?sig=abc", {
      headers: new Headers({ "x-a": "b" }),
    });
    expect(store.workerRef()).toEqual({
      kind: "fetch",
      url: "http://127.0.0.1:1/data.zarr/?sig=abc",
      options: { headers: [["x-a", "b"]] },
    });
  });
});
