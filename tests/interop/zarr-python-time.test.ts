/**
 * datetime64 / timedelta64 / raw bytes against zarr-python 2.13: the fixtures it wrote
 * (tests/interop/make_zarr_python_time_fixtures.py) read back exactly, through the API
 * and `zarrkit get --json`; arrays zarrkit writes read back in zarr-python; v3 arrays
 * with the zarr-extensions data types (no zarr-python 3 here) round-trip in zarrkit.
 */
import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, FileSystemStore, NAT, open, parseSelection, type ZarrArray } from "zarrkit";
import { PYTHON, zarrPythonSkipReason } from "./python-peer.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(REPO, "tests/fixtures/zarr-python-time");

interface Entry {
  path: string;
  dtype: string;
  name: "datetime64" | "timedelta64" | "raw_bits";
  unit?: string;
  scale_factor?: number;
  item_size?: number;
  shape: number[];
  order: "C" | "F";
  fill_value: number | string | null;
  counts?: string[];
  hex?: string[];
  data: (number | string)[];
}

const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as {
  arrays: Record<string, Entry>;
};

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function fixtureStore(): FileSystemStore {
  return new FileSystemStore(join(FIXTURES, "v2/time.zarr"));
}

describe("zarr-python 2.13 time and raw-bytes fixtures", () => {
  for (const [key, e] of Object.entries(expected.arrays)) {
    it(`${key} (${e.dtype})`, async () => {
      const arr = await open(fixtureStore(), { kind: "array", path: e.path });
      expect(arr.dtype).toBe(e.name);
      expect(arr.order).toBe(e.order);
      expect([...arr.shape]).toEqual(e.shape);
      const all = await arr.get();
      if (e.name === "raw_bits") {
        expect(arr.dataType.itemSize).toBe(e.item_size);
        expect(arr.fillValue === null ? null : hex(arr.fillValue as Uint8Array)).toBe(
          e.fill_value === null ? null : hex(latin1(e.fill_value as string)),
        );
        expect((all.data as Uint8Array[]).map(hex)).toEqual(e.hex);
        return;
      }
      expect(arr.dataType).toMatchObject({ unit: e.unit, scaleFactor: e.scale_factor });
      expect(arr.dataType.endian).toBe(e.dtype.startsWith(">") ? "big" : "little");
      expect(arr.fillValue).toBe(e.fill_value === "NaT" ? NAT : BigInt(e.fill_value as number));
      expect(all.data).toBeInstanceOf(BigInt64Array);
      expect([...(all.data as BigInt64Array)].map(String)).toEqual(e.counts);
      // a strided selection across chunks
      const part = await arr.get(parseSelection("1:7:2, ::-2", 2));
      const want: string[] = [];
      for (let r = 1; r < 7; r += 2) {
        for (let c = 4; c >= 0; c -= 2) want.push((e.counts as string[])[r * 5 + c]);
      }
      expect([...(part.data as BigInt64Array)].map(String)).toEqual(want);
    });
  }
});

const execFileAsync = promisify(execFile);

async function cliGet(
  target: string,
): Promise<{ shape: number[]; dtype: string; data: unknown[] }> {
  const args = [
    "--conditions=zarrkit-source",
    "--import",
    "tsx",
    "packages/zarrkit/src/cli/main.ts",
  ];
  const { stdout } = await execFileAsync("node", [...args, "get", target, "--json"], {
    cwd: REPO,
  });
  return JSON.parse(stdout);
}

describe("zarrkit get --json on the fixtures", () => {
  it('prints counts (strings beyond 2^53), NaT as "NaT", raw bytes as latin-1', async () => {
    const entries = Object.values(expected.arrays);
    const outs = await Promise.all(
      entries.map((e) => cliGet(join(FIXTURES, "v2/time.zarr", e.path))),
    );
    entries.forEach((e, i) => {
      expect(outs[i].dtype, e.path).toBe(e.dtype);
      expect(outs[i].shape).toEqual(e.shape);
      expect(outs[i].data, e.path).toEqual(e.data);
    });
  });
});

const skipReason = zarrPythonSkipReason("the zarr-python write tests");

/** Prints, per array, dtype, fill value and values as int64 counts / hex, read by zarr-python. */
const READ_SCRIPT = `
import json, sys, zarr, numpy as np
root = sys.argv[1]
out = {}
def enc(a):
    a = np.asarray(a)
    if a.dtype.kind in "mM":
        return [str(int(c)) for c in a.astype(a.dtype.newbyteorder("=")).reshape(-1).view("i8")]
    return [bytes(v).hex() for v in a.reshape(-1)]
for name in json.loads(sys.argv[2]):
    a = zarr.open_array(root + "/" + name, mode="r")
    fill = None if a.fill_value is None else enc(np.array([a.fill_value], dtype=a.dtype))[0]
    out[name] = {"dtype": a.dtype.str, "fill": fill, "values": enc(a[...]),
                 "text": [str(v) for v in a[...].reshape(-1)[:3]]}
print(json.dumps(out))
`;

