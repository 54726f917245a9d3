// zarr-python 2.13 (Debian's /usr/bin/python3) reads the v2 arrays zarrkit writes, and
// zarrkit reads, modifies and hands back arrays zarr-python wrote.
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registerPureCodecs, registerWasmCodecs } from "@zarrkit/codecs";
import { FileSystemStore } from "@zarrkit/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultCodecRegistry } from "../codec-registry.js";
import type { ChunkData } from "../data-type.js";
import { slice } from "../indexing/slice.js";
import { type JsonValue, parseJson } from "../json.js";
import { open } from "../open.js";
import { writeConsolidatedMetadata } from "./consolidate.js";
import { create, createGroup } from "./create.js";
import type { NumcodecsConfig } from "./create-options.js";
import { DTYPES, sample } from "./sample-values.test-util.js";

const PYTHON = "/usr/bin/python3";

function pythonHasZarr(): string | undefined {
  try {
    execFileSync(PYTHON, ["-c", "import zarr, numcodecs"], { stdio: "pipe" });
    return undefined;
  } catch (error) {
    return `${PYTHON} cannot import zarr: ${(error as Error).message.split("\n")[0]}`;
  }
}

const skipReason = pythonHasZarr();
if (skipReason) console.warn(`skipping zarr-python interop tests: ${skipReason}`);

const READ_SCRIPT = `
import json, sys, zarr
root = sys.argv[1]
out = {}
for name in json.loads(sys.argv[2]):
    a = zarr.open_array(root + "/" + name, mode="r")
    flat = a[...].reshape(-1)
    k = a.dtype.kind
    if k == "c": vals = [[float(x.real), float(x.imag)] for x in flat]
    elif k == "S": vals = [x.decode() for x in flat]
    elif k == "f": vals = [float(x) for x in flat]
    else: vals = flat.tolist()
    out[name] = {"dtype": a.dtype.str, "shape": list(a.shape), "order": a.order, "values": vals}
print(json.dumps(out))
`;

const WRITE_SCRIPT = `
import sys, zarr, numpy as np, numcodecs
root = sys.argv[1]
shape, chunks = (6, 4), (4, 3)
i = np.arange(24).reshape(shape)
cases = {
    "i2": (i * 7 - 50).astype("<i2"),
    "i8": (2**60 + i * 3**30).astype("<i8"),
    "u8": np.uint64(2**64 - 1) - i.astype("<u8"),
    "f4": (i / 4).astype("<f4"),
    "f2": (i / 2).astype("<f2"),
    "c16": (i + 1j * -i).astype("<c16"),
    "b1": (i % 3 == 0),
    "U5": np.array(["u%d" % v for v in i.flat]).reshape(shape),
    "O": np.array(["o%d" % v for v in i.flat], dtype=object).reshape(shape),
}
compressors = {"blosc": "default", "zlib": numcodecs.Zlib(level=1), "none": None}
for name, data in cases.items():
    for order in "CF":
        for cname, comp in compressors.items():
            kw = {} if comp == "default" else {"compressor": comp}
            if data.dtype == object: kw["object_codec"] = numcodecs.VLenUTF8()
            z = zarr.open_array("%s/%s_%s_%s" % (root, name, order, cname), mode="w", shape=shape,
                                chunks=chunks, dtype=data.dtype, order=order, **kw)
            z[...] = data
`;

