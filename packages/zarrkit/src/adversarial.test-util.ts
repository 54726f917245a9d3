/**
 * Shared pieces of the adversarial tests: a small float32 array whose chunks live in a
 * plain Map (to wrap in hostile stores), and the three ways zarrkit reads it in Node.
 */
import { expect } from "vitest";
import {
  type ByteRange,
  type CodecMetadata,
  create,
  MemoryStore,
  type NumcodecsConfig,
  open,
  type Store,
  type ZarrArray,
  type ZarrkitOpenOptions,
} from "./index.js";

/** Every test gets this long before a hang counts as a failure. */
export const TIMEOUT = 10_000;

export const SHAPE = [256, 256];
/** 16 chunks of 64 x 64 float32 (16 KiB decoded: big enough to go to the workers). */
export const CHUNKS = [64, 64];
export const values = Float32Array.from({ length: SHAPE[0] * SHAPE[1] }, (_, i) => i / 3 + 1);

/** The chunk the tests damage or make a store misbehave on, and its v2 form. */
export const BAD_KEY = "c/1/2";

/**
 * How zarrkit reads in Node: the default pool with a shared output (batched readInto),
 * the pool with an ordinary output (decode per chunk), and inline on this thread.
 */
export const MODES: readonly [string, ZarrkitOpenOptions][] = [
  ["pool, shared output", {}],
  ["pool, unshared output", { shared: false }],
  ["inline", { workers: 0 }],
];

const B = { name: "bytes", configuration: { endian: "little" } };

export interface ArraySetup {
  codecs?: readonly CodecMetadata[];
  compressor?: NumcodecsConfig;
  zarrFormat?: 2 | 3;
  shards?: readonly number[];
  chunks?: readonly number[];
}

/** The compressors of the corrupt-chunk tests, as create() options. */
export const COMPRESSED: Readonly<Record<string, ArraySetup>> = {
  zstd: { codecs: [B, { name: "zstd", configuration: { level: 1, checksum: false } }] },
  gzip: { codecs: [B, { name: "gzip", configuration: { level: 1 } }] },
  blosc: {
    codecs: [
      B,
      {
        name: "blosc",
        configuration: { cname: "lz4", clevel: 5, shuffle: "shuffle", typesize: 4, blocksize: 0 },
      },
    ],
  },
  lz4: { codecs: [B, { name: "numcodecs.lz4", configuration: { acceleration: 1 } }] },
  "v2 blosc(zstd)": {
    zarrFormat: 2,
    compressor: { id: "blosc", cname: "zstd", clevel: 3, shuffle: 1, blocksize: 0 },
  },
};

/** The array's keys and stored bytes, written once (inline) into a MemoryStore. */
export async function chunkMap(
  setup: ArraySetup = COMPRESSED.zstd,
): Promise<Map<string, Uint8Array>> {
  const memory = new MemoryStore();
  const arr = await create(memory, {
    shape: SHAPE,
    chunks: setup.chunks ?? CHUNKS,
    dtype: "float32",
    workers: 0,
    ...setup,
  });
  await arr.set(null, { data: values, shape: SHAPE });
  return memory.map;
}

/** A store over `map` whose chunk reads go through `chunk` (metadata reads are honest). */
export function hostileStore(
  map: Map<string, Uint8Array>,
  chunk: (key: string, bytes: Uint8Array | undefined, signal?: AbortSignal) => unknown,
): Store {
  return {
    get: (key, options) =>
      isMetadata(key)
        ? Promise.resolve(map.get(key)?.slice())
        : (chunk(key, map.get(key), options?.signal) as Promise<Uint8Array | undefined>),
  };
}

export function isMetadata(key: string): boolean {
  return /(^|\/)(zarr\.json|\.zarray|\.zattrs|\.zgroup|\.zmetadata)$/.test(key);
}

export async function openArray(
  store: Store,
  options: ZarrkitOpenOptions,
): Promise<ZarrArray<"float32">> {
  return (await open(store, { ...options, kind: "array" })) as ZarrArray<"float32">;
}

/** Asserts a whole-array read returned exactly `values`. */
export function expectValues(data: unknown): void {
  expect(data).toBeInstanceOf(Float32Array);
  const got = data as Float32Array;
  expect(got.length).toBe(values.length);
  let wrong = -1;
  for (let i = 0; i < got.length && wrong < 0; i++) if (!Object.is(got[i], values[i])) wrong = i;
  expect(wrong, `first wrong element at ${wrong}`).toBe(-1);
}

/** The rejection of `promise` (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  let resolved = false;
  const error = await promise.then(
    () => {
      resolved = true;
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(resolved, "the read resolved; it should have rejected").toBe(false);
  return error as Error;
}

/** Honest ranges of a value (what a correct getRanges returns). */
export function honestRanges(value: Uint8Array, ranges: readonly ByteRange[]): Uint8Array[] {
  return ranges.map((range) =>
    "suffixLength" in range
      ? value.slice(Math.max(0, value.length - range.suffixLength))
      : value.slice(range.offset, range.offset + range.length),
  );
}
