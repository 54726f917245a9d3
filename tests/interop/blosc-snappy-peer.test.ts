/**
 * Blosc with snappy both ways against Debian's zarr-python 2.13 / numcodecs 0.11 (c-blosc
 * 1.21 with Debian's snappy): arrays zarrkit writes are read by zarr-python, and their
 * chunks are the bytes numcodecs writes for the same data and configuration; arrays
 * zarr-python writes here (random data, every shuffle, several block sizes) read back
 * in zarrkit with the values zarr-python reports.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, FileSystemStore, open } from "zarrkit";
import { python, zarrPythonSkipReason } from "./python-peer.js";

const skipReason = zarrPythonSkipReason("the blosc snappy peer tests");

/** zarr-python reads each array; numcodecs re-encodes each stored chunk's decoded bytes. */
const READ_AND_REENCODE = `
import json, os, sys, zarr, numcodecs, numpy as np
numcodecs.blosc.use_threads = False
root, names = sys.argv[1], json.loads(sys.argv[2])
out = {}
for name in names:
    a = zarr.open_array(os.path.join(root, name), mode="r")
    c = a.compressor
    same = []
    for key in sorted(k for k in os.listdir(os.path.join(root, name)) if not k.startswith(".")):
        stored = open(os.path.join(root, name, key), "rb").read()
        # as zarr-python encodes a chunk: from an array, so typesize is the item size
        raw = np.frombuffer(c.decode(stored), dtype=a.dtype)
        again = numcodecs.Blosc(c.cname, c.clevel, c.shuffle, c.blocksize).encode(raw)
        same.append(bytes(again) == stored)
    out[name] = {"cname": c.cname, "values": a[...].reshape(-1).tolist(), "same": same}
print(json.dumps(out))
`;

/** zarr-python writes random arrays with blosc snappy; prints their values. */
const WRITE = `
import json, sys, zarr, numcodecs, numpy as np
numcodecs.blosc.use_threads = False
root = sys.argv[1]
rng = np.random.default_rng(14)
g = zarr.open_group(root, mode="w")
out = {}
for dtype in ["<i4", "<f8", "<u2", "|u1"]:
    for shuffle in [0, 1, 2]:
        for blocksize in [0, 256]:
            if dtype == "<f8":
                data = np.round(rng.standard_normal((50, 30)), 2)
            else:
                data = rng.integers(0, 200, size=(50, 30)).astype(dtype)
            name = "%s_s%d_b%d" % (dtype[1:], shuffle, blocksize)
            z = g.create_dataset(name, shape=data.shape, chunks=(20, 16), dtype=dtype,
                                 compressor=numcodecs.Blosc("snappy", 5, shuffle, blocksize))
            z[...] = data
            out[name] = data.reshape(-1).tolist()
print(json.dumps(out))
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zarrkit-snappy-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(skipReason !== undefined)("blosc snappy against zarr-python 2.13", () => {
  it("zarr-python reads what zarrkit writes, and numcodecs writes the same chunk bytes", async () => {
    const store = new FileSystemStore(join(dir, "ours"));
    const want: Record<string, number[]> = {};
    for (const [dtype, make] of [
      ["int32", (i: number) => ((i * 37) % 1000) - 300],
      ["float64", (i: number) => Math.sin(i) * 1000],
      ["uint16", (i: number) => (i * 7919) % 65536],
    ] as const) {
      for (const shuffle of [0, 1, 2]) {
        for (const clevel of [1, 5, 9]) {
          const name = `${dtype}_s${shuffle}_c${clevel}`;
          const arr = await create(store, {
            path: name,
            zarrFormat: 2,
            shape: [40, 33],
            chunks: [16, 16],
            dtype,
            compressor: { id: "blosc", cname: "snappy", clevel, shuffle, blocksize: 0 },
          });
          const values = Array.from({ length: 40 * 33 }, (_, i) => make(i));
          const data =
            dtype === "int32"
              ? Int32Array.from(values)
              : dtype === "uint16"
                ? Uint16Array.from(values)
                : Float64Array.from(values);
          await arr.set(null, { data, shape: [40, 33] });
          want[name] = Array.from(data);
        }
      }
    }
    const meta = JSON.parse(await readFile(join(dir, "ours/int32_s1_c5/.zarray"), "utf8"));
    expect(meta.compressor).toMatchObject({ id: "blosc", cname: "snappy" });
    const got = JSON.parse(
      python(READ_AND_REENCODE, [join(dir, "ours"), JSON.stringify(Object.keys(want))]),
    ) as Record<string, { cname: string; values: number[]; same: boolean[] }>;
    for (const [name, values] of Object.entries(want)) {
      expect(got[name].cname, name).toBe("snappy");
      expect(got[name].values, name).toEqual(values);
      expect(got[name].same.length, name).toBe(9);
      expect(got[name].same.every(Boolean), `${name}: chunks byte-identical`).toBe(true);
    }
  });

  it("zarrkit reads what zarr-python writes (every shuffle, block sizes, type sizes)", async () => {
    const want = JSON.parse(python(WRITE, [join(dir, "theirs")])) as Record<string, number[]>;
    const store = new FileSystemStore(join(dir, "theirs"));
    expect(Object.keys(want).length).toBe(24);
    for (const [name, values] of Object.entries(want)) {
      const arr = await open(store, { kind: "array", path: name });
      expect(Array.from((await arr.get()).data as ArrayLike<number>), name).toEqual(values);
    }
  });
});
