/**
 * `zarrkit convert` of v2 blosc arrays written by zarr-python 2.13 to v3 sharded zstd:
 * zarrkit reads source and copy equal (and equal to numpy's bytes), zarrita.js reads
 * the copy equal, each shard is written exactly once, and the real command (a child
 * process) stays under the memory bound it prints.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as zarrita from "zarrita";
import { FileSystemStore, MemoryStore, open, type ZarrArray } from "zarrkit";
import { copyHierarchy, planHierarchyCopy } from "../../packages/zarrkit/src/cli/copy-hierarchy.js";
import { runCliCaptured } from "../support/cli.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "zarrkit-convert-"));
  execFileSync(
    "/usr/bin/python3",
    [
      "-c",
      `
import zarr, numpy as np, numcodecs
g = zarr.open_group("src.zarr", mode="w")
g.attrs["source"] = "zarr-python"
x = np.linspace(0, 20, 1000 * 1200, dtype="f4").reshape(1000, 1200)
a = g.create_dataset("f32", shape=x.shape, chunks=(100, 150), dtype="<f4",
                     compressor=numcodecs.Blosc("lz4", 5, numcodecs.Blosc.SHUFFLE))
a[:] = np.sin(x) * 100
a.attrs["units"] = "m"
a[...].astype("<f4").tofile("f32.raw")
b = g.create_dataset("i16", shape=(517, 333), chunks=(64, 64), dtype="<i2", fill_value=-9,
                     compressor=numcodecs.Blosc("zstd", 3, numcodecs.Blosc.BITSHUFFLE))
b[100:400, 50:300] = (np.arange(300 * 250) % 30000).reshape(300, 250)
b[...].astype("<i2").tofile("i16.raw")
`,
    ],
    { cwd: dir },
  );
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const cli = (argv: string[]) => runCliCaptured(argv);

/** zarrita asks for "/path/key"; zarrkit's stores take "path/key". */
function zarritaStore(store: FileSystemStore) {
  return {
    get: (key: string) => store.get(key.replace(/^\//, "")),
    getRange: (key: string, range: { offset: number; length: number } | { suffixLength: number }) =>
      store.getRange(key.replace(/^\//, ""), range),
  };
}

/** Byte equality of two typed arrays (toEqual is slow on millions of elements). */
function sameBytes(a: ArrayLike<unknown> & ArrayBufferView, b: ArrayBufferView): boolean {
  return (
    a.constructor === b.constructor &&
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    )
  );
}

function raw(name: string, ctor: Float32ArrayConstructor | Int16ArrayConstructor) {
  const bytes = readFileSync(join(dir, name));
  return new ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe("convert v2 blosc (zarr-python) -> v3 sharded zstd", () => {
  it("reads back equal with zarrkit and zarrita.js", async () => {
    const dst = join(dir, "v3.zarr");
    const r = await cli([
      "convert",
      join(dir, "src.zarr"),
      dst,
      "--chunks",
      "100,150",
      "--shards",
      "400,600",
      "--codec",
      "zstd",
      "--quiet",
    ]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const expected = { f32: raw("f32.raw", Float32Array), i16: raw("i16.raw", Int16Array) };
    for (const name of ["f32", "i16"] as const) {
      const src = (await open(join(dir, "src.zarr"), { path: name, kind: "array" })) as ZarrArray;
      const copy = (await open(dst, { path: name, kind: "array" })) as ZarrArray;
      expect(copy.zarrFormat).toBe(3);
      expect(copy.chunks).toEqual([400, 600]);
      expect(copy.codecs[0].name).toBe("sharding_indexed");
      expect(copy.attrs).toEqual(src.attrs);
      expect(copy.fillValue).toEqual(src.fillValue);
      const a = await src.get();
      const b = await copy.get();
      expect(b.shape).toEqual(a.shape);
      expect(sameBytes(b.data as Float32Array, expected[name])).toBe(true);
      expect(sameBytes(a.data as Float32Array, expected[name])).toBe(true);

      const z = await zarrita.open.v3(
        zarrita.root(zarritaStore(new FileSystemStore(dst))).resolve(name),
        {
          kind: "array",
        },
      );
      const got = await zarrita.get(z);
      expect(got.shape).toEqual(a.shape);
      expect(got.stride).toEqual([a.shape[1], 1]);
      expect(sameBytes(got.data as Float32Array, expected[name])).toBe(true);
    }
    const root = JSON.parse(readFileSync(join(dst, "zarr.json"), "utf8"));
    expect(root.attributes).toEqual({ source: "zarr-python" });
  });

  it("writes each shard exactly once", async () => {
    const src = await open(join(dir, "src.zarr"));
    const plan = await planHierarchyCopy(src, {
      zarrFormat: 3,
      chunks: [100, 150],
      shards: [400, 600],
    });
    const store = new MemoryStore();
    const writes = new Map<string, number>();
    const set = store.set.bind(store);
    store.set = (key: string, value: Uint8Array) => {
      writes.set(key, (writes.get(key) ?? 0) + 1);
      return set(key, value);
    };
    await copyHierarchy(plan, store, { concurrency: 3 });
    const shardWrites = [...writes].filter(([key]) => key.startsWith("f32/c/"));
    expect(shardWrites.map(([key]) => key).sort()).toEqual(
      ["0/0", "0/1", "1/0", "1/1", "2/0", "2/1"].map((k) => `f32/c/${k}`),
    );
    expect(shardWrites.every(([, n]) => n === 1)).toBe(true);
  });

  it("stays under the memory bound it prints (the real command)", () => {
    const out = execFileSync(
      process.execPath,
      [
        "--conditions=zarrkit-source",
        "--import",
        "tsx",
        "packages/zarrkit/src/cli/main.ts",
        "convert",
        join(dir, "src.zarr"),
        join(dir, "child.zarr"),
        "--shards",
        "200,300",
        "--chunks",
        "100,150",
        "--quiet",
      ],
      { cwd: REPO, encoding: "utf8" },
    );
    const match = /peak RSS ([\d.]+) MiB \(bound ([\d.]+) MiB/.exec(out);
    expect(match, out).not.toBeNull();
    expect(Number(match?.[1])).toBeLessThan(Number(match?.[2]));
  });
});
