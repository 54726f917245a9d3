import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHARED_FIXTURES } from "../../../../tests/support/shared-fixtures.js";
import type { ZarrArray } from "../array.js";
import type { CodecMetadata } from "../codec.js";
import { getCodecPipeline } from "../codec-pipeline.js";
import { dataTypeFromName } from "../data-type.js";
import { AbortError, CorruptChunkError } from "../errors.js";
import { coords, slice } from "../indexing/slice.js";
import type { Selection } from "../indexing/types.js";
import { open } from "../open.js";
import { encodeShardIndex, ShardIndex } from "./shard-index.js";
import {
  CountingStore,
  FsStore,
  registry,
  type ShardedArraySpec,
  sharding,
  writeArray,
} from "./sharding.test-util.js";
import { DEFAULT_INDEX_CODECS, parseShardingConfig, shardLayout } from "./sharding-config.js";

const BYTES: CodecMetadata = { name: "bytes", configuration: { endian: "little" } };
const GZIP: CodecMetadata = { name: "gzip", configuration: { level: 1 } };
const FIXTURES = `${SHARED_FIXTURES}`;

async function openArray(
  store: CountingStore | FsStore,
  path: string,
  options: { indexCache?: Map<string, ShardIndex> } = {},
): Promise<ZarrArray> {
  return open(store, { kind: "array", path, registry, ...options });
}

describe("sharded fixtures", () => {
  it("zarrs sharded_array_write_read.zarr", async () => {
    const arr = await openArray(
      new FsStore(join(FIXTURES, "zarrs/sharded_array_write_read.zarr")),
      "group/array",
    );
    expect(arr.dtype).toBe("uint16");
    expect(arr.chunks).toEqual([4, 8]);
    const all = await arr.get();
    expect(all.data).toBeInstanceOf(Uint16Array);
    expect(list(all.data)).toEqual(Array.from({ length: 64 }, (_, i) => i));
    const part = await arr.get([slice(1, 7), slice(3, 5)]);
    expect(list(part.data)).toEqual([11, 12, 19, 20, 27, 28, 35, 36, 43, 44, 51, 52]);
    const points = await arr.get(coords([7, 0, 5], [7, 4, 1]));
    expect(list(points.data)).toEqual([63, 4, 41]);
  });

  const expected = JSON.parse(
    readFileSync(join(FIXTURES, "zarrita/v3/expected.json"), "utf8"),
  ) as Record<string, { shape: number[]; data: (number | boolean)[] }>;
  const names = Object.keys(expected).filter((n) => n.includes("sharded"));
  it.each(names)("zarrita v3 %s", async (name) => {
    const store = new FsStore(join(FIXTURES, "zarrita/v3/data.zarr"));
    const arr = await openArray(store, name);
    const { data, shape } = await arr.get();
    expect(shape).toEqual(expected[name].shape);
    expect(Array.from(data as ArrayLike<number>)).toEqual(expected[name].data.map(Number));
  });
  it("covers every sharded zarrita array", () => expect(names.length).toBe(15));
});

/** A 64x64 uint16 array in one shard of 8x8 inner chunks (64 inner chunks). */
async function bigShard(
  options: { ranges?: "none" | "range" | "ranges"; location?: "start" | "end" } = {},
) {
  const store = new CountingStore(options.ranges ?? "ranges");
  const values = Uint16Array.from({ length: 64 * 64 }, (_, i) => i);
  await writeArray(
    store,
    "a",
    {
      shape: [64, 64],
      shardShape: [64, 64],
      dtype: "uint16",
      codecs: [sharding([8, 8], [BYTES, GZIP], { index_location: options.location ?? "end" })],
    },
    values,
  );
  return { store, values };
}

