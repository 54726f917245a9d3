/**
 * Issue 14: the cases a held-out interop run found zarrkit refusing or misreading, read
 * from the fixtures Debian's zarr-python 2.13 / numcodecs 0.11 wrote
 * (tests/interop/make_zarr_python_gap_fixtures.py). Every expected value in
 * expected.json is what zarr-python (v2) or numpy (v3, which zarr-python 2.13 cannot
 * write) reads; nothing here is typed by hand.
 *
 * The v3 structured fixtures (v3/struct, v3/structured_legacy) follow zarr-python 3's
 * src/zarr/core/dtype/npy/structured.py (Struct writes "struct" with {name, data_type}
 * fields and a {field: value} fill; it reads "structured" with [name, type] pairs too,
 * and a base64 fill as the record of its native, little-endian dtype) and
 * zarr-extensions' data-types/struct and data-types/structured READMEs (every
 * multi-byte field in the bytes codec's byte order).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  type ChunkData,
  create,
  type DataType,
  FileSystemStore,
  type JsonObject,
  MemoryStore,
  open,
  packStructured,
  type StructuredFieldData,
  structuredFields,
} from "zarrkit";
import { cOrderData, diffElements, type ExpectedElement } from "./compare.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(REPO, "tests/fixtures/zarr-python-gaps");

type StructuredElement = Record<string, ExpectedElement | ExpectedElement[]>;

interface Entry {
  store: string;
  dtype: unknown;
  path: string;
  shape: number[];
  fill_value: ExpectedElement | StructuredElement;
  codecs: string[];
  note: string;
  data: (ExpectedElement | StructuredElement)[];
}

const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as {
  arrays: Record<string, Entry>;
};

async function openFixture(e: Entry) {
  return open(new FileSystemStore(join(FIXTURES, e.store)), { kind: "array", path: e.path });
}

/** Each element's {field: value}: scalar fields as one value, subarray fields as a list. */
function recordsAsObjects(records: Uint8Array[], dataType: DataType): StructuredElement[] {
  const fields = structuredFields(records, dataType);
  return records.map((_, i) => {
    const element: StructuredElement = {};
    for (const [name, f] of Object.entries(fields)) {
      const per = f.field.shape.reduce((a, b) => a * b, 1);
      const values = fieldValues(f, i * per, per);
      element[name] = f.field.shape.length === 0 ? values[0] : values;
    }
    return element;
  });
}

/** Field values in the expected.json encoding (bool as boolean, bytes as latin-1). */
function fieldValues(f: StructuredFieldData, start: number, count: number): ExpectedElement[] {
  const out: ExpectedElement[] = [];
  for (let k = start; k < start + count; k++) {
    const v = (f.data as ArrayLike<unknown>)[k];
    if (f.field.dataType.name === "bool") out.push(v === 1);
    else if (v instanceof Uint8Array) out.push(String.fromCharCode(...v));
    else if (typeof v === "bigint") out.push(Number(v));
    else if (f.field.dataType.name === "float32" || f.field.dataType.name === "float16") {
      // expected.json holds the float32 value widened to float64 by Python
      out.push(v as number);
    } else out.push(v as ExpectedElement);
  }
  return out;
}

/** -0.0 must stay -0.0 (compare.ts treats 0 and -0 alike, as JSON usually cannot tell). */
function signsOfZero(data: ChunkData, e: readonly ExpectedElement[]): string | null {
  if (Array.isArray(data)) return null;
  for (let i = 0; i < e.length; i++) {
    const want = e[i];
    if (want === 0 && !Object.is(Number(data[i]), want)) {
      return `[${i}] got ${Object.is(Number(data[i]), -0) ? "-0" : "0"}, expected ${Object.is(want, -0) ? "-0" : "0"}`;
    }
  }
  return null;
}

describe("zarr-python 2.13 gap fixtures (issue 14)", () => {
  for (const [key, e] of Object.entries(expected.arrays)) {
    it(`${key}: ${e.note}`, async () => {
      const arr = await openFixture(e);
      expect([...arr.shape]).toEqual(e.shape);
      const data = cOrderData(await arr.get());
      if (arr.dataType.name === "structured") {
        expect(recordsAsObjects(data as Uint8Array[], arr.dataType)).toEqual(e.data);
        const fill = arr.fillValue;
        expect(
          fill === null ? null : recordsAsObjects([fill as Uint8Array], arr.dataType)[0],
        ).toEqual(e.fill_value);
        return;
      }
      const flat = e.data as ExpectedElement[];
      expect(diffElements(data, arr.dataType.name, flat)).toBeNull();
      expect(signsOfZero(data, flat)).toBeNull();
      const fill = e.fill_value as ExpectedElement;
      if (typeof fill === "number") {
        expect(Object.is(Number(arr.fillValue), fill), `fill ${String(arr.fillValue)}`).toBe(true);
      }
    });
  }
});

