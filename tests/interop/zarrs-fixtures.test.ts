/**
 * Every array in /work/shared/fixtures/zarrs and zarrita/{v2,v3}/data.zarr must read with
 * the values the fixtures README / expected.json give, or fail with a ZarrError naming a
 * codec in ALLOWED_MISSING_CODECS. A new array without an expectation fails the suite.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FileSystemStore, open, parseSelection, resolveStore, type Store } from "zarrkit";
import { findArrays } from "../support/find-arrays.js";
import { SHARED_FIXTURES } from "../support/shared-fixtures.js";
import { grid, writeReadElements } from "../support/zarrs-values.js";
import { cOrderData, diffElements, type ExpectedElement } from "./compare.js";
import { allowedCodecFailure } from "./pending-codecs.js";

const FIXTURES = `${SHARED_FIXTURES}`;
const ZARRS = join(FIXTURES, "zarrs");

interface Expectation {
  shape: number[];
  /** The zarrkit data type name. */
  dataType: string;
  /** Flat C-order values, or a function of the flat index. */
  data: readonly ExpectedElement[];
  /** Read only this selection (arrays too large to read whole); data is for it. */
  select?: string;
  /** Absolute tolerance for lossy codecs (zfpy). */
  tolerance?: number;
}

const TEN_BY_TEN: Expectation = {
  shape: [10, 10],
  dataType: "float32",
  data: grid(10, 10, (r, c) => r * 10 + c),
};

function cities(): string[] {
  const text = readFileSync(join(ZARRS, "cities.csv"), "utf8");
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

const CITIES = (): Expectation => {
  const data = cities();
  return { shape: [data.length], dataType: "string", data };
};

/** Expectations for the zarrs fixtures, by folder relative to fixtures/zarrs. */
function zarrsExpectation(rel: string): Expectation | undefined {
  if (/^v2\/array_\w+_[CF]\.zarr$/.test(rel) || /^v3(_zarr_python)?\/array_\w+\.zarr$/.test(rel)) {
    return rel.includes("zfpy") ? { ...TEN_BY_TEN, tolerance: 0.01 } : TEN_BY_TEN;
  }
  switch (rel) {
    case "sharded_array_write_read.zarr/group/array":
      return { shape: [8, 8], dataType: "uint16", data: grid(8, 8, (r, c) => r * 8 + c) };
    case "array_write_read.zarr/group/array":
      return {
        shape: [8, 8],
        dataType: "float32",
        data: writeReadElements(),
      };
    // README: "one is an array"; in fact both are 10000x1000 float64, fill NaN, no chunks
    case "hierarchy.zarr/a/foo":
    case "hierarchy.zarr/a/baz":
      return {
        shape: [3, 4],
        dataType: "float64",
        data: new Array(12).fill("NaN"),
        select: "0:3, 0:4",
      };
    case "v3/cities.zarr":
    case "zarr_python_compat/cities_v2.zarr":
    case "zarr_python_compat/cities_v3.zarr":
      return CITIES();
    // the fifth element's chunk is absent: fill 0 / null on a string array read as ""
    case "zarr_python_compat/str_v2_fv_0.zarr":
    case "zarr_python_compat/str_v2_fv_null.zarr":
      return { shape: [5], dataType: "string", data: ["a", "bb", "", "", ""] };
    // README says v3; it is v2 with the numcodecs fletcher32 compressor
    case "zarr_python_compat/fletcher32.zarr":
      return { shape: [100, 100], dataType: "uint16", data: grid(100, 100, (r, c) => r * 100 + c) };
  }
  return undefined;
}

/** Fixtures that failed with an allowed missing codec, reported after the run. */
const skipped: string[] = [];

async function check(
  store: Store,
  path: string,
  want: Expectation,
  label: string,
  zarrFormat?: 2 | 3,
): Promise<void> {
  let result: Awaited<ReturnType<Awaited<ReturnType<typeof openArray>>["get"]>>;
  let dataType: string;
  try {
    const arr = await openArray(store, path, zarrFormat);
    if (zarrFormat) expect(arr.zarrFormat).toBe(zarrFormat);
    dataType = arr.dtype;
    const selection = want.select ? parseSelection(want.select, arr.shape.length) : undefined;
    result = await arr.get(selection);
  } catch (error) {
    const codec = allowedCodecFailure(error);
    if (codec === undefined) throw error;
    skipped.push(`${label} (${codec})`);
    return;
  }
  expect(dataType, label).toBe(want.dataType);
  expect([...result.shape], label).toEqual(want.shape);
  const data = cOrderData(result);
  if (want.tolerance !== undefined) {
    const values = Array.from(data as Float32Array);
    values.forEach((v, i) => {
      expect(Math.abs(v - (want.data[i] as number)), `${label}[${i}]`).toBeLessThanOrEqual(
        want.tolerance as number,
      );
    });
    return;
  }
  expect(diffElements(data, dataType as never, want.data), label).toBeNull();
}

function openArray(store: Store, path: string, zarrFormat?: 2 | 3) {
  return open(store, { kind: "array", path, zarrFormat });
}

afterAll(() => {
  if (skipped.length > 0) {
    console.info(`fixtures not read, codec not yet available: ${skipped.join(", ")}`);
  }
});

describe("zarrs fixtures", () => {
  const { arrays, both } = findArrays(ZARRS);
  it("finds the arrays", () => {
    expect(arrays.length).toBeGreaterThan(30);
  });
  for (const rel of arrays) {
    it(rel, async () => {
      const want = zarrsExpectation(rel);
      if (!want) throw new Error(`no expectation for fixture array ${rel}: add one`);
      await check(new FileSystemStore(join(ZARRS, rel)), "", want, rel);
      if (both.has(rel)) {
        // the stray v2 .zarray beside zarr.json describes the same chunks
        await check(new FileSystemStore(join(ZARRS, rel)), "", want, `${rel} (v2)`, 2);
      }
    });
  }
  it("zarr_python_compat/zarr.zip: foo", async () => {
    const store = await resolveStore(join(ZARRS, "zarr_python_compat/zarr.zip"));
    await check(
      store,
      "foo",
      { shape: [100, 100], dataType: "uint8", data: new Array(10000).fill(42) },
      "zarr.zip/foo",
    );
  });
});

describe.each(["v2", "v3"])("zarrita fixtures %s", (version) => {
  const root = join(FIXTURES, "zarrita", version, "data.zarr");
  const expectedPath = join(FIXTURES, "zarrita", version, "expected.json");
  const expected = JSON.parse(readFileSync(expectedPath, "utf8")) as Record<
    string,
    { shape: number[]; dtype: string; data: ExpectedElement[] }
  >;
  const { arrays } = findArrays(root);
  it("has an expectation for every array", () => {
    expect(existsSync(root)).toBe(true);
    expect(arrays.filter((a) => !(a in expected))).toEqual([]);
  });
  const store = new FileSystemStore(root);
  for (const rel of arrays) {
    it(rel, async () => {
      const e = expected[rel];
      let result: Awaited<ReturnType<Awaited<ReturnType<typeof openArray>>["get"]>>;
      let dataType: string;
      try {
        const arr = await openArray(store, rel);
        dataType = arr.dtype;
        result = await arr.get();
      } catch (error) {
        const codec = allowedCodecFailure(error);
        if (codec === undefined) throw error;
        skipped.push(`zarrita ${version}/${rel} (${codec})`);
        return;
      }
      expect([...result.shape]).toEqual(e.shape);
      expect(diffElements(cOrderData(result), dataType as never, e.data)).toBeNull();
    });
  }
});