function runPython(script: string, args: string[]): string {
  return execFileSync(PYTHON, ["-c", script, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
}

/** What zarr-python prints for a value in our in-memory form (bigint beyond 2^53 kept). */
function expected(data: ChunkData, dtype: string): JsonValue[] {
  const flat = Array.from(data as ArrayLike<unknown>);
  if (dtype.startsWith("complex")) {
    const out: JsonValue[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push([flat[i] as number, flat[i + 1] as number]);
    return out;
  }
  return flat.map((v) => {
    if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v;
    if (dtype === "bool") return v === 1;
    return v as JsonValue;
  });
}

const COMPRESSORS: Record<string, NumcodecsConfig | null> = {
  none: null,
  zlib: { id: "zlib", level: 1 },
  gzip: { id: "gzip", level: 5 },
  blosc: { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 },
  zstd: { id: "zstd", level: 3 },
  lz4: { id: "lz4", acceleration: 1 },
};

let dir: string;
beforeAll(async () => {
  registerWasmCodecs(registerPureCodecs(defaultCodecRegistry));
  dir = await mkdtemp(join(tmpdir(), "zarrkit-py-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(skipReason !== undefined)("zarr-python 2.13 interop", () => {
  it("reads every dtype x order x compressor that zarrkit writes", async () => {
    const store = new FileSystemStore(join(dir, "ours"));
    const want: Record<string, JsonValue[]> = {};
    const shape = [7, 5];
    for (const dtype of DTYPES) {
      for (const order of ["C", "F"] as const) {
        for (const [cname, compressor] of Object.entries(COMPRESSORS)) {
          const name = `${dtype.replace(/\W/g, "_")}_${order}_${cname}`;
          const arr = await create(store, {
            path: name,
            zarrFormat: 2,
            shape,
            chunks: [3, 2],
            dtype,
            order,
            compressor,
          });
          const data = sample(dtype, 35, 0);
          await arr.set(null, { data, shape });
          // a partial write that merges into existing chunks
          const part = sample(dtype, 6, 50);
          await arr.set([slice(1, 4), slice(2, 4)], { data: part, shape: [3, 2] });
          want[name] = expected((await arr.get()).data, dtype);
          // ours agrees with the model of the two writes
          const model = expected(data, dtype);
          const partModel = expected(part, dtype);
          for (let r = 1; r < 4; r++) {
            for (let c = 2; c < 4; c++) model[r * 5 + c] = partModel[(r - 1) * 2 + (c - 2)];
          }
          expect(want[name]).toEqual(model);
        }
      }
    }
    const out = parseJson(
      runPython(READ_SCRIPT, [join(dir, "ours"), JSON.stringify(Object.keys(want))]),
      "python",
    );
    const got = out as Record<string, { values: JsonValue[]; order: string }>;
    for (const [name, values] of Object.entries(want)) {
      expect(got[name]?.values, name).toEqual(values);
      expect(got[name].order).toBe(name.includes("_F_") ? "F" : "C");
    }
  });

  it("reads, modifies and hands back arrays zarr-python wrote", async () => {
    const root = join(dir, "theirs");
    runPython(WRITE_SCRIPT, [root]);
    const store = new FileSystemStore(root);
    const names: string[] = [];
    const want: Record<string, JsonValue[]> = {};
    for (const dtype of ["i2", "i8", "u8", "f4", "f2", "c16", "b1", "U5", "O"]) {
      for (const order of ["C", "F"]) {
        for (const cname of ["blosc", "zlib", "none"]) {
          const name = `${dtype}_${order}_${cname}`;
          names.push(name);
          const arr = await open(store, { path: name, kind: "array" });
          expect(arr.shape).toEqual([6, 4]);
          const { data } = await arr.get();
          const values = expected(data, arr.dtype);
          const at = (i: number): JsonValue => {
            switch (dtype) {
              case "i2":
                return i * 7 - 50;
              case "i8":
                return 2n ** 60n + BigInt(i) * 3n ** 30n;
              case "u8":
                return 2n ** 64n - 1n - BigInt(i);
              case "f4":
                return i / 4;
              case "f2":
                return i / 2;
              case "c16":
                return [i, 0 - i];
              case "b1":
                return i % 3 === 0;
              case "U5":
                return `u${i}`;
              default:
                return `o${i}`;
            }
          };
          expect(values, name).toEqual(Array.from({ length: 24 }, (_, i) => at(i)));
          // modify a column that crosses chunks, then python reads it back
          const col = values.slice();
          const newValue: JsonValue =
            dtype === "c16"
              ? [1.5, -2.5]
              : dtype === "b1"
                ? false
                : dtype === "U5" || dtype === "O"
                  ? "new"
                  : dtype[0] === "f"
                    ? 0.5
                    : 3;
          for (let r = 1; r < 6; r++) col[r * 4 + 2] = newValue;
          const scalar = dtype === "b1" ? false : (newValue as never);
          await arr.set([slice(1, 6), 2], scalar);
          want[name] = col;
        }
      }
    }
    const out = parseJson(runPython(READ_SCRIPT, [root, JSON.stringify(names)]), "python");
    const got = out as Record<string, { values: JsonValue[] }>;
    for (const name of names) expect(got[name]?.values, name).toEqual(want[name]);
  });

  it("opens zarrkit's consolidated v2 hierarchy with open_consolidated", async () => {
    const root = join(dir, "tree");
    const store = new FileSystemStore(root);
    await createGroup(store, { zarrFormat: 2, attributes: { title: "tree" } });
    const a = await create(store, {
      path: "g/a",
      zarrFormat: 2,
      shape: [4],
      chunks: [2],
      dtype: "float64",
    });
    await a.set(null, Float64Array.of(0.5, 1.5, 2.5, 3.5));
    await a.setAttrs({ units: "m" });
    await create(store, {
      path: "g/h/b",
      zarrFormat: 2,
      shape: [3],
      dtype: "string",
      fillValue: "x",
    });
    await writeConsolidatedMetadata(store);
    const script = `
import json, sys, zarr
g = zarr.open_consolidated(sys.argv[1], mode="r")
out = {"title": g.attrs["title"], "a": g["g/a"][:].tolist(), "units": g["g/a"].attrs["units"],
       "b": g["g/h/b"][:].tolist()}
names = []
g.visit(names.append)
out["tree"] = sorted(names)
print(json.dumps(out))
`;
    const out = JSON.parse(runPython(script, [root]));
    expect(out).toEqual({
      title: "tree",
      a: [0.5, 1.5, 2.5, 3.5],
      units: "m",
      b: ["x", "x", "x"],
      tree: ["g", "g/a", "g/h", "g/h/b"],
    });
  });
});
