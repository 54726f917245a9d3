/**
 * v2 structured dtypes written by zarrkit and read by Debian's zarr-python 2.13 (issue
 * 14): every field's values as zarr-python reads them must be the ones packed here (with
 * the fill value where nothing was written), and the dtype, order and fill value must be
 * what numpy names them. Then an array zarr-python writes goes through zarrkit (read,
 * create a copy, write) and zarr-python finds the copy identical, bytes included.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  create,
  type DataType,
  FileSystemStore,
  type FillValueInput,
  open,
  packStructured,
  type StructuredDtype,
  slice,
} from "zarrkit";
import { python, zarrPythonSkipReason } from "./python-peer.js";

const skipReason = zarrPythonSkipReason("the structured zarr-python tests");

/** What zarr-python reads: dtype descr, order, fill bytes, and every field's values. */
const READ = `
import base64, json, os, sys, zarr, numpy as np
def plain(f):
    if f.dtype.names: return {n: plain(f[n]) for n in f.dtype.names}
    k = f.dtype.kind
    if k in "Mm": return f.astype("<i8").reshape(-1).tolist()
    if k == "c": return np.stack([f.real, f.imag], -1).reshape(-1).tolist()
    if k == "S": return [b.decode("utf-8") for b in f.reshape(-1)]
    return f.reshape(-1).tolist()
root, names = sys.argv[1], json.loads(sys.argv[2])
out = {}
for name in names:
    a = zarr.open_array(os.path.join(root, name), mode="r")
    v = a[...]
    fill = a.fill_value
    out[name] = {"descr": json.loads(json.dumps(a.dtype.descr)), "order": a.order,
                 "fill": None if fill is None else base64.b64encode(np.array(fill, a.dtype).tobytes()).decode(),
                 "fields": plain(v)}
print(json.dumps(out))
`;

type Values = Record<string, unknown[] | Record<string, unknown[]>>;

interface Case {
  name: string;
  dtype: StructuredDtype;
  shape: number[];
  chunks: number[];
  order: "C" | "F";
  fillValue: FillValueInput;
  /** The region written (the rest reads as the fill value), and its values per field. */
  region: [number, number][];
  values: (dt: DataType) => Values;
  /** Every element's values per field, as zarr-python must read them. */
  expected: Values;
}

const XY: StructuredDtype = [
  ["x", "<f4"],
  ["y", "<i2", [2]],
];

/** [7, 5] with [0:6, 0:4] written: x = i + 0.25, y = [i, -i]; fill (1.5, [3, -4]). */
function xyCase(order: "C" | "F"): Case {
  const written: number[] = [];
  for (let r = 0; r < 6; r++) for (let c = 0; c < 4; c++) written.push(r * 4 + c);
  const x: number[] = [];
  const y: number[] = [];
  for (let r = 0; r < 7; r++) {
    for (let c = 0; c < 5; c++) {
      const inside = r < 6 && c < 4;
      const i = r * 4 + c;
      x.push(inside ? i + 0.25 : 1.5);
      y.push(...(inside ? [i, -i] : [3, -4]));
    }
  }
  return {
    name: `xy.${order}`,
    dtype: XY,
    shape: [7, 5],
    chunks: [3, 2],
    order,
    fillValue: { x: 1.5, y: [3, -4] },
    region: [
      [0, 6],
      [0, 4],
    ],
    values: () => ({
      x: written.map((i) => i + 0.25),
      y: written.flatMap((i) => [i, -i]),
    }),
    expected: { x, y },
  };
}

const MIXED: StructuredDtype = [
  ["a", "|u1"],
  ["b", ">i4"],
  ["c", "<f8"],
  ["d", "|b1"],
  ["e", "|S3"],
  ["u", ">U2"],
  ["t", "<M8[s]"],
  ["z", "<c8"],
  ["w", ">u8"],
];

const mixedValues: Values = {
  a: [0, 1, 255, 7, 8, 9],
  b: [-(2 ** 31), 2 ** 31 - 1, 0, -5, 6, 1234567],
  c: [0.1, -2.5e300, 3, Number.MAX_VALUE, -0.5, 1e-300],
  d: [true, false, true, true, false, false],
  e: ["abc", "", "x", "yz", "é", "q"],
  u: ["hé", "日本", "", "a", "zz", "Ω"],
  t: [0n, 1700000000n, -1n, 86400n, 2n ** 40n, -(2n ** 40n)],
  z: [1, -1, 0.5, 2, -3, 4, 5.5, 6, 7, -8, 9, 10],
  w: [2n ** 64n - 1n, 0n, 1n, 2n ** 63n, 12345678901234567n, 42n],
};

const NESTED: StructuredDtype = [
  [
    "p",
    [
      ["x", "<f4"],
      ["y", ">f8"],
    ],
  ],
  ["n", "<i8"],
];

const CASES: Case[] = [
  xyCase("C"),
  xyCase("F"),
  {
    name: "mixed",
    dtype: MIXED,
    shape: [6],
    chunks: [4],
    order: "C",
    fillValue: null,
    region: [[0, 6]],
    values: () => mixedValues,
    expected: {
      ...mixedValues,
      d: (mixedValues.d as boolean[]).map((b) => b),
      t: (mixedValues.t as bigint[]).map(Number),
      w: (mixedValues.w as bigint[]).map((v) => Number(v)),
      c: mixedValues.c,
      z: (mixedValues.z as number[]).map(Math.fround),
    },
  },
  {
    name: "nested",
    dtype: NESTED,
    shape: [5],
    chunks: [2],
    order: "C",
    fillValue: { p: { x: 1, y: -2 }, n: 7 },
    region: [[0, 3]],
    values: (dt) => {
      const inner = dt.fields?.[0].dataType as DataType;
      return {
        p: packStructured({ x: [0.5, 1.5, 2.5], y: [-1e10, 0, 1e-10] }, inner, 3) as never,
        n: [-(2n ** 62n), 0n, 2n ** 62n],
      };
    },
    expected: {
      p: { x: [0.5, 1.5, 2.5, 1, 1], y: [-1e10, 0, 1e-10, -2, -2] },
      n: [-(2 ** 62), 0, 2 ** 62, 7, 7],
    },
  },
];