describe("partial reads", () => {
  it("reads one inner chunk with 2 requests (index + chunk), then 1 with the index cached", async () => {
    const { store } = await bigShard();
    const arr = await openArray(store, "a");
    store.reset();
    const r = await arr.get([slice(8, 16), slice(16, 24)]);
    expect(list(r.data).slice(0, 3)).toEqual([8 * 64 + 16, 8 * 64 + 17, 8 * 64 + 18]);
    expect(store.dataRequests()).toEqual([
      { kind: "range", key: "a/c/0/0", range: { suffixLength: 64 * 16 + 4 } },
      {
        kind: "ranges",
        key: "a/c/0/0",
        ranges: [expect.objectContaining({ length: expect.any(Number) })],
      },
    ]);
    store.reset();
    const again = await arr.get([slice(60, 62), 3]);
    expect(list(again.data)).toEqual([60 * 64 + 3, 61 * 64 + 3]);
    expect(store.dataRequests()).toHaveLength(1);
    expect(store.dataRequests()[0].kind).toBe("ranges");
  });

  it("asks for all needed inner chunks in one getRanges call", async () => {
    const { store, values } = await bigShard();
    const arr = await openArray(store, "a");
    store.reset();
    const r = await arr.get([slice(0, 16), slice(0, 16)]); // 4 of 64 inner chunks
    expect(store.dataRequests().map((q) => q.kind)).toEqual(["range", "ranges"]);
    const ranges = store.dataRequests()[1];
    expect(ranges.kind === "ranges" && ranges.ranges).toHaveLength(4);
    expect(r.data[16 + 1]).toBe(values[64 + 1]); // row 1, column 1
  });

  it("uses getRange per chunk when the store has no getRanges", async () => {
    const { store } = await bigShard({ ranges: "range" });
    const arr = await openArray(store, "a");
    store.reset();
    const r = await arr.get([slice(0, 16), 5]);
    expect(list(r.data)).toEqual(Array.from({ length: 16 }, (_, i) => i * 64 + 5));
    expect(store.dataRequests().map((q) => q.kind)).toEqual(["range", "range", "range"]);
  });

  it("fetches a shard whole when the read needs most of it", async () => {
    const { store, values } = await bigShard();
    const arr = await openArray(store, "a");
    store.reset();
    const r = await arr.get([slice(0, 56), null]); // 56 of 64 inner chunks
    expect(store.dataRequests().map((q) => q.kind)).toEqual(["range", "get"]);
    expect(list(r.data)).toEqual(Array.from(values.subarray(0, 56 * 64)));
    // a read of every inner chunk skips the separate index request
    const fresh = await openArray(store, "a");
    store.reset();
    const all = await fresh.get();
    expect(store.dataRequests().map((q) => q.kind)).toEqual(["get"]);
    expect(list(all.data)).toEqual(Array.from(values));
  });

  it("reads the shard whole when the store has no ranged reads", async () => {
    const { store } = await bigShard({ ranges: "none" });
    const arr = await openArray(store, "a");
    store.reset();
    const r = await arr.get([3, 4]);
    expect(list(r.data)).toEqual([3 * 64 + 4]);
    expect(store.dataRequests().map((q) => q.kind)).toEqual(["get"]);
  });

  it("reads an index at the start with an offset range", async () => {
    const { store } = await bigShard({ location: "start" });
    const arr = await openArray(store, "a");
    store.reset();
    const r = await arr.get([slice(40, 42), slice(62, 64)]);
    expect(list(r.data)).toEqual([40 * 64 + 62, 40 * 64 + 63, 41 * 64 + 62, 41 * 64 + 63]);
    expect(store.dataRequests()[0]).toEqual({
      kind: "range",
      key: "a/c/0/0",
      range: { offset: 0, length: 64 * 16 + 4 },
    });
  });

  it("uses a given index cache", async () => {
    const { store } = await bigShard();
    const indexCache = new Map<string, ShardIndex>();
    const arr = await openArray(store, "a", { indexCache });
    await arr.get([0, 0]);
    expect([...indexCache.keys()]).toEqual(["a/c/0/0"]);
    const other = await openArray(store, "a", { indexCache });
    store.reset();
    await other.get([9, 9]);
    expect(store.dataRequests()).toHaveLength(1);
  });

  it("drops a cached index when set() rewrites the shard", async () => {
    const { store } = await bigShard();
    const arr = await openArray(store, "a");
    expect(list((await arr.get([5, 5])).data)).toEqual([5 * 64 + 5]);
    await arr.set([slice(0, 8), slice(0, 8)], 7);
    expect(list((await arr.get([5, slice(5, 10)])).data)).toEqual([
      7,
      7,
      7,
      5 * 64 + 8,
      5 * 64 + 9,
    ]);
    await arr.set(undefined, 0);
    expect(store.map.has("a/c/0/0")).toBe(false);
    expect(list((await arr.get([5, 5])).data)).toEqual([0]);
  });

  it("counts progress in inner chunk tasks, and aborts", async () => {
    const { store } = await bigShard();
    const arr = await openArray(store, "a");
    const seen: [number, number][] = [];
    await arr.get([slice(0, 20), slice(0, 9)], { onProgress: (p) => seen.push([p.done, p.total]) });
    expect(seen.at(-1)).toEqual([6, 6]); // 3 x 2 inner chunks
    expect(seen).toHaveLength(6);
    const controller = new AbortController();
    controller.abort();
    await expect(arr.get(undefined, { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    );
  });
});

describe("sharded reads agree with unsharded ones", () => {
  // 3-d, ragged edges (shape not a multiple of the shard), some shards and inner chunks empty
  const shape = [11, 13, 6];
  const values = Int32Array.from({ length: 11 * 13 * 6 }, (_, i) => (i % 97 < 20 ? -1 : i));
  const base: Omit<ShardedArraySpec, "codecs" | "shardShape"> = {
    shape,
    dtype: "int32",
    fillValue: -1,
  };
  const selections: [string, Selection | undefined][] = [
    ["everything", undefined],
    ["a box", [slice(2, 9), slice(3, 12), slice(1, 5)]],
    ["steps", [slice(null, null, 3), slice(1, null, 4), slice(null, null, 5)]],
    ["negative steps", [slice(null, null, -2), slice(10, 1, -3), null]],
    ["integers", [4, slice(2, 13), 5]],
    ["index arrays", [[10, 0, 3, 3, 7], null, Int32Array.from([5, 0, 2])]],
    ["a mask", [null, Array.from({ length: 13 }, (_, i) => i % 3 === 1), 0]],
    ["points", coords([0, 10, 5, 5, 7], [12, 0, 6, 6, 3], [5, 0, 2, 2, 1])],
  ];
  const layouts: [string, CodecMetadata[], number[]][] = [
    ["end index", [sharding([2, 3, 3], [BYTES, GZIP])], [4, 6, 6]],
    ["start index", [sharding([4, 2, 2], [BYTES], { index_location: "start" })], [8, 4, 6]],
    ["nested", [sharding([4, 6, 3], [sharding([2, 3, 3], [BYTES, GZIP])])], [8, 12, 6]],
    [
      "transpose first (whole-shard fallback)",
      [{ name: "transpose", configuration: { order: [2, 1, 0] } }, sharding([3, 2, 2], [BYTES])],
      [6, 4, 6],
    ],
  ];
  it.each(layouts)("%s", async (_label, codecs, shardShape) => {
    const store = new CountingStore("ranges");
    await writeArray(store, "plain", { ...base, shardShape: [3, 5, 4], codecs: [BYTES] }, values);
    await writeArray(store, "sharded", { ...base, shardShape, codecs }, values);
    expect(store.map.size).toBeGreaterThan(2);
    const plain = await openArray(store, "plain");
    const sharded = await openArray(store, "sharded");
    for (const [label, selection] of selections) {
      const want = await plain.get(selection);
      for (const concurrency of [1, 4]) {
        const got = await sharded.get(selection, { concurrency });
        expect(got.shape, label).toEqual(want.shape);
        expect(list(got.data), label).toEqual(list(want.data));
      }
      const out = new Int32Array(want.data.length).fill(123);
      await sharded.get(selection, { out: out as never });
      expect(Array.from(out), `${label} into out`).toEqual(list(want.data));
    }
  });
});

describe("missing and corrupt shards", () => {
  async function small(store: CountingStore, fillValue = 9) {
    const values = Uint8Array.from({ length: 8 * 8 }, (_, i) => (i < 32 ? fillValue : i));
    await writeArray(
      store,
      "s",
      {
        shape: [8, 8],
        shardShape: [4, 8],
        dtype: "uint8",
        fillValue,
        codecs: [sharding([2, 4], [BYTES])],
      },
      values,
    );
    return values;
  }

  it("reads missing shards and empty inner chunks as the fill value", async () => {
    const store = new CountingStore();
    const values = await small(store);
    expect(store.map.has("s/c/0/0")).toBe(false);
    store.map.delete("s/c/1/0");
    const arr = await openArray(store, "s");
    const r = await arr.get();
    expect(list(r.data)).toEqual(Array.from(values, () => 9));
  });

  it("reads empty inner chunks of a present shard as the fill value", async () => {
    const store = new CountingStore();
    const values = Uint8Array.from({ length: 64 }, (_, i) => (i >= 32 && i % 8 < 4 ? 5 : i));
    await writeArray(
      store,
      "s",
      {
        shape: [8, 8],
        shardShape: [4, 8],
        dtype: "uint8",
        fillValue: 5,
        codecs: [sharding([2, 4], [BYTES])],
      },
      values,
    );
    const arr = await openArray(store, "s");
    store.reset();
    const r = await arr.get([slice(4, 8), slice(0, 4)]); // two empty inner chunks of shard 1
    expect(list(r.data)).toEqual(new Array(16).fill(5));
    expect(store.dataRequests().map((q) => q.kind)).toEqual(["range"]); // the index only
  });

  it("fails with CorruptChunkError naming the shard key", async () => {
    const store = new CountingStore();
    await small(store);
    const good = store.map.get("s/c/1/0") as Uint8Array;
    const indexSize = 4 * 16 + 4;
    // an index with a valid checksum whose last chunk runs past the end of the shard
    const layout = shardLayout(
      parseShardingConfig({ chunk_shape: [2, 4], codecs: [BYTES] }, [4, 8], "t"),
      {
        shape: [4, 8],
        dataType: dataTypeFromName("uint8"),
        fillValue: 9,
      },
    );
    const indexPipeline = await getCodecPipeline(DEFAULT_INDEX_CODECS, layout.indexSpec, {
      registry,
    });
    const entries = Float64Array.from([0, 8, 8, 8, 16, 8, 24, 8 + 1000]);
    const badIndex = await encodeShardIndex(new ShardIndex(entries), indexPipeline, layout);
    const outOfRange = concat(good.subarray(0, good.length - indexSize), badIndex);
    const part: Selection = [slice(6, 8), slice(4, 8)]; // inner chunk 3 of shard c/1/0
    const cases: [string, Uint8Array, Selection | undefined, RegExp][] = [
      [
        "bad crc",
        good.map((b, i) => (i === good.length - 1 ? b ^ 1 : b)),
        part,
        /s\/c\/1\/0.*checksum/,
      ],
      [
        "truncated below the index",
        good.subarray(good.length - 10),
        part,
        /s\/c\/1\/0 is a shard of 10 bytes, shorter than its 68-byte index/,
      ],
      // a whole-shard read sees chunk data cut short (ranged reads cannot: see the report)
      [
        "chunk data cut",
        concat(good.subarray(0, 10), good.subarray(good.length - indexSize)),
        undefined,
        /s\/c\/1\/0.*outside the chunk data/,
      ],
      ["offsets out of range", outOfRange, part, /s\/c\/1\/0.*(outside the chunk data|truncated)/],
    ];
    for (const [label, bytes, selection, message] of cases) {
      for (const ranges of ["ranges", "range", "none"] as const) {
        const s = new CountingStore(ranges);
        for (const [k, v] of store.map) s.map.set(k, v);
        s.map.set("s/c/1/0", bytes);
        const arr = await openArray(s, "s");
        const error = await arr.get(selection).catch((e: unknown) => e);
        expect(error, `${label} (${ranges})`).toBeInstanceOf(CorruptChunkError);
        expect((error as Error).message, `${label} (${ranges})`).toMatch(message);
      }
    }
  });
});

function list(data: unknown): unknown[] {
  return Array.from(data as ArrayLike<unknown>);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
