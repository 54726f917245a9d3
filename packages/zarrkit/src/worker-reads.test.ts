/**
 * Reads from a FileSystemStore in Node go the workers' own way: each worker opens the
 * store (workerRef) and reads, decodes and copies batches of chunks into the shared
 * output. These tests cover what that path must keep: absent chunks, progress,
 * errors naming the chunk, abort, and coordinate selections mixed in.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AbortError,
  CorruptChunkError,
  coords,
  create,
  FileSystemStore,
  open,
  type ZarrArray,
} from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "zarrkit-worker-reads-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 256 chunks of 16 KiB: 64 chunks per worker message, 4 messages
const SHAPE = [1024, 1024];
const CHUNKS = [64, 64];
const values = Int32Array.from({ length: SHAPE[0] * SHAPE[1] }, (_, i) => (i * 7919) % 100003);
const path = join(dir, "a.zarr");

/** The expected array, with the chunks in `absent` reading as the fill value -1. */
function expected(absent: readonly string[]): Int32Array {
  const want = values.slice();
  for (const key of absent) {
    const [, cy, cx] = key.split("/").map(Number);
    for (let y = cy * 64; y < cy * 64 + 64; y++)
      want.fill(-1, y * 1024 + cx * 64, y * 1024 + cx * 64 + 64);
  }
  return want;
}

const same = (a: Int32Array, b: Int32Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );

beforeAll(async () => {
  const arr = await create(path, {
    shape: SHAPE,
    chunks: CHUNKS,
    dtype: "int32",
    fillValue: -1,
    codecs: [
      { name: "bytes", configuration: { endian: "little" } },
      { name: "zstd", configuration: { level: 1, checksum: false } },
    ],
  });
  await arr.set(null, { data: values, shape: SHAPE });
  for (const key of ["c/0/3", "c/5/5", "c/7/7"]) unlinkSync(join(path, key));
});

const openArray = async () =>
  (await open(new FileSystemStore(path), { kind: "array" })) as ZarrArray<"int32">;

describe("reads by workers that open the store", () => {
  it("read present chunks, fill absent ones, and count progress per chunk", async () => {
    const arr = await openArray();
    const seen: number[] = [];
    const result = await arr.get(undefined, {
      onProgress: ({ done, total }) => seen.push(done / total),
    });
    expect(same(result.data, expected(["c/0/3", "c/5/5", "c/7/7"]))).toBe(true);
    expect(seen.at(-1)).toBe(1);
    // 256 chunks, 64 to a batch without progress: batches shrink for ~64 updates
    expect(seen.length).toBeGreaterThanOrEqual(32);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    // into a reused out that holds old values: absent chunks are written with the fill
    const out = new Int32Array(values.length).fill(123);
    await arr.get(undefined, { out });
    expect(same(out, expected(["c/0/3", "c/5/5", "c/7/7"]))).toBe(true);
  });

  it("mix coordinate selections in", async () => {
    const arr = await openArray();
    const points = await arr.get(coords([0, 5 * 64 + 1, 1023], [3 * 64, 5 * 64 + 2, 0]));
    expect(Array.from(points.data)).toEqual([-1, -1, values[1023 * 1024]]);
  });

  it("name a corrupt chunk in the error", async () => {
    const bad = join(dir, "bad.zarr");
    const arr = await create(bad, { shape: SHAPE, chunks: CHUNKS, dtype: "int32" });
    await arr.set(null, { data: values, shape: SHAPE });
    writeFileSync(join(bad, "c/2/6"), new Uint8Array([1, 2, 3, 4, 5]));
    const back = await open(new FileSystemStore(bad), { kind: "array" });
    const error = await back.get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptChunkError);
    expect((error as Error).message).toContain("c/2/6");
  });

  it("stop promptly on abort", async () => {
    const arr = await openArray();
    const controller = new AbortController();
    const reading = arr.get(undefined, { signal: controller.signal, concurrency: 1 });
    controller.abort();
    await expect(reading).rejects.toBeInstanceOf(AbortError);
    // the pool goes on serving
    expect(same((await arr.get()).data, expected(["c/0/3", "c/5/5", "c/7/7"]))).toBe(true);
  });
});