/**
 * zarrkit writes a v3 struct as zarr-python 3.1 does (zarr-extensions data-types/struct:
 * {name, data_type} fields, fill value as {field: value}, every field in the bytes codec's
 * byte order): the same array as the v3/struct fixture gives the same metadata and chunks.
 */
describe("v3 struct written as zarr-python 3 writes it", () => {
  it("matches the v3/struct fixture's zarr.json and chunk bytes", async () => {
    const e = expected.arrays["v3/struct"];
    const fixture = join(FIXTURES, e.store);
    const want = JSON.parse(readFileSync(join(fixture, "zarr.json"), "utf8")) as JsonObject;
    const store = new MemoryStore();
    const arr = await create(store, {
      shape: e.shape,
      chunks: [2, 2],
      dtype: [
        ["x", ">f4"],
        ["y", ">i2"],
        ["z", "|u1"],
      ],
      fillValue: { x: 2.5, y: -7, z: 9 },
      compressor: null,
    });
    const data = e.data as StructuredElement[];
    const column = (k: string) => data.map((d) => d[k] as number);
    const records = packStructured(
      { x: column("x"), y: column("y"), z: column("z") },
      arr.dataType,
      data.length,
    );
    await arr.set(null, { data: records, shape: e.shape });
    const doc = JSON.parse(new TextDecoder().decode(await store.get("zarr.json"))) as JsonObject;
    for (const key of ["data_type", "fill_value", "codecs", "chunk_grid", "shape"]) {
      expect(doc[key], key).toEqual(want[key]);
    }
    for (const key of ["c/0/0", "c/0/1", "c/1/0"]) {
      const ours = await store.get(key);
      expect(ours && Buffer.from(ours).equals(readFileSync(join(fixture, key))), key).toBe(true);
    }
    // and it reads back as written
    const again = await open(store, { kind: "array" });
    expect(recordsAsObjects(cOrderData(await again.get()) as Uint8Array[], again.dataType)).toEqual(
      e.data,
    );
  });
});

const execFileAsync = promisify(execFile);

async function cliJson(command: string, target: string, json = true): Promise<string> {
  const args = [
    "--conditions=zarrkit-source",
    "--import",
    "tsx",
    "packages/zarrkit/src/cli/main.ts",
  ];
  const { stdout } = await execFileAsync(
    "node",
    [...args, command, target, ...(json ? ["--json"] : [])],
    { cwd: REPO },
  );
  return stdout;
}

describe("the CLI: -0.0 and structured records", () => {
  const e = expected.arrays["fill.zarr/f8_neg_zero"];
  const target = join(FIXTURES, e.store, e.path);

  it("get --json prints -0.0 as -0.0", async () => {
    const out = JSON.parse(await cliJson("get", target)) as { data: unknown[] };
    expect(out.data.length).toBe(e.data.length);
    out.data.forEach((v, i) => {
      const want = e.data[i];
      if (want === 0) expect(Object.is(v, want), `[${i}] ${String(v)}`).toBe(true);
    });
  });

  it("get --json and info print structured records as {field: value}", async () => {
    const mixed = expected.arrays["structured.zarr/mixed"];
    const out = JSON.parse(await cliJson("get", join(FIXTURES, mixed.store, mixed.path))) as {
      data: unknown[];
    };
    expect(out.data).toEqual(mixed.data);
    const xy = expected.arrays["structured.zarr/xy.C"];
    const info = await cliJson("info", join(FIXTURES, xy.store, xy.path), false);
    expect(info).toMatch(/Fill value\s*:\s*\{"x":1\.5,"y":\[3,-4\]\}\s*$/m);
  });

  it("info prints the -0.0 fill value", async () => {
    expect(await cliJson("info", target, false)).toMatch(/Fill value\s*:\s*-0(\.0)?\s*$/m);
  });
});
