import { registerPureCodecs, registerWasmCodecs } from "@zarrkit/codecs";
import { MemoryStore } from "@zarrkit/storage";
import { beforeAll, describe, expect, it } from "vitest";
import type { ZarrArray } from "../array.js";
import { defaultCodecRegistry } from "../codec-registry.js";
import type { ChunkData } from "../data-type.js";
import { NodeExistsError, ReadOnlyError, SelectionError } from "../errors.js";
import { coords, slice } from "../indexing/slice.js";
import { open } from "../open.js";
import { create } from "./create.js";
import type { CreateArrayOptions } from "./create-options.js";
import { DTYPES, sample } from "./sample-values.test-util.js";

beforeAll(() => {
  registerWasmCodecs(registerPureCodecs(defaultCodecRegistry));
});

function plain(data: ChunkData): unknown[] {
  return Array.from(data as ArrayLike<unknown>);
}

/** C-order flat copy of `src` (shape) into `dst` (shape) at a box offset: the model of a write. */
function modelWrite(
  model: unknown[],
  shape: number[],
  box: [number, number][],
  value: unknown[],
  components: number,
): void {
  const [[r0, r1], [c0, c1]] = box;
  let v = 0;
  for (let r = r0; r < r1; r++) {
    for (let c = c0; c < c1; c++) {
      for (let j = 0; j < components; j++) model[(r * shape[1] + c) * components + j] = value[v++];
    }
  }
}

describe("set / get round trips", () => {
  for (const zarrFormat of [2, 3] as const) {
    for (const order of ["C", "F"] as const) {
      for (const dtype of DTYPES) {
        if (zarrFormat === 3 && (dtype === "<U6" || dtype === "|S5")) continue;
        it(`v${zarrFormat} ${order} ${dtype}: whole, partial and scalar writes`, async () => {
          const store = new MemoryStore();
          const shape = [7, 5];
          const options: CreateArrayOptions = { shape, chunks: [3, 2], dtype, order, zarrFormat };
          const arr = await create(store, options);
          const components = dtype.startsWith("complex") ? 2 : 1;
          const whole = sample(dtype, 35);
          await arr.set(null, { data: whole, shape });
          const model = plain(whole);
          const reopened = await open(store, { kind: "array" });
          expect(plain((await reopened.get()).data)).toEqual(model);

          // partial: straddles chunks, merges with what is there
          const part = sample(dtype, 4 * 3, 100);
          await arr.set([slice(2, 6), slice(1, 4)], { data: part, shape: [4, 3] });
          modelWrite(
            model,
            shape,
            [
              [2, 6],
              [1, 4],
            ],
            plain(part),
            components,
          );
          expect(plain((await arr.get()).data)).toEqual(model);

          // a scalar broadcast over one row
          const one = plain(sample(dtype, 1, 7));
          const scalar = components === 2 ? [one[0], one[1]] : one[0];
          await arr.set([6, null], scalar as never);
          modelWrite(
            model,
            shape,
            [
              [6, 7],
              [0, 5],
            ],
            Array.from({ length: 5 }, () => one).flat(),
            components,
          );
          expect(plain((await (await open(store, { kind: "array" })).get()).data)).toEqual(model);
        });
      }
    }
  }
});

