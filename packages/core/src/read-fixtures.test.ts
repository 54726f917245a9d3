/**
 * Reads arrays other implementations wrote (see /work/shared/fixtures/README.md) through
 * a small filesystem store and the pure-TypeScript codecs of @zarrkit/codecs.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHARED_FIXTURES } from "../../../tests/support/shared-fixtures.js";
import { WRITE_READ } from "../../../tests/support/zarrs-values.js";
// relative, not "@zarrkit/codecs": vitest resolves workspace packages to their dist/ (see report)
import { registerPureCodecs } from "../../codecs/src/index.js";
import type { ZarrArray } from "./array.js";
import { CodecRegistry } from "./codec-registry.js";
import { slice } from "./indexing/slice.js";
import { open } from "./open.js";
import { FsStore } from "./sharding/sharding.test-util.js";

const ZARRS = `${SHARED_FIXTURES}/zarrs`;

const registry = registerPureCodecs(new CodecRegistry());
const rowTimesTen = Array.from({ length: 100 }, (_, i) => i);

describe("zarrs fixtures", () => {
  for (const name of [
    "v2/array_none_C.zarr",
    "v2/array_none_F.zarr",
    "v3_zarr_python/array_none.zarr",
    "v2/array_gzip_C.zarr",
    "v3_zarr_python/array_gzip.zarr",
  ]) {
    it(name, async () => {
      const arr = (await open(new FsStore(join(ZARRS, name)), {
        kind: "array",
        registry,
      })) as ZarrArray<"float32">;
      expect(arr.dtype).toBe("float32");
      expect(arr.shape).toEqual([10, 10]);
      expect(arr.chunks).toEqual([5, 5]);
      expect(arr.fillValue).toBe(0);
      expect(arr.attrs).toEqual({ key: "value" });
      expect(arr.zarrFormat).toBe(name.startsWith("v2") ? 2 : 3);
      expect(arr.order).toBe(name.endsWith("_F.zarr") ? "F" : "C");
      const all = await arr.get();
      expect(all.data).toBeInstanceOf(Float32Array);
      expect(Array.from(all.data)).toEqual(rowTimesTen);
      const part = await arr.get([slice(3, 8), 6]);
      expect(Array.from(part.data)).toEqual([36, 46, 56, 66, 76]);
    });
  }

  it("array_write_read.zarr (missing chunk, NaN fill)", async () => {
    const store = new FsStore(join(ZARRS, "array_write_read.zarr"));
    const root = await open(store, { kind: "group", registry });
    expect(await root.children()).toEqual([{ name: "group", path: "group", kind: "group" }]);
    const group = await root.open("group", { kind: "group" });
    expect(group.attrs).toEqual({ foo: "bar" });
    const arr = await group.open("array", { kind: "array" });
    expect(arr.dimensionNames).toEqual(["y", "x"]);
    expect(arr.fillValue).toBeNaN();
    const { data, shape } = await arr.get();
    expect(shape).toEqual([8, 8]);
    const want = WRITE_READ.flat();
    const got = Array.from(data as Float32Array);
    want.forEach((w, i) => {
      if (w === null) expect(got[i], `element ${i}`).toBeNaN();
      else expect(got[i], `element ${i}`).toBe(Math.fround(w));
    });
    const info = await arr.storageInfo();
    expect(info.chunksInitialized).toBe(3);
    expect(info.chunksTotal).toBe(4);
    expect(info.bytesStored).toBe(3 * 16 * 4);
  });

  it("hierarchy.zarr", async () => {
    const store = new FsStore(join(ZARRS, "hierarchy.zarr"));
    const root = await open(store, { kind: "group", registry });
    expect(await root.children()).toEqual([
      { name: "a", path: "a", kind: "group" },
      { name: "b", path: "b", kind: "group" },
    ]);
    const a = await root.open("a", { kind: "group" });
    expect(await a.children()).toEqual([
      { name: "baz", path: "a/baz", kind: "array" },
      { name: "foo", path: "a/foo", kind: "array" },
    ]);
    const b = await root.open("b", { kind: "group" });
    expect(b.attrs).toEqual({ test_key: "test_value" });
    const foo = await root.open("a/foo", { kind: "array" });
    expect(foo.shape).toEqual([10000, 1000]);
    expect(foo.dtype).toBe("float64");
    expect(foo.attrs).toEqual({ foo: 42, bar: "apples", baz: [1, 2, 3, 4] });
    // no chunks are stored: every element is the NaN fill
    const r = await foo.get([slice(9998, null), slice(0, 3)]);
    expect(r.shape).toEqual([2, 3]);
    expect(Array.from(r.data as Float64Array).every(Number.isNaN)).toBe(true);
  });
});
