/**
 * A codec the app registers on the default registry exists on its thread only: arrays
 * using it must still read (and write) with the default worker pool, decoded here,
 * never an "unknown codec" from a worker. So must an app's replacement of a built-in.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  type BytesToBytesCodec,
  configureWorkers,
  create,
  defaultCodecRegistry,
  getWorkerPool,
  MemoryStore,
  open,
} from "./index.js";

/** XORs every byte with `key`: its own inverse. */
function xorCodec(name: string, key: number): BytesToBytesCodec {
  const xor = (bytes: Uint8Array) => bytes.map((b) => b ^ key);
  return { kind: "bytes_to_bytes", name, encode: xor, decode: xor };
}

const BYTES = { name: "bytes", configuration: { endian: "little" } };
const shape = [128, 128];
const values = Float32Array.from({ length: 128 * 128 }, (_, i) => i * 0.5 - 100);

async function readFloat32(store: MemoryStore): Promise<Float32Array> {
  const arr = await open(store, { kind: "array" });
  if (!arr.is("float32")) throw new Error(`expected float32, got ${arr.dtype}`);
  return (await arr.get()).data;
}

/** Writes on this thread (so the stored bytes are the app codec's), reads with the pool. */
async function roundTrip(codecs: { name: string; configuration?: Record<string, unknown> }[]) {
  const store = new MemoryStore();
  // 64x64 float32 chunks (16 KiB): big enough to go to the pool
  const options = { shape, chunks: [64, 64], dtype: "float32", codecs, workers: 0 } as const;
  const written = await create(store, options);
  await written.set(null, values);
  return { store, data: await readFloat32(store) };
}

describe("a codec registered on the default registry, with the default pool", () => {
  afterAll(() => configureWorkers({}));

  it("writes and reads an array that uses it, with the right values", async () => {
    configureWorkers({ size: 2 });
    defaultCodecRegistry.register("test.xor", () => xorCodec("test.xor", 0x5a));
    const { store, data } = await roundTrip([BYTES, { name: "test.xor" }]);
    expect(Array.from(data)).toEqual(Array.from(values));
    // and writes through the pool
    const again = await open(store, { kind: "array" });
    await again.set(null, 7);
    expect((await readFloat32(store)).every((v) => v === 7)).toBe(true);
    await again.set(null, values);
    // the stored chunk really went through the codec
    const chunk = await store.get("c/0/0");
    expect(chunk?.length).toBe(64 * 64 * 4);
    expect(new Float32Array(chunk!.map((b) => b ^ 0x5a).buffer)[1]).toBe(values[1]);
    expect((await getWorkerPool()).size).toBe(2);
  }, 60_000);

  it("uses the app's replacement of a built-in codec, not the workers' own", async () => {
    configureWorkers({ size: 2 });
    // "crc32c" replaced by a codec that is not a checksum at all: a worker decoding with
    // its own crc32c would fail on every chunk, or read the wrong values
    const builtin = defaultCodecRegistry.loader("crc32c")!;
    defaultCodecRegistry.register("crc32c", () => xorCodec("crc32c", 0x33));
    try {
      const { data } = await roundTrip([BYTES, { name: "crc32c" }]);
      expect(Array.from(data)).toEqual(Array.from(values));
    } finally {
      defaultCodecRegistry.register("crc32c", { load: builtin });
    }
  }, 60_000);
});