interface Case {
  dtype: string;
  fillValue: bigint | string | Uint8Array | null;
  values: (bigint | number | string)[] | Uint8Array[];
  /** zarr-python's dtype.str */
  str: string;
}

const CASES: Record<string, Case> = {
  M8_ns: {
    dtype: "<M8[ns]",
    fillValue: "NaT",
    values: [0n, "NaT", 2n ** 62n + 1n, -(2n ** 63n) + 1n, 1_600_000_000_000_000_000n, -1n],
    str: "<M8[ns]",
  },
  M8_D: {
    dtype: "datetime64[D]",
    fillValue: 10957n,
    values: [0, 1, -1, "NaT", 19000, -719162],
    str: "<M8[D]",
  },
  m8_s: {
    dtype: "<m8[s]",
    fillValue: -5n,
    values: [86400, "NaT", -3600, 0, 2n ** 53n + 1n, 1],
    str: "<m8[s]",
  },
  be_M8_ms: {
    dtype: ">M8[ms]",
    fillValue: "NaT",
    values: [1n, 256n, "NaT", -(2n ** 40n), 2n ** 63n - 1n, 0n],
    str: ">M8[ms]",
  },
  M8_10s: {
    dtype: "datetime64[10s]",
    fillValue: 3n,
    values: [0, 6, 60, "NaT", -6, 8640],
    str: "<M8[10s]",
  },
  V4: {
    dtype: "|V4",
    fillValue: new Uint8Array([1, 2, 254, 255]),
    values: [0, 1, 2, 3, 4, 5].map((i) => new Uint8Array([i, 255 - i, i * 16, 0])),
    str: "|V4",
  },
  V2_null: {
    dtype: "|V2",
    fillValue: null,
    values: [0, 1, 2, 3, 4, 5].map((i) => new Uint8Array([i, 7])),
    str: "|V2",
  },
};