describe("set semantics", () => {
  it("writes orthogonal index arrays, masks, negative steps and points", async () => {
    const store = new MemoryStore();
    const arr = (await create(store, {
      shape: [6, 6],
      chunks: [4, 4],
      dtype: "int32",
    })) as ZarrArray<"int32">;
    await arr.set([[5, 0, 3], slice(null, null, -2)], {
      data: Int32Array.from({ length: 9 }, (_, i) => i + 1),
      shape: [3, 3],
    });
    const got = (await arr.get()).data;
    // rows 5,0,3; columns 5,3,1
    expect(got[5 * 6 + 5]).toBe(1);
    expect(got[5 * 6 + 3]).toBe(2);
    expect(got[0 * 6 + 1]).toBe(6);
    expect(got[3 * 6 + 1]).toBe(9);
    await arr.set([[true, false, false, false, false, true], 2], Int32Array.of(-1, -2));
    expect((await arr.get([null, 2])).data).toEqual(Int32Array.of(-1, 0, 0, 0, 0, -2));
    await arr.set(coords([1, 4], [1, 4]), 42);
    expect((await arr.get(coords([1, 4, 2], [1, 4, 2]))).data).toEqual(Int32Array.of(42, 42, 0));
  });

  it("accepts plain arrays and converts numbers for int64, checking ranges", async () => {
    const store = new MemoryStore();
    const arr = await create(store, { shape: [3], chunks: [2], dtype: "int64" });
    await arr.set(null, [1, -2, 2 ** 53 - 1]);
    expect(Array.from((await arr.get()).data as BigInt64Array)).toEqual([1n, -2n, 2n ** 53n - 1n]);
    await arr.set([0], 2n ** 63n - 1n);
    expect((await arr.get([0])).data).toEqual(BigInt64Array.of(2n ** 63n - 1n));
    await expect(arr.set([0], 1.5)).rejects.toThrow(SelectionError);
    await expect(arr.set([0], 2n ** 63n)).rejects.toThrow(/out of range/);
    const u8 = await create(new MemoryStore(), { shape: [2], dtype: "uint8" });
    await expect(u8.set(null, [1, 256])).rejects.toThrow(/value\[1\] = 256 is out of range/);
    await expect(u8.set(null, [1, 2, 3])).rejects.toThrow(/3 elements but the selection \[2\]/);
    await expect(u8.set(null, { data: new Uint8Array(2), shape: [1, 2] })).rejects.toThrow(
      /shape \[1,2\] does not match/,
    );
    await expect(u8.set(null, "x")).rejects.toThrow(/cannot write the string/);
  });

  it("does not store fill-value chunks and deletes chunks overwritten with the fill", async () => {
    const store = new MemoryStore();
    const arr = await create(store, {
      shape: [4, 4],
      chunks: [2, 2],
      dtype: "float32",
      fillValue: Number.NaN,
    });
    const chunkKeys = () => [...store.map.keys()].filter((k) => k.startsWith("c/")).sort();
    await arr.set(null, Number.NaN);
    expect(chunkKeys()).toEqual([]);
    await arr.set([0, 0], 1);
    await arr.set([slice(2, 4), slice(2, 4)], 5);
    expect(chunkKeys()).toEqual(["c/0/0", "c/1/1"]);
    // partial overwrite back to the fill: read-modify-write finds all NaN, deletes
    await arr.set([0, 0], Number.NaN);
    // whole-chunk overwrite with the fill
    await arr.set([slice(2, 4), slice(2, 4)], {
      data: new Float32Array(4).fill(Number.NaN),
      shape: [2, 2],
    });
    expect(chunkKeys()).toEqual([]);
    const got = (await arr.get()).data;
    expect(Array.from(got).every(Number.isNaN)).toBe(true);
  });

  it("never loses an update when many set calls share a chunk", async () => {
    const store = new MemoryStore();
    const arr = await create(store, {
      shape: [10, 10],
      chunks: [10, 10],
      dtype: "uint16",
      compressor: { id: "gzip", level: 1 },
    });
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => arr.set([Math.floor(i / 10), i % 10], i + 1)),
    );
    expect(Array.from((await arr.get()).data)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    // from several array objects of the same store, and with overlapping boxes
    const others = await Promise.all(
      Array.from({ length: 5 }, () => open(store, { kind: "array" })),
    );
    await Promise.all(others.map((a, i) => a.set([i * 2, slice(0, 10)], 1000 + i)));
    const got = (await arr.get()).data;
    for (let i = 0; i < 5; i++) expect(got[i * 20]).toBe(1000 + i);
    expect(got[15]).toBe(16);
  });

  it("reports progress, honours concurrency and refuses read-only stores", async () => {
    const store = new MemoryStore();
    const arr = await create(store, { shape: [8], chunks: [2], dtype: "int8" });
    const seen: number[] = [];
    await arr.set(
      null,
      Int8Array.from({ length: 8 }, (_, i) => i + 1),
      {
        concurrency: 1,
        onProgress: ({ done, total }) => {
          expect(total).toBe(4);
          seen.push(done);
        },
      },
    );
    expect(seen).toEqual([1, 2, 3, 4]);
    const readOnly = { get: (key: string) => store.get(key) };
    const ro = await open(readOnly, { kind: "array" });
    await expect(ro.set([0], 1)).rejects.toThrow(ReadOnlyError);
    const controller = new AbortController();
    controller.abort();
    await expect(arr.set([0], 1, { signal: controller.signal })).rejects.toThrow(/aborted/);
  });

  it("writes 0-d arrays, edge chunks and the v2 key encoding", async () => {
    const store = new MemoryStore();
    const scalar = await create(store, { path: "s", shape: [], dtype: "float64", fillValue: 1 });
    await scalar.set(undefined, 2.5);
    expect((await scalar.get()).data).toEqual(Float64Array.of(2.5));
    const v2 = await create(store, {
      path: "v2",
      shape: [5],
      chunks: [3],
      dtype: "int16",
      zarrFormat: 2,
    });
    await v2.set([slice(3, 5)], Int16Array.of(4, 5));
    expect(store.map.has("v2/1")).toBe(true);
    expect((await v2.get()).data).toEqual(Int16Array.of(0, 0, 0, 4, 5));
    const nested = await create(store, {
      path: "nested",
      shape: [4, 4],
      chunks: [2, 2],
      dtype: "uint8",
      zarrFormat: 2,
      dimensionSeparator: "/",
    });
    await nested.set([3, 3], 9);
    expect(store.map.has("nested/1/1")).toBe(true);
    const v3v2 = await create(store, {
      path: "k",
      shape: [4, 4],
      chunks: [2, 2],
      dtype: "uint8",
      chunkKeyEncoding: "v2",
    });
    await v3v2.set([3, 0], 1);
    expect(store.map.has("k/1.0")).toBe(true);
  });

  it("writes sharded arrays shard by shard, merging partial shards", async () => {
    const store = new MemoryStore();
    const arr = (await create(store, {
      shape: [8, 8],
      chunks: [2, 2],
      shards: [4, 8],
      dtype: "uint16",
      compressor: { id: "gzip", level: 5 },
    })) as ZarrArray<"uint16">;
    await arr.set([slice(0, 4), null], {
      data: Uint16Array.from({ length: 32 }, (_, i) => i + 1),
      shape: [4, 8],
    });
    await arr.set([5, 5], 99);
    expect([...store.map.keys()].filter((k) => k.startsWith("c/")).sort()).toEqual([
      "c/0/0",
      "c/1/0",
    ]);
    const got = (await arr.get()).data;
    expect(got[0]).toBe(1);
    expect(got[31]).toBe(32);
    expect(got[5 * 8 + 5]).toBe(99);
    await arr.set([2, 3], 7);
    expect((await arr.get([2, 3])).data[0]).toBe(7);
    const reopened = await open(store, { kind: "array" });
    expect((await reopened.get([slice(0, 4), null])).data[2 * 8 + 3]).toBe(7);
    await arr.set([slice(4, 8), null], 0);
    expect(store.map.has("c/1/0")).toBe(false);
  });

  it("writes variable-length bytes (v2 and v3)", async () => {
    for (const zarrFormat of [2, 3] as const) {
      const store = new MemoryStore();
      const arr = await create(store, { shape: [5], chunks: [2], dtype: "bytes", zarrFormat });
      const data = Array.from({ length: 5 }, (_, i) =>
        Uint8Array.from({ length: i }, (_, j) => j + i),
      );
      await arr.set(null, data);
      await arr.set([3], Uint8Array.of(9, 9));
      data[3] = Uint8Array.of(9, 9);
      const got = (await (await open(store, { kind: "array" })).get()).data as Uint8Array[];
      expect(got.map((b) => Array.from(b))).toEqual(data.map((b) => Array.from(b)));
    }
  });

  it("refuses to create over an existing node unless overwrite", async () => {
    const store = new MemoryStore();
    const arr = await create(store, { path: "a/b", shape: [2], dtype: "int8" });
    await arr.set(null, Int8Array.of(1, 2));
    await expect(create(store, { path: "a/b", shape: [2], dtype: "int8" })).rejects.toThrow(
      NodeExistsError,
    );
    await expect(create(store, { path: "a", shape: [2], dtype: "int8" })).rejects.toThrow(
      /already exists/,
    );
    await expect(create(store, { path: "a/b/c", shape: [2], dtype: "int8" })).rejects.toThrow(
      /is an array/,
    );
    const again = await create(store, { path: "a/b", shape: [3], dtype: "int8", overwrite: true });
    expect(store.map.has("a/b/c/0")).toBe(false);
    expect((await again.get()).data).toEqual(new Int8Array(3));
  });
});
