/**
 * Reads from files reuse chunk buffers (sharedChunkBuffers for worker reads into a
 * shared output, localChunkBuffers for scratch and inline reads). These tests read
 * several arrays at once, over and over, so that a buffer given back too early would
 * show up as another chunk's values.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  create,
  createDecodePool,
  createInlineChunkDecoder,
  FileSystemStore,
  open,
  sharedChunkBuffers,
  slice,
  type ZarrArray,
} from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "zarrkit-reuse-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SHAPE = [256, 256];
const values = (seed: number) =>
  Float32Array.from({ length: SHAPE[0] * SHAPE[1] }, (_, i) => ((i * 7919 + seed) % 10007) / 7);

const expected = [values(1), values(2), values(3)];
const codecsFor = [
  undefined, // default codecs
  [{ name: "bytes", configuration: { endian: "little" } }], // raw: decoded inline
  [
    { name: "bytes", configuration: { endian: "little" } },
    { name: "zstd", configuration: { level: 1, checksum: false } },
  ],
];

beforeAll(async () => {
  for (const [i, data] of expected.entries()) {
    const arr = await create(join(dir, `a${i}.zarr`), {
      shape: SHAPE,
      chunks: [64, 64], // 16 KiB chunks: above the inline threshold, so workers decode
      dtype: "float32",
      ...(codecsFor[i] ? { codecs: codecsFor[i] } : {}),
    });
    await arr.set(null, { data, shape: SHAPE });
  }
});

// toEqual walks 65,536 elements one by one; a byte comparison is instant
const sameBytes = (a: Float32Array, b: Float32Array) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );

async function readAllAtOnce(arrays: ZarrArray[], rounds: number, withOut: boolean) {
  const outs = arrays.map(() => new Float32Array(SHAPE[0] * SHAPE[1]));
  for (let r = 0; r < rounds; r++) {
    const results = await Promise.all(
      arrays.map((a, i) => a.get(undefined, withOut ? { out: outs[i] } : {})),
    );
    for (const [i, result] of results.entries()) {
      expect(sameBytes(result.data as Float32Array, expected[i])).toBe(true);
    }
  }
}

describe("chunk buffer reuse", () => {
  it("keeps concurrent worker reads of different arrays apart", async () => {
    // arrays 0 and 2 are read by the workers themselves (FileSystemStore.workerRef);
    // array 1 through a wrapper store without one: read here into pooled shared buffers
    const arrays = await Promise.all(
      expected.map((_, i) => {
        const store = new FileSystemStore(join(dir, `a${i}.zarr`));
        const wrapped = { get: store.get.bind(store) };
        return open(i === 1 ? wrapped : store, { kind: "array" });
      }),
    );
    await readAllAtOnce(arrays as ZarrArray[], 4, false);
    // the wrapped store's reads went through the pool and came back to it
    expect(sharedChunkBuffers.idleBytes).toBeGreaterThan(0);
  });

  it("keeps concurrent worker reads into ordinary memory apart (a page without isolation)", async () => {
    // workers decode into pooled buffers moved to them and back, which the pool adopts
    const inlinePool = await createDecodePool({ size: 0 });
    for (const workers of [undefined, inlinePool]) {
      const arrays = await Promise.all(
        expected.map((_, i) => {
          const store = new FileSystemStore(join(dir, `a${i}.zarr`));
          return open({ get: store.get.bind(store) }, { kind: "array", shared: false, workers });
        }),
      );
      await readAllAtOnce(arrays as ZarrArray[], 4, false);
      await readAllAtOnce(arrays as ZarrArray[], 2, true);
    }
  });

  it("keeps concurrent inline reads into `out` apart", async () => {
    const decoder = createInlineChunkDecoder();
    const arrays = await Promise.all(
      expected.map((_, i) => open(join(dir, `a${i}.zarr`), { kind: "array", decoder })),
    );
    await readAllAtOnce(arrays as ZarrArray[], 4, true);
  });

  it("partial reads through pooled buffers match", async () => {
    const arr = (await open(join(dir, "a2.zarr"), { kind: "array" })) as ZarrArray;
    const part = await arr.get([slice(10, 200), slice(33, 34)]);
    const want = Float32Array.from({ length: 190 }, (_, k) => expected[2][(10 + k) * 256 + 33]);
    expect(part.data).toEqual(want);
  });
});