/** What READ_SCRIPT prints for a value written: int64 counts, or hex for raw bytes. */
function wantText(v: unknown): string {
  if (v instanceof Uint8Array) return hex(v);
  if (v === "NaT") return String(NAT);
  return String(v);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zarrkit-time-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(skipReason !== undefined)("zarr-python 2.13 reads what zarrkit writes", () => {
  it("datetime64 / timedelta64 (NaT, fill values, big-endian, multiples) and |V{n}", async () => {
    const store = new FileSystemStore(join(dir, "v2"));
    const want: Record<string, { dtype: string; fill: string | null; values: string[] }> = {};
    for (const [name, c] of Object.entries(CASES)) {
      // 8 elements in chunks of 3, the last two never written: they read as the fill value
      const arr = await create(store, {
        path: name,
        zarrFormat: 2,
        shape: [8],
        chunks: [3],
        dtype: c.dtype,
        fillValue: c.fillValue,
        compressor: { id: "zlib", level: 1 },
      });
      await arr.set(parseSelection("0:6", 1), c.values as never);
      const fill = c.fillValue === null ? null : wantText(c.fillValue);
      const values = c.values.map(wantText);
      // |V with a null fill: zarr-python leaves missing chunks uninitialized; write them
      if (c.fillValue === null) {
        await arr.set(parseSelection("6:8", 1), [new Uint8Array([9, 9]), new Uint8Array([8, 8])]);
        values.push("0909", "0808");
      } else {
        values.push(fill as string, fill as string);
      }
      want[name] = { dtype: c.str, fill, values };
    }
    const out = JSON.parse(
      execFileSync(
        PYTHON,
        ["-c", READ_SCRIPT, join(dir, "v2"), JSON.stringify(Object.keys(CASES))],
        {
          encoding: "utf8",
        },
      ),
    ) as Record<string, { dtype: string; fill: string | null; values: string[]; text: string[] }>;
    for (const [name, w] of Object.entries(want)) {
      expect(
        { dtype: out[name].dtype, fill: out[name].fill, values: out[name].values },
        name,
      ).toEqual(w);
    }
    // numpy's own reading of the counts
    expect(out.M8_ns.text).toEqual([
      "1970-01-01T00:00:00.000000000",
      "NaT",
      "2116-02-20T23:53:38.427387905",
    ]);
    expect(out.M8_D.text).toEqual(["1970-01-01", "1970-01-02", "1969-12-31"]);
    expect(out.M8_10s.text).toEqual([
      "1970-01-01T00:00:00",
      "1970-01-01T00:01:00",
      "1970-01-01T00:10:00",
    ]);

    // and zarrkit reads its own arrays back the same way
    const back = await open(store, { kind: "array", path: "be_M8_ms" });
    const counts = [...((await back.get()).data as BigInt64Array)].map(String);
    expect(counts).toEqual(want.be_M8_ms.values);
  });
});

/** A v3 zarr.json per the zarr-extensions / core spec texts, written by hand. */
function v3Doc(dataType: unknown, fill: unknown, endian?: "little" | "big"): string {
  return JSON.stringify({
    zarr_format: 3,
    node_type: "array",
    shape: [5],
    data_type: dataType,
    chunk_grid: { name: "regular", configuration: { chunk_shape: [2] } },
    chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
    fill_value: fill,
    codecs: [{ name: "bytes", ...(endian ? { configuration: { endian } } : {}) }],
    attributes: {},
    storage_transformers: [],
  });
}

describe("v3 numpy.datetime64 / numpy.timedelta64 / r* round trips", () => {
  it("reads hand-made spec metadata, writes with set, and the CLI prints it", async () => {
    const root = join(dir, "v3");
    const docs: Record<string, string> = {
      dt: v3Doc(
        { name: "numpy.datetime64", configuration: { unit: "ns", scale_factor: 1 } },
        "NaT",
        "big",
      ),
      td: v3Doc(
        { name: "numpy.timedelta64", configuration: { unit: "ms", scale_factor: 10 } },
        -7,
        "little",
      ),
      raw: v3Doc("r24", [0, 128, 255]),
    };
    for (const [name, doc] of Object.entries(docs)) {
      await mkdir(join(root, name), { recursive: true });
      await writeFile(join(root, name, "zarr.json"), doc);
    }
    const store = new FileSystemStore(root);
    const dt = (await open(store, { kind: "array", path: "dt" })) as ZarrArray;
    expect(dt.dataType).toMatchObject({ name: "datetime64", unit: "ns", scaleFactor: 1 });
    await dt.set(parseSelection("1:4", 1), ["NaT", 2n ** 60n, -3n]);
    const td = (await open(store, { kind: "array", path: "td" })) as ZarrArray;
    await td.set(parseSelection("0:2", 1), [5, "NaT"]);
    const raw = (await open(store, { kind: "array", path: "raw" })) as ZarrArray;
    await raw.set(parseSelection("4", 1), new Uint8Array([1, 2, 3]));

    // big-endian bytes on disk, as the codec chain says
    const chunk = new Uint8Array(await readFile(join(root, "dt/c/1")));
    expect(hex(chunk)).toBe(`${"1000000000000000"}${"fffffffffffffffd"}`);
    // metadata untouched by writes
    expect(await readFile(join(root, "dt/zarr.json"), "utf8")).toBe(docs.dt);

    const reopened = await open(store, { kind: "array", path: "td" });
    expect([...((await reopened.get()).data as BigInt64Array)]).toEqual([5n, NAT, -7n, -7n, -7n]);

    expect((await cliGet(join(root, "dt"))).data).toEqual([
      "NaT",
      "NaT",
      "1152921504606846976",
      -3,
      "NaT",
    ]);
    const tdOut = await cliGet(join(root, "td"));
    expect(tdOut.dtype).toBe(
      '{"name":"numpy.timedelta64","configuration":{"unit":"ms","scale_factor":10}}',
    );
    expect(tdOut.data).toEqual([5, "NaT", -7, -7, -7]);
    const rawOut = await cliGet(join(root, "raw"));
    expect(rawOut.dtype).toBe("r24");
    expect(rawOut.data).toEqual([...Array(4).fill("\u0000\u0080ÿ"), "\u0001\u0002\u0003"]);
  });

  it("create writes the extension data types and fill values as the spec spells them", async () => {
    const store = new FileSystemStore(join(dir, "v3-created"));
    await create(store, { path: "t", shape: [2], dtype: "timedelta64[10us]", fillValue: "NaT" });
    await create(store, { path: "r", shape: [2], dtype: "r16", fillValue: new Uint8Array([1, 2]) });
    const t = JSON.parse(await readFile(join(dir, "v3-created/t/zarr.json"), "utf8"));
    expect(t.data_type).toEqual({
      name: "numpy.timedelta64",
      configuration: { unit: "us", scale_factor: 10 },
    });
    // zarr-python 3 writes NaT as the integer -2^63 (the spec allows it and "NaT")
    expect(await readFile(join(dir, "v3-created/t/zarr.json"), "utf8")).toContain(
      '"fill_value": -9223372036854775808',
    );
    const r = JSON.parse(await readFile(join(dir, "v3-created/r/zarr.json"), "utf8"));
    expect(r.data_type).toBe("r16");
    expect(r.fill_value).toEqual([1, 2]);
    expect(r.codecs[0]).toEqual({ name: "bytes" });
  });
});
