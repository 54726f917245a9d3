/**
 * The README's "Coming from zarrita" table, checked against the entry point: where a
 * read's result lives (shared memory by default in Node, `shared: false`, `workers: 0`),
 * bool as a Uint8Array, numpy-style selections in text, and a consolidated group whose
 * children open without reading metadata.
 */
import { describe, expect, it } from "vitest";
import {
  create,
  createGroup,
  MemoryStore,
  open,
  parseSelection,
  slice,
  writeConsolidatedMetadata,
} from "./index.js";

async function sampleStore(): Promise<MemoryStore> {
  const store = new MemoryStore();
  await createGroup(store, { attributes: { title: "demo" } });
  const temp = await create(store, {
    path: "temperature",
    shape: [64, 64],
    chunks: [16, 16],
    dtype: "float32",
    compressor: { id: "zstd", level: 1 },
  });
  await temp.set(
    null,
    Float32Array.from({ length: 64 * 64 }, (_, i) => i),
  );
  await createGroup(store, { path: "masks" });
  const land = await create(store, { path: "masks/land", shape: [4], chunks: [2], dtype: "bool" });
  await land.set(null, Uint8Array.of(1, 0, 0, 1));
  await writeConsolidatedMetadata(store);
  return store;
}

describe("the README's zarrita table", () => {
  it("puts a read's result in a SharedArrayBuffer in Node unless shared: false or workers: 0", async () => {
    const store = await sampleStore();
    const shared = await open(store, { path: "temperature", kind: "array" });
    const plain = await open(store, { path: "temperature", kind: "array", shared: false });
    const inline = await open(store, { path: "temperature", kind: "array", workers: 0 });
    const select = [slice(8, 24), 3];
    const a = await shared.get(select);
    const b = await plain.get(select);
    const c = await inline.get(select);
    expect((a.data as Float32Array).buffer).toBeInstanceOf(SharedArrayBuffer);
    for (const result of [b, c]) {
      expect((result.data as Float32Array).buffer).not.toBeInstanceOf(SharedArrayBuffer);
      expect((result.data as Float32Array).buffer).toBeInstanceOf(ArrayBuffer);
      expect(Array.from(result.data as Float32Array)).toEqual(Array.from(a.data as Float32Array));
    }
    expect(Array.from(a.data as Float32Array).slice(0, 2)).toEqual([8 * 64 + 3, 9 * 64 + 3]);
  });

  it("reads bool as a Uint8Array of 0/1", async () => {
    const land = await open(await sampleStore(), { path: "masks/land", kind: "array" });
    const { data } = await land.get();
    expect(data).toBeInstanceOf(Uint8Array);
    expect(Array.from(data as Uint8Array)).toEqual([1, 0, 0, 1]);
  });

  it("takes numpy's slice syntax as text through parseSelection", async () => {
    const temp = await open(await sampleStore(), { path: "temperature", kind: "array" });
    const text = await temp.get(parseSelection("-2:, ::-16"));
    const built = await temp.get([slice(-2, null), slice(null, null, -16)]);
    expect(text.shape).toEqual([2, 4]);
    expect(Array.from(text.data as Float32Array)).toEqual(Array.from(built.data as Float32Array));
    expect((text.data as Float32Array)[0]).toBe(62 * 64 + 63);
  });

  it("opens children of a consolidated group with no metadata reads", async () => {
    const store = await sampleStore();
    const root = await open(store, { kind: "group" });
    expect(root.consolidated).toBeDefined();
    const keys: string[] = [];
    const get = store.get.bind(store);
    store.get = (key, options) => {
      keys.push(key);
      return get(key, options);
    };
    expect(await root.children()).toEqual([
      { name: "masks", path: "masks", kind: "group" },
      { name: "temperature", path: "temperature", kind: "array" },
    ]);
    const land = await root.open("masks/land", { kind: "array" });
    const masks = await root.open("masks", { kind: "group" });
    expect((await masks.children()).map((child) => child.name)).toEqual(["land"]);
    expect(land.shape).toEqual([4]);
    expect(keys).toEqual([]);
  });
});
