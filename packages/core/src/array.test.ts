import { describe, expect, it } from "vitest";
import type { ZarrArray } from "./array.js";
import { RegularChunkGrid } from "./chunk-grid.js";
import { chunkKey } from "./chunk-key-encoding.js";
import type { ArrayToArrayCodec, ArrayToBytesCodec, Chunk, ChunkSpec } from "./codec.js";
import { getCodecPipeline } from "./codec-pipeline.js";
import { CodecRegistry } from "./codec-registry.js";
import {
  allocate,
  type ChunkData,
  componentsOf,
  type DataTypeName,
  isNumeric,
  typedArrayConstructor,
} from "./data-type.js";
import {
  AbortError,
  NodeNotFoundError,
  SelectionError,
  StoreError,
  UnknownCodecError,
} from "./errors.js";
import { coords, slice } from "./indexing/slice.js";
import { type JsonObject, stringifyJson } from "./json.js";
import { parseV2ArrayMetadata } from "./metadata-v2.js";
import { parseV3Metadata } from "./metadata-v3.js";
import type { ArrayMetadata } from "./node-metadata.js";
import { open } from "./open.js";
import type { ListableStore, ReadableStore, StoreReadOptions } from "./store.js";

// ---- a Map-backed store that records requests and concurrency ----

class MapStore implements ReadableStore, ListableStore {
  readonly map = new Map<string, Uint8Array>();
  gets: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  delayMs = 0;

  async get(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined> {
    this.gets.push(key);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.delayMs > 0) await sleep(this.delayMs, options?.signal);
      else await Promise.resolve();
      return this.map.get(key);
    } finally {
      this.inFlight--;
    }
  }

  async *list(prefix = ""): AsyncIterable<string> {
    for (const key of this.map.keys()) if (key.startsWith(prefix)) yield key;
  }

  setJson(key: string, value: unknown): void {
    this.map.set(key, new TextEncoder().encode(stringifyJson(value)));
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(new AbortError());
    });
  });
}

// ---- test codecs: little-endian bytes, transpose, JSON strings ----

const testBytes: ArrayToBytesCodec = {
  kind: "array_to_bytes",
  name: "bytes",
  encode(chunk: Chunk): Uint8Array {
    const d = chunk.data as Exclude<ChunkData, string[] | Uint8Array[]>;
    return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
  },
  decode(bytes: Uint8Array, spec: ChunkSpec): Chunk {
    const name = spec.dataType.name;
    if (!isNumeric(name) || name === "float16") throw new Error(`test bytes: ${name}`);
    const ctor = typedArrayConstructor(name);
    const copy = bytes.slice();
    return {
      data: new ctor(copy.buffer, 0, copy.length / ctor.BYTES_PER_ELEMENT),
      shape: [...spec.shape],
    };
  },
  encodedSize(spec: ChunkSpec): number {
    return spec.shape.reduce((a, b) => a * b, 1) * spec.dataType.itemSize;
  },
};

