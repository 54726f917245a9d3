/**
 * Arrays written by zarr-python 2.13 (tests/interop/make_zarr_python_fixtures.py) read
 * back exactly: whole arrays, listed selections, groups, consolidated metadata, and the
 * CLI's `get --json` on a representative subset.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { FileSystemStore, open, parseSelection } from "zarrkit";
import { cOrderData, diffElements, type ExpectedElement, jsonElementMatches } from "./compare.js";
import { ALLOWED_MISSING_CODECS, allowedCodecFailure } from "./pending-codecs.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = join(REPO, "tests/fixtures/zarr-python");

interface ExpectedSelection {
  kind: "basic" | "orthogonal";
  select: string;
  shape: number[];
  data: ExpectedElement[];
}

interface ExpectedArray {
  store: string;
  path: string;
  shape: number[];
  chunks: number[];
  dtype: string;
  order: "C" | "F";
  fill_value: ExpectedElement;
  codecs: string[];
  wasm_codecs: string[];
  data: ExpectedElement[];
  attributes?: Record<string, unknown>;
  selections?: ExpectedSelection[];
}

interface ExpectedGroups {
  store: string;
  consolidated: boolean;
  groups: Record<string, Record<string, unknown>>;
  arrays: string[];
}

const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as {
  arrays: Record<string, ExpectedArray>;
  groups: Record<string, ExpectedGroups>;
};

const skipped: string[] = [];

/** Runs `body`; an error naming one of the array's WASM codecs counts as a pass for now. */
async function orPendingCodec(entry: ExpectedArray, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const pending = entry.wasm_codecs.filter((c) => ALLOWED_MISSING_CODECS.includes(c));
    const codec = allowedCodecFailure(error, pending);
    if (codec === undefined) throw error;
    skipped.push(`${entry.store}/${entry.path} (${codec})`);
  }
}

afterAll(() => {
  if (skipped.length > 0) {
    console.info(`fixtures not read, codec not yet available: ${skipped.join(", ")}`);
  }
});

function sameFill(got: unknown, want: ExpectedElement): boolean {
  if (want === null) return got === null;
  if (typeof got === "bigint") return BigInt(want as string | number) === got;
  if (got instanceof Uint8Array) return String.fromCharCode(...got) === want;
  if (Array.isArray(got) && Array.isArray(want)) {
    return got.every((v, i) => sameFill(v, want[i] as ExpectedElement));
  }
  if (typeof got === "number" && typeof want === "boolean") return got === (want ? 1 : 0);
  if (typeof got === "number" && typeof want === "string") {
    return Number.isNaN(got) ? want === "NaN" : String(got) === want;
  }
  if (typeof got === "number" && typeof want === "number") {
    return got === want || Math.fround(want) === got;
  }
  return got === want;
}

describe("zarr-python 2.13 fixtures", () => {
  for (const [key, entry] of Object.entries(expected.arrays)) {
    it(key, async () => {
      await orPendingCodec(entry, async () => {
        const store = new FileSystemStore(join(FIXTURES, entry.store));
        const arr = await open(store, { kind: "array", path: entry.path });
        const name = arr.dtype;
        expect([...arr.shape]).toEqual(entry.shape);
        expect(arr.zarrFormat).toBe(2);
        expect(arr.order).toBe(entry.order);
        expect(sameFill(arr.fillValue, entry.fill_value), `fill ${String(arr.fillValue)}`).toBe(
          true,
        );
        if (entry.attributes) expect(arr.attrs).toEqual(entry.attributes);

        const all = await arr.get();
        expect([...all.shape]).toEqual(entry.shape);
        expect(diffElements(cOrderData(all), name, entry.data)).toBeNull();

        for (const sel of entry.selections ?? []) {
          const got = await arr.get(parseSelection(sel.select, entry.shape.length));
          expect([...got.shape], sel.select).toEqual(sel.shape);
          expect(diffElements(cOrderData(got), name, sel.data), sel.select).toBeNull();
        }
      });
    });
  }

  for (const [name, g] of Object.entries(expected.groups)) {
    it(`groups: ${name}`, async () => {
      const store = new FileSystemStore(join(FIXTURES, g.store));
      for (const [path, attrs] of Object.entries(g.groups)) {
        const group = await open(store, { kind: "group", path });
        expect(group.attrs, path || "/").toEqual(attrs);
      }
      const root = await open(store, { kind: "group" });
      const names = (await root.children()).map((c) => c.name).sort();
      expect(names).toEqual(["a", "empty group", "x"]);
      const a = await root.open("a");
      expect(a.attrs).toEqual(g.groups.a);
      if (g.consolidated) expect(root.consolidated?.size ?? 0).toBeGreaterThan(0);
    });
  }
});

const execFileAsync = promisify(execFile);

async function cliGet(
  target: string,
  select?: string,
): Promise<{ shape: number[]; dtype: string; data: unknown[] }> {
  const args = [
    "--conditions=zarrkit-source",
    "--import",
    "tsx",
    "packages/zarrkit/src/cli/main.ts",
  ];
  args.push("get", target, "--json");
  if (select !== undefined) args.push("--select", select);
  const { stdout } = await execFileAsync("node", args, { cwd: REPO, maxBuffer: 1 << 26 });
  return JSON.parse(stdout);
}

/** One of each kind: dtypes with special encodings, fills, filters, selections, 0-d. */
const CLI_SUBSET = [
  "dtypes.zarr/le_i8.C",
  "dtypes.zarr/be_u8.F",
  "dtypes.zarr/le_f4.C",
  "dtypes.zarr/le_f2.F",
  "dtypes.zarr/le_c16.F",
  "dtypes.zarr/le_c8.C",
  "dtypes.zarr/b1.C",
  "dtypes.zarr/S5.F",
  "dtypes.zarr/be_U4.C",
  "dtypes.zarr/O_vlen_utf8.F",
  "dtypes.zarr/O_vlen_bytes.C",
  "fill_values.zarr/f8_nan",
  "fill_values.zarr/u8_max",
  "codecs.zarr/fixedscaleoffset",
  "shapes.zarr/3d_i4.C.dot",
  "shapes.zarr/0d_i8_big",
];

describe("zarrkit get --json on zarr-python fixtures", () => {
  for (const key of CLI_SUBSET) {
    it(key, async () => {
      const entry = expected.arrays[key];
      if (!entry) throw new Error(`no fixture ${key}`);
      const target = join(FIXTURES, entry.store, entry.path);
      const name = await open(new FileSystemStore(target), { kind: "array" }).then((a) => a.dtype);
      const checks: { select?: string; shape: number[]; data: ExpectedElement[] }[] = [entry];
      for (const s of entry.selections ?? []) checks.push(s);
      for (const check of checks.slice(0, 4)) {
        const out = await cliGet(target, check.select);
        expect(out.shape).toEqual(check.shape);
        expect(out.dtype).toBe(entry.dtype);
        expect(out.data.length).toBe(check.data.length);
        const bad = out.data.findIndex((v, i) => !jsonElementMatches(v, check.data[i], name));
        expect(bad, `${check.select ?? "all"}: first mismatch at ${bad}`).toBe(-1);
      }
    });
  }
});
