/**
 * The worker decoder moves (transfers) chunk bytes to its workers, which detaches them.
 * A store that hands out the buffers it holds (a Map of chunks, as users write in a
 * few lines) must keep them: readers send such bytes as copies (bytesForDecoder), and
 * a store declaring fresh reads (ReadableStore.freshReads) is trusted not to need it.
 */
import { describe, expect, it } from "vitest";
import { create, MemoryStore, open, slice } from "./index.js";

const SHAPE = [256, 256];
const values = Float32Array.from({ length: SHAPE[0] * SHAPE[1] }, (_, i) => i / 3);

/** The chunks of a zstd-compressed float32 array, as a Map of the store's own buffers. */
async function chunkMap(): Promise<Map<string, Uint8Array>> {
  const memory = new MemoryStore();
  const arr = await create(memory, {
    shape: SHAPE,
    chunks: [64, 64],
    dtype: "float32",
    codecs: [
      { name: "bytes", configuration: { endian: "little" } },
      { name: "zstd", configuration: { level: 1 } },
    ],
  });
  await arr.set(null, { data: values, shape: SHAPE });
  const map = new Map<string, Uint8Array>();
  for await (const key of memory.list()) map.set(key, (await memory.get(key)) as Uint8Array);
  return map;
}

describe("stores that hand out the buffers they hold", () => {
  it("keep them through repeated reads and writes with the worker pool", async () => {
    const map = await chunkMap();
    const store = {
      get: async (key: string) => map.get(key),
      set: async (key: string, value: Uint8Array) => void map.set(key, value),
      delete: async (key: string) => void map.delete(key),
    };
    const arr = await open(store, { kind: "array" });
    // sizes of every value but the chunk the test rewrites
    const sizes = () =>
      [...map].filter(([key]) => key !== "c/0/0").map(([, bytes]) => bytes.byteLength);
    const before = sizes();
    for (let i = 0; i < 3; i++) {
      const whole = await arr.get();
      expect(Array.from(whole.data as Float32Array)).toEqual(Array.from(values));
      const corner = await arr.get([slice(0, 100), slice(0, 100)]);
      expect((corner.data as Float32Array)[1000]).toBe(values[10 * 256]);
    }
    // a partial write decodes the chunk it updates
    await arr.set([slice(0, 1), slice(0, 1)], 42);
    expect((await arr.get([slice(0, 2), slice(0, 1)])).data).toEqual(
      new Float32Array([42, values[256]]),
    );
    expect(sizes().every((n) => n > 0)).toBe(true);
    expect(sizes()).toEqual(before);
    expect(map.get("c/0/0")?.byteLength).toBeGreaterThan(0);
  });

  it("a store declaring fresh reads hands its buffers over without a copy", async () => {
    const map = await chunkMap();
    const handedOut: Uint8Array[] = [];
    const store = {
      freshReads: true,
      get: async (key: string) => {
        const bytes = map.get(key)?.slice();
        if (bytes && key.includes("c/")) handedOut.push(bytes);
        return bytes;
      },
    };
    const arr = await open(store, { kind: "array" });
    await arr.get();
    // moved to the workers: detached here
    expect(handedOut.length).toBe(16);
    expect(handedOut.every((bytes) => bytes.byteLength === 0)).toBe(true);
  });
});