function permute(chunk: Chunk, order: number[], inverse: boolean): Chunk {
  const rank = order.length;
  const inShape = chunk.shape;
  const outShape = inverse
    ? order.map((_, i) => inShape[order.indexOf(i)])
    : order.map((o) => inShape[o]);
  const perm = inverse ? order.map((_, i) => order.indexOf(i)) : order;
  const n = chunk.data.length;
  const out = allocate("float64", n) as Float64Array;
  const src = chunk.data as Float64Array;
  const inStride = strides(inShape);
  const idx = new Array<number>(rank).fill(0);
  for (let k = 0; k < n; k++) {
    let off = 0;
    for (let d = 0; d < rank; d++) off += idx[d] * inStride[perm[d]];
    out[k] = src[off];
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  const ctor = (chunk.data as Float64Array).constructor as Float64ArrayConstructor;
  return { data: ctor.from(out), shape: outShape };
}

function testTranspose(order: number[]): ArrayToArrayCodec {
  return {
    kind: "array_to_array",
    name: "transpose",
    encodedSpec: (s) => ({ ...s, shape: order.map((o) => s.shape[o]) }),
    encode: (chunk) => permute(chunk, order, false),
    decode: (chunk) => permute(chunk, order, true),
  };
}

const jsonStrings: ArrayToBytesCodec = {
  kind: "array_to_bytes",
  name: "test.json",
  encode: (chunk) => new TextEncoder().encode(JSON.stringify(chunk.data)),
  decode: (bytes, spec) => ({
    data: JSON.parse(new TextDecoder().decode(bytes)) as string[],
    shape: [...spec.shape],
  }),
};

function testRegistry(): CodecRegistry {
  const r = new CodecRegistry();
  r.register("bytes", () => testBytes);
  r.register("transpose", (conf) => testTranspose(conf.order as number[]));
  r.register("test.json", () => jsonStrings);
  r.register("numcodecs.vlen-utf8", () => jsonStrings);
  return r;
}

// ---- writing test arrays ----

/** Writes `values` (C order, whole array) as chunks through the array's own codecs. */
async function writeChunks(
  store: MapStore,
  path: string,
  meta: ArrayMetadata,
  values: ArrayLike<unknown>,
  registry: CodecRegistry,
  skip: (coords: number[]) => boolean = () => false,
): Promise<void> {
  const grid = new RegularChunkGrid(meta.shape, meta.chunkShape);
  const spec: ChunkSpec = {
    shape: [...meta.chunkShape],
    dataType: meta.dataType,
    fillValue: meta.fillValue,
  };
  const pipeline = await getCodecPipeline(meta.codecs, spec, { registry });
  const comps = componentsOf(meta.dataType.name);
  const arrStride = strides(meta.shape);
  for (const c of grid.chunks()) {
    if (skip(c)) continue;
    const data = allocate(meta.dataType.name, grid.chunkSize) as unknown as unknown[];
    const idx = new Array<number>(meta.shape.length).fill(0);
    for (let k = 0; k < grid.chunkSize; k++) {
      let inside = true;
      let off = 0;
      for (let d = 0; d < idx.length; d++) {
        const g = c[d] * meta.chunkShape[d] + idx[d];
        if (g >= meta.shape[d]) inside = false;
        off += g * arrStride[d];
      }
      if (inside) for (let j = 0; j < comps; j++) data[k * comps + j] = values[off * comps + j];
      for (let d = idx.length - 1; d >= 0; d--) {
        if (++idx[d] < meta.chunkShape[d]) break;
        idx[d] = 0;
      }
    }
    const bytes = await pipeline.encode({
      data: data as unknown as ChunkData,
      shape: [...meta.chunkShape],
    });
    const prefix = path === "" ? "" : `${path}/`;
    store.map.set(prefix + chunkKey(meta.chunkKeyEncoding, c), bytes);
  }
}

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d];
  }
  return s;
}

function v3Doc(
  shape: number[],
  chunks: number[],
  dataType: DataTypeName,
  fill: unknown,
  extra: JsonObject = {},
): JsonObject {
  return {
    zarr_format: 3,
    node_type: "array",
    shape,
    data_type: dataType,
    chunk_grid: { name: "regular", configuration: { chunk_shape: chunks } },
    chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
    fill_value: fill as JsonObject,
    codecs: [{ name: "bytes", configuration: { endian: "little" } }],
    attributes: { answer: 42 },
    ...extra,
  };
}

/** A v3 array at `path`, filled with `values` (default: 0, 1, 2, ...). */
async function makeV3(
  store: MapStore,
  path: string,
  doc: JsonObject,
  registry: CodecRegistry,
  values?: ArrayLike<unknown>,
  skip?: (c: number[]) => boolean,
): Promise<void> {
  store.setJson(path === "" ? "zarr.json" : `${path}/zarr.json`, doc);
  const meta = parseV3Metadata(doc, "test") as ArrayMetadata;
  const n = meta.shape.reduce((a, b) => a * b, 1) * componentsOf(meta.dataType.name);
  const ctor = isNumeric(meta.dataType.name) ? typedArrayConstructor(meta.dataType.name) : null;
  const vals =
    values ??
    (ctor === BigInt64Array || ctor === BigUint64Array
      ? Array.from({ length: n }, (_, i) => BigInt(i))
      : Array.from({ length: n }, (_, i) => i));
  await writeChunks(store, path, meta, vals, registry, skip);
}