/** bigint and float values as Python's json gives them back (u8 beyond 2^53 loses digits). */
function asPython(values: Values): unknown {
  return JSON.parse(
    JSON.stringify(values, (_k, v) => (typeof v === "bigint" ? Number(v) : v)),
  ) as unknown;
}

describe.skipIf(skipReason !== undefined)(
  "structured dtypes: zarrkit writes, zarr-python 2.13 reads",
  () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "zarrkit-structured-"));
      const store = new FileSystemStore(dir);
      for (const c of CASES) {
        const arr = await create(store, {
          path: c.name,
          zarrFormat: 2,
          shape: c.shape,
          chunks: c.chunks,
          dtype: c.dtype,
          order: c.order,
          fillValue: c.fillValue,
          compressor: { id: "zlib", level: 1 },
        });
        const count = c.region.reduce((n, [a, b]) => n * (b - a), 1);
        const records = packStructured(
          c.values(arr.dataType) as Record<string, ArrayLike<unknown>>,
          arr.dataType,
          count,
        );
        await arr.set(
          c.region.map(([a, b]) => slice(a, b)),
          { data: records, shape: c.region.map(([a, b]) => b - a) },
        );
      }
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("zarr-python reads every field as written, the fill value where nothing was", () => {
      const read = JSON.parse(
        python(READ, [dir, JSON.stringify(CASES.map((c) => c.name))]),
      ) as Record<string, { descr: unknown; order: string; fill: string | null; fields: unknown }>;
      for (const c of CASES) {
        const got = read[c.name];
        expect(got.descr, c.name).toEqual(JSON.parse(JSON.stringify(c.dtype)));
        expect(got.order, c.name).toBe(c.order);
        expect(got.fields, c.name).toEqual(asPython(c.expected));
      }
      expect(read.mixed.fill).toBeNull();
      // (1.5, [3, -4]) as numpy packs it: <f4 then two <i2
      expect(read["xy.C"].fill).toBe(
        Buffer.from([0, 0, 0xc0, 0x3f, 3, 0, 0xfc, 0xff]).toString("base64"),
      );
    });
  },
);

/** zarr-python writes a structured array; compares it with zarrkit's copy of it. */
const PEER = `
import base64, json, os, sys, zarr, numcodecs, numpy as np
root, step = sys.argv[1], sys.argv[2]
dt = np.dtype([("x", "<f4"), ("y", ">i2", (2,)), ("s", "|S2"), ("p", [("a", "|b1"), ("b", ">u4")])])
if step == "write":
    rng = np.random.default_rng(14)
    v = np.zeros((9, 4), dt)
    v["x"] = rng.normal(size=(9, 4)).astype("<f4")
    v["x"][0, 0] = np.nan
    v["y"] = rng.integers(-30000, 30000, size=(9, 4, 2))
    v["s"] = rng.choice([b"ab", b"c", b"", b"zz"], size=(9, 4))
    v["p"]["a"] = rng.integers(0, 2, size=(9, 4)).astype(bool)
    v["p"]["b"] = rng.integers(0, 2**32, size=(9, 4), dtype=np.uint64)
    fill = np.array((-0.0, [1, -1], b"f", (True, 7)), dt)
    z = zarr.open_group(root, mode="a").create_dataset(
        "peer", shape=(9, 4), chunks=(4, 3), dtype=dt, fill_value=fill.tobytes(), order="F",
        compressor=numcodecs.Zlib(level=1))
    z[:7, :3] = v[:7, :3]
else:
    a = zarr.open_array(os.path.join(root, "peer"), mode="r")
    b = zarr.open_array(os.path.join(root, "copy"), mode="r")
    print(json.dumps({"dtype": a.dtype == b.dtype, "order": [a.order, b.order],
                      "fill": a.fill_value.tobytes() == b.fill_value.tobytes(),
                      "bytes": a[...].tobytes() == b[...].tobytes()}))
`;

describe.skipIf(skipReason !== undefined)(
  "structured dtypes: zarr-python 2.13 -> zarrkit -> zarr-python",
  () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "zarrkit-structured-peer-"));
      python(PEER, [dir, "write"]);
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("a copy zarrkit writes of a zarr-python array is identical for zarr-python", async () => {
      const store = new FileSystemStore(dir);
      const src = await open(store, { kind: "array", path: "peer" });
      const zarray = (src.metadata[".zarray"] ?? {}) as { dtype?: StructuredDtype };
      const copy = await create(store, {
        path: "copy",
        zarrFormat: 2,
        shape: src.shape,
        chunks: src.chunks,
        dtype: zarray.dtype as StructuredDtype,
        order: src.order,
        fillValue: src.fillValue as Uint8Array,
        compressor: { id: "zlib", level: 1 },
      });
      await copy.set(null, await src.get());
      const result = JSON.parse(python(PEER, [dir, "compare"])) as {
        dtype: boolean;
        order: string[];
        fill: boolean;
        bytes: boolean;
      };
      expect(result).toEqual({ dtype: true, order: ["F", "F"], fill: true, bytes: true });
    });
  },
);
