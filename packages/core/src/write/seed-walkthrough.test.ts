// The seed walkthrough on disk: a group, a 10000 x 10000 int32 array written in whole
// row strips, and a 1e8 x 1e8 array where row and column strips create only the chunks
// they touch.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registerPureCodecs, registerWasmCodecs } from "@zarrkit/codecs";
import { FileSystemStore } from "@zarrkit/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCodecRegistry } from "../codec-registry.js";
import { slice } from "../indexing/slice.js";
import { open } from "../open.js";
import { create, createGroup } from "./create.js";

let dir: string;

beforeAll(async () => {
  registerWasmCodecs(registerPureCodecs(defaultCodecRegistry));
  dir = await mkdtemp(join(tmpdir(), "zarrkit-write-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(path.length + 1));
}

describe("seed walkthrough", () => {
  it("writes a 10000 x 10000 int32 array in row strips and reads it back", async () => {
    const store = new FileSystemStore(join(dir, "seed.zarr"));
    const root = await createGroup(store, { attributes: { description: "seed" } });
    expect(root.kind).toBe("group");
    const arr = await create(store, {
      path: "big",
      shape: [10000, 10000],
      chunks: [1000, 1000],
      dtype: "int32",
    });
    const strip = new Int32Array(1000 * 10000);
    for (let s = 0; s < 10; s++) {
      for (let r = 0; r < 1000; r++) {
        const row = s * 1000 + r;
        const base = r * 10000;
        for (let c = 0; c < 10000; c++) strip[base + c] = row * 10000 + c;
      }
      await arr.set([slice(s * 1000, (s + 1) * 1000), null], { data: strip, shape: [1000, 10000] });
    }
    const files = await filesUnder(join(dir, "seed.zarr", "big"));
    expect(files.filter((f) => f.startsWith("c")).length).toBe(100);
    const reopened = await open(store, { path: "big", kind: "array" });
    const { data, shape } = await reopened.get([slice(4990, 5010), slice(9990, 10000)]);
    expect(shape).toEqual([20, 10]);
    for (let r = 0; r < 20; r++) {
      for (let c = 0; c < 10; c++) expect(data[r * 10 + c]).toBe((4990 + r) * 10000 + 9990 + c);
    }
    const group = await open(store, { kind: "group" });
    expect(group.attrs).toEqual({ description: "seed" });
    expect((await group.children()).map((c) => c.name)).toEqual(["big"]);
  });

  it("touches only the chunks of row and column strips in a 1e8 x 1e8 array", async () => {
    const store = new FileSystemStore(join(dir, "huge.zarr"));
    const arr = await create(store, {
      shape: [100_000_000, 100_000_000],
      chunks: [1000, 1000],
      dtype: "int32",
      fillValue: -1,
    });
    const values = Int32Array.from({ length: 20000 }, (_, i) => i);
    await arr.set([0, slice(0, 20000)], values);
    await arr.set([slice(0, 20000), 0], values);
    const chunkFiles = (await filesUnder(join(dir, "huge.zarr"))).filter((f) => f !== "zarr.json");
    expect(chunkFiles.length).toBe(20 + 20 - 1);
    const reopened = await open(store, { kind: "array" });
    expect((await reopened.get([0, slice(0, 20000)])).data).toEqual(values);
    expect((await reopened.get([slice(0, 20000), 0])).data).toEqual(values);
    // the rest of a touched chunk, and far away regions, read as the fill value
    const inside = await reopened.get([slice(1, 3), slice(1, 3)]);
    expect(Array.from(inside.data as Int32Array)).toEqual([-1, -1, -1, -1]);
    const far = await reopened.get([slice(50_000_000, 50_000_004), slice(99_999_998, null)]);
    expect(Array.from(far.data as Int32Array)).toEqual(Array(8).fill(-1));
  });
});