const range = <T = number>(n: number, f: (i: number) => T = (i) => i as T) =>
  Array.from({ length: n }, (_, i) => f(i));

// ---- tests ----

describe("ZarrArray.get (v3)", () => {
  const registry = testRegistry();

  async function setup(skip?: (c: number[]) => boolean) {
    const store = new MapStore();
    await makeV3(store, "a", v3Doc([10, 10], [4, 3], "float32", "NaN"), registry, undefined, skip);
    const arr = (await open(store, { path: "a", kind: "array", registry })) as ZarrArray<"float32">;
    return { store, arr };
  }

  it("exposes metadata properties", async () => {
    const { arr } = await setup();
    expect(arr.shape).toEqual([10, 10]);
    expect(arr.chunks).toEqual([4, 3]);
    expect(arr.dtype).toBe("float32");
    expect(arr.fillValue).toBeNaN();
    expect(arr.attrs).toEqual({ answer: 42 });
    expect(arr.zarrFormat).toBe(3);
    expect(arr.path).toBe("a");
    expect(arr.order).toBe("C");
    expect(arr.codecs).toEqual([{ name: "bytes", configuration: { endian: "little" } }]);
    expect(arr.dimensionNames).toBeNull();
    expect(arr.metadata.data_type).toBe("float32");
    expect(arr.chunkKey([1, 2])).toBe("a/c/1/2");
    expect(arr.is("float32")).toBe(true);
    expect(arr.is("int8")).toBe(false);
  });

  it("reads the whole array", async () => {
    const { arr } = await setup();
    const { data, shape, stride } = await arr.get();
    expect(data).toBeInstanceOf(Float32Array);
    expect(shape).toEqual([10, 10]);
    expect(stride).toEqual([10, 1]);
    expect(Array.from(data)).toEqual(range(100));
  });

  it("reads slices, steps, integers and index arrays", async () => {
    const { arr } = await setup();
    const a = await arr.get([slice(2, 7), slice(1, 9, 3)]);
    expect(a.shape).toEqual([5, 3]);
    expect(Array.from(a.data)).toEqual(
      [2, 3, 4, 5, 6].flatMap((r) => [1, 4, 7].map((c) => r * 10 + c)),
    );
    const b = await arr.get([3, null]);
    expect(b.shape).toEqual([10]);
    expect(b.stride).toEqual([1]);
    expect(Array.from(b.data)).toEqual(range(10, (i) => 30 + i));
    const c = await arr.get([[9, 0, 4], -1]);
    expect(c.shape).toEqual([3]);
    expect(Array.from(c.data)).toEqual([99, 9, 49]);
    const d = await arr.get([slice(null, null, -4), 5]);
    expect(Array.from(d.data)).toEqual([95, 55, 15]);
  });

  it("reads coordinate (point) selections", async () => {
    const { arr } = await setup();
    const r = await arr.get(coords([0, 9, 5, 0], [0, 9, 2, 7]));
    expect(r.shape).toEqual([4]);
    expect(Array.from(r.data)).toEqual([0, 99, 52, 7]);
  });

  it("fills missing chunks with the fill value", async () => {
    const { arr } = await setup((c) => c[0] === 0 && c[1] === 0);
    const r = await arr.get([slice(0, 5), slice(0, 4)]);
    const values = Array.from(r.data);
    // chunk (0,0) covers rows 0-3, cols 0-2
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) expect(values[i * 4 + j]).toBeNaN();
    expect(values[3]).toBe(3);
    expect(values.slice(16)).toEqual([40, 41, 42, 43]);
    const p = await arr.get(coords([0, 4], [0, 0]));
    expect(p.data[0]).toBeNaN();
    expect(p.data[1]).toBe(40);
    const chunk = await arr.getChunk([0, 0]);
    expect(chunk.shape).toEqual([4, 3]);
    expect(Array.from(chunk.data as Float32Array).every(Number.isNaN)).toBe(true);
    const present = await arr.getChunk([2, 3]);
    expect(Array.from(present.data as Float32Array)).toEqual([
      89, 0, 0, 99, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
  });

  it("writes into a given output, including fills", async () => {
    const { arr } = await setup((c) => c[0] === 0 && c[1] === 0);
    const out = new Float32Array(4).fill(7);
    const r = await arr.get([slice(0, 2), slice(2, 4)], { out });
    expect(r.data).toBe(out);
    expect(Array.from(out)).toEqual([Number.NaN, 3, Number.NaN, 13]);
    await expect(arr.get([0, null], { out: new Float32Array(3) })).rejects.toThrow(
      /out for array 'a' has length 3, the selection needs 10/,
    );
    await expect(
      arr.get([0, null], { out: new Float64Array(10) as unknown as Float32Array }),
    ).rejects.toThrow(/must be a Float32Array, got Float64Array/);
  });

  it("handles zero-size selections", async () => {
    const { arr, store } = await setup();
    store.gets = [];
    const r = await arr.get([slice(3, 3), null]);
    expect(r.shape).toEqual([0, 10]);
    expect(r.data.length).toBe(0);
    expect(store.gets).toEqual([]);
  });

  it("reports progress per chunk task", async () => {
    const { arr } = await setup();
    const seen: string[] = [];
    await arr.get([slice(0, 5), null], {
      onProgress: ({ done, total }) => seen.push(`${done}/${total}`),
    });
    expect(seen).toEqual(range(8, (i) => `${i + 1}/8`));
  });

  it("keeps at most `concurrency` chunks in flight", async () => {
    const { arr, store } = await setup();
    store.delayMs = 5;
    store.maxInFlight = 0;
    await arr.get(undefined, { concurrency: 3 });
    expect(store.maxInFlight).toBe(3);
    store.maxInFlight = 0;
    await arr.get();
    expect(store.maxInFlight).toBe(8);
    await expect(arr.get(undefined, { concurrency: 0 })).rejects.toThrow(SelectionError);
    await expect(arr.get(undefined, { concurrency: 0 })).rejects.toThrow(/concurrency/);
  });

  it("aborts promptly", async () => {
    const { arr, store } = await setup();
    store.delayMs = 200;
    const controller = new AbortController();
    const started = Date.now();
    const pending = arr.get(undefined, { signal: controller.signal, concurrency: 2 });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toThrow(AbortError);
    expect(Date.now() - started).toBeLessThan(150);
    expect(store.gets.length).toBeLessThanOrEqual(3);
    const done = new AbortController();
    done.abort();
    await expect(arr.get(undefined, { signal: done.signal })).rejects.toThrow(AbortError);
  });

  it("rejects bad selections and chunk coordinates", async () => {
    const { arr } = await setup();
    await expect(arr.get([10, 0])).rejects.toThrow(SelectionError);
    await expect(arr.getChunk([3, 0])).rejects.toThrow(
      /chunk \[3,0\] is outside the chunk grid \[3,4\]/,
    );
  });

  it("reports storage info from a listing", async () => {
    const { arr } = await setup((c) => c[1] === 3);
    const info = await arr.storageInfo();
    expect(info).toEqual({ bytesStored: 9 * 48, chunksInitialized: 9, chunksTotal: 12 });
  });

  it("takes storage info from the store's getSize, reading no chunk, when it has one", async () => {
    const { store } = await setup((c) => c[1] === 3);
    const sized = Object.assign(Object.create(store) as MapStore, {
      getSize: async (key: string) => store.map.get(key)?.length,
    });
    const withSize = await open(sized, { path: "a", kind: "array", registry });
    store.gets.length = 0;
    const info = await withSize.storageInfo();
    expect(info).toEqual({ bytesStored: 9 * 48, chunksInitialized: 9, chunksTotal: 12 });
    expect(store.gets.filter((key) => key.startsWith("a/c/"))).toEqual([]);
  });
});

describe("ZarrArray.get: data types and shapes", () => {
  const registry = testRegistry();

  it("0-d arrays", async () => {
    const store = new MapStore();
    await makeV3(store, "", v3Doc([], [], "int32", 0), registry, [42]);
    expect(store.map.has("c")).toBe(true);
    const arr = await open(store, { kind: "array", registry });
    const r = await arr.get();
    expect(r.shape).toEqual([]);
    expect(r.stride).toEqual([]);
    expect(Array.from(r.data as Int32Array)).toEqual([42]);
  });

  it("empty arrays", async () => {
    const store = new MapStore();
    store.setJson("zarr.json", v3Doc([0, 4], [2, 2], "uint8", 0));
    const arr = await open(store, { kind: "array", registry });
    const r = await arr.get();
    expect(r.shape).toEqual([0, 4]);
    expect(r.data.length).toBe(0);
  });

  it("int64 with a fill beyond 2^53", async () => {
    const store = new MapStore();
    const fill = 2n ** 62n + 1n;
    await makeV3(store, "", v3Doc([6], [2], "int64", fill), registry, undefined, (c) => c[0] === 1);
    const arr = await open(store, { kind: "array", registry });
    expect(arr.fillValue).toBe(fill);
    const r = await arr.get();
    expect(Array.from(r.data as BigInt64Array)).toEqual([0n, 1n, fill, fill, 4n, 5n]);
  });

  it("complex values as interleaved pairs", async () => {
    const store = new MapStore();
    await makeV3(
      store,
      "",
      v3Doc([3], [2], "complex64", [1, -1]),
      registry,
      [1, 2, 3, 4, 5, 6],
      (c) => c[0] === 1,
    );
    const arr = await open(store, { kind: "array", registry });
    expect(Array.from((await arr.get()).data as Float32Array)).toEqual([1, 2, 3, 4, 1, -1]);
    expect(Array.from((await arr.get([[2, 0]])).data as Float32Array)).toEqual([1, -1, 1, 2]);
  });

  it("bool as 0/1 bytes", async () => {
    const store = new MapStore();
    await makeV3(
      store,
      "",
      v3Doc([4], [2], "bool", true),
      registry,
      [1, 0, 1, 0],
      (c) => c[0] === 1,
    );
    const arr = await open(store, { kind: "array", registry });
    expect(Array.from((await arr.get()).data as Uint8Array)).toEqual([1, 0, 1, 1]);
  });

  it("strings", async () => {
    const store = new MapStore();
    const doc = v3Doc([5], [2], "string", "-", { codecs: [{ name: "test.json" }] });
    await makeV3(store, "", doc, registry, ["a", "bb", "ccc", "d", "e"], (c) => c[0] === 1);
    const arr = await open(store, { kind: "array", registry });
    const r = await arr.get();
    expect(r.data).toEqual(["a", "bb", "-", "-", "e"]);
    expect((await arr.get([slice(null, null, -2)])).data).toEqual(["e", "-", "a"]);
  });

  it("names unknown codecs and the array", async () => {
    const store = new MapStore();
    const doc = v3Doc([4], [2], "uint8", 0, { codecs: [{ name: "bytes" }, { name: "zfp" }] });
    store.setJson("x/zarr.json", doc);
    store.map.set("x/c/0", new Uint8Array(2));
    const arr = await open(store, { path: "x", kind: "array", registry });
    await expect(arr.get()).rejects.toThrow(UnknownCodecError);
    await expect(arr.get()).rejects.toThrow(/unknown codec "zfp" in array 'x' chunk x\/c\/0/);
  });
});

describe("v2 arrays", () => {
  const registry = testRegistry();

  async function makeV2(zarray: JsonObject, values: ArrayLike<unknown>, path = "v") {
    const store = new MapStore();
    store.setJson(`${path}/.zarray`, zarray);
    store.setJson(`${path}/.zattrs`, { key: "value" });
    const meta = parseV2ArrayMetadata(zarray, undefined, "t");
    await writeChunks(store, path, meta, values, registry);
    return store;
  }

  it("reads C and F order with v2 chunk keys", async () => {
    const base = {
      zarr_format: 2,
      shape: [5, 4],
      chunks: [2, 3],
      dtype: "<f8",
      fill_value: 0,
      filters: null,
      compressor: null,
    };
    for (const order of ["C", "F"]) {
      const store = await makeV2({ ...base, order }, range(20));
      expect(store.map.has("v/2.1")).toBe(true);
      const arr = await open(store, { path: "v", registry });
      expect(arr.kind).toBe("array");
      const a = arr as ZarrArray<"float64">;
      expect(a.zarrFormat).toBe(2);
      expect(a.order).toBe(order);
      expect(a.attrs).toEqual({ key: "value" });
      expect(a.metadata[".zarray"]).toMatchObject({ order });
      expect(Array.from((await a.get()).data)).toEqual(range(20));
      expect(Array.from((await a.get([slice(1, 4), 2])).data)).toEqual([6, 10, 14]);
    }
  });

  it("reads '/'-separated keys and strings with fill 0", async () => {
    const store = await makeV2(
      {
        zarr_format: 2,
        shape: [3],
        chunks: [2],
        dtype: "|O",
        fill_value: 0,
        order: "C",
        filters: [{ id: "vlen-utf8" }],
        compressor: null,
        dimension_separator: "/",
      },
      ["x", "yy", "zzz"],
    );
    store.map.delete("v/1");
    const arr = await open(store, { path: "v", registry, zarrFormat: 2 });
    expect(arr.kind === "array" && arr.dtype).toBe("string");
    expect((await (arr as ZarrArray<"string">).get()).data).toEqual(["x", "yy", ""]);
  });
});

describe("open and groups", () => {
  const registry = testRegistry();

  async function hierarchy(consolidate: boolean) {
    const store = new MapStore();
    const child = v3Doc([4], [2], "int16", 0);
    const nested = v3Doc([2], [2], "uint8", 0);
    store.setJson("zarr.json", {
      zarr_format: 3,
      node_type: "group",
      attributes: { root: true },
      ...(consolidate && {
        consolidated_metadata: {
          kind: "inline",
          must_understand: false,
          metadata: {
            arr: child,
            sub: {
              zarr_format: 3,
              node_type: "group",
              attributes: { sub: 1 },
              consolidated_metadata: { kind: "inline", must_understand: false, metadata: {} },
            },
            "sub/inner": nested,
          },
        },
      }),
    });
    store.setJson("sub/zarr.json", { zarr_format: 3, node_type: "group", attributes: { sub: 1 } });
    await makeV3(store, "arr", child, registry);
    await makeV3(store, "sub/inner", nested, registry);
    return store;
  }

  for (const consolidate of [false, true]) {
    it(`lists and opens children (${consolidate ? "consolidated" : "by listing"})`, async () => {
      const store = await hierarchy(consolidate);
      const root = await open(store, { kind: "group", registry });
      expect(root.attrs).toEqual({ root: true });
      expect(root.zarrFormat).toBe(3);
      expect(root.consolidated?.size ?? 0).toBe(consolidate ? 3 : 0);
      const children = await root.children();
      expect(children).toEqual([
        { name: "arr", path: "arr", kind: "array" },
        { name: "sub", path: "sub", kind: "group" },
      ]);
      store.gets = [];
      const sub = await root.open("sub", { kind: "group" });
      expect(sub.attrs).toEqual({ sub: 1 });
      const inner = await sub.open("inner", { kind: "array" });
      expect(inner.path).toBe("sub/inner");
      const deep = await root.open("sub/inner", { kind: "array" });
      expect(deep.dtype).toBe("uint8");
      // consolidated (or already listed) metadata: no metadata requests at all
      if (consolidate) expect(store.gets).toEqual([]);
      expect(Array.from((await inner.get()).data as Uint8Array)).toEqual([0, 1]);
      expect((await sub.children()).map((c) => c.name)).toEqual(["inner"]);
    });
  }

  it("ignores consolidated metadata when asked", async () => {
    const store = await hierarchy(true);
    const root = await open(store, { kind: "group", consolidated: false });
    expect(root.consolidated).toBeUndefined();
    const plain = await hierarchy(false);
    await expect(open(plain, { kind: "group", consolidated: true })).rejects.toThrow(
      /no consolidated metadata for the group at zarr.json/,
    );
  });

  it("opens v2 groups through .zmetadata", async () => {
    const store = new MapStore();
    const zarray = {
      zarr_format: 2,
      shape: [3],
      chunks: [3],
      dtype: "<i2",
      fill_value: 0,
      order: "C",
      filters: null,
      compressor: null,
    };
    store.setJson(".zgroup", { zarr_format: 2 });
    store.setJson("g/.zgroup", { zarr_format: 2 });
    store.setJson("g/x/.zarray", zarray);
    store.setJson(".zmetadata", {
      zarr_consolidated_format: 1,
      metadata: {
        ".zgroup": { zarr_format: 2 },
        ".zattrs": { answer: 42 },
        "g/.zgroup": { zarr_format: 2 },
        "g/x/.zarray": zarray,
        "g/x/.zattrs": { units: "m" },
      },
    });
    await writeChunks(
      store,
      "g/x",
      parseV2ArrayMetadata(zarray, undefined, "t"),
      [1, 2, 3],
      registry,
    );
    const root = await open(store, { registry });
    expect(root.kind).toBe("group");
    if (root.kind !== "group") return;
    expect(root.attrs).toEqual({ answer: 42 });
    expect(await root.children()).toEqual([{ name: "g", path: "g", kind: "group" }]);
    store.gets = [];
    const x = await root.open("g/x", { kind: "array" });
    expect(store.gets).toEqual([]);
    expect(x.attrs).toEqual({ units: "m" });
    expect(Array.from((await x.get()).data as Int16Array)).toEqual([1, 2, 3]);
    // without consolidation: .zgroup and listing
    const plain = await open(store, { kind: "group", consolidated: false });
    expect(plain.attrs).toEqual({});
    expect((await plain.children()).map((c) => c.name)).toEqual(["g"]);
  });

  it("reports missing nodes and kind mismatches", async () => {
    const store = await hierarchy(false);
    await expect(open(store, { path: "nope" })).rejects.toThrow(NodeNotFoundError);
    await expect(open(store, { path: "nope" })).rejects.toThrow("no Zarr array or group at 'nope'");
    await expect(open(store, { path: "nope", kind: "array", zarrFormat: 2 })).rejects.toThrow(
      "no array (v2) at 'nope'",
    );
    await expect(open(store, { path: "arr", kind: "group" })).rejects.toThrow(
      "expected a group at 'arr', found an array",
    );
    await expect(open(store, { kind: "array" })).rejects.toThrow(
      /expected an array at the store root/,
    );
    const root = await open(store, { kind: "group" });
    await expect(root.open("missing")).rejects.toThrow(/no array or group at 'missing'/);
    await expect(open(store, { path: "a/../b" })).rejects.toThrow(/invalid node path/);
  });

  it("children() needs a listing or consolidated metadata", async () => {
    const store = await hierarchy(false);
    const unlistable = { get: store.get.bind(store) };
    const root = await open(unlistable, { kind: "group" });
    await expect(root.children()).rejects.toThrow(StoreError);
  });
});
