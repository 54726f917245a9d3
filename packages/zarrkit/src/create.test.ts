import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  create,
  createGroup,
  FileSystemStore,
  MemoryStore,
  NodeExistsError,
  open,
  slice,
} from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "zarrkit-create-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("zarrkit create / createGroup", () => {
  it("take a path, create parents, and round-trip data through the worker pool", async () => {
    const root = join(dir, "a.zarr");
    const group = await createGroup(root, { attributes: { title: "t" } });
    expect(group.store).toBeInstanceOf(FileSystemStore);
    expect(group.attrs).toEqual({ title: "t" });
    const arr = await create(root, {
      path: "g/x",
      shape: [300, 200],
      chunks: [100, 100], // 40 KiB chunks: above the inline threshold, so workers encode
      dtype: "float32",
      shards: [300, 200],
    });
    const data = Float32Array.from({ length: 300 * 200 }, (_, i) => i / 3);
    await arr.set(null, { data, shape: [300, 200] });
    expect(JSON.parse(readFileSync(join(root, "g/zarr.json"), "utf8")).node_type).toBe("group");
    const back = await open(root, { path: "g/x", kind: "array" });
    expect((await back.get([slice(150, 151), null])).data).toEqual(
      data.subarray(150 * 200, 151 * 200),
    );
    await expect(create(root, { path: "g/x", shape: [1], dtype: "int8" })).rejects.toThrow(
      NodeExistsError,
    );
  });

  it("accept a store and workers: 0 (inline)", async () => {
    const store = new MemoryStore();
    const arr = await create(store, { shape: [4], dtype: "int16", zarrFormat: 2, workers: 0 });
    await arr.set(null, [1, 2, 3, 4]);
    expect(Array.from((await arr.get()).data as Int16Array)).toEqual([1, 2, 3, 4]);
    expect(store.map.has(".zarray")).toBe(true);
  });
});
