/**
 * Expected values for the fixtures the browser reads, computed in Node: zarrita's
 * expected.json files and the rules the fixtures README gives for the zarrs arrays.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { grid, writeReadElements } from "../support/zarrs-values.js";
import { FIXTURES } from "./harness.js";

export type Element = number | string | boolean | null;

export interface Expected {
  shape: number[];
  dtype: string;
  data: Element[];
}

export interface Target {
  /** A unique label, also the key of the page's results. */
  name: string;
  /** Path of the array's store folder relative to the fixtures folder. */
  store: string;
  /** The array inside that store ("" for the store's root). */
  path: string;
  expected: Expected;
}

/** Every array of zarrita's v2 and v3 data.zarr (written by zarr-python 2.18 / 3.1). */
export function zarritaTargets(): Target[] {
  const targets: Target[] = [];
  for (const version of ["v2", "v3"]) {
    const file = join(FIXTURES, "zarrita", version, "expected.json");
    const all = JSON.parse(readFileSync(file, "utf8")) as Record<string, Expected>;
    for (const [path, expected] of Object.entries(all)) {
      targets.push({
        name: `zarrita/${version}/${path}`,
        store: `zarrita/${version}/data.zarr`,
        path,
        expected,
      });
    }
  }
  return targets;
}

/** zarrs' test data: written by zarrs and zarr-python 3, with WASM codecs among them. */
export function zarrsTargets(): Target[] {
  const tenByTen: Expected = {
    shape: [10, 10],
    dtype: "float32",
    data: grid(10, 10, (r, c) => r * 10 + c),
  };
  const stores = [
    "v2/array_none_C.zarr",
    "v2/array_blosc_C.zarr",
    "v2/array_gzip_C.zarr",
    "v2/array_zstd_C.zarr",
    "v2/array_bz2_C.zarr",
    "v2/array_blosc_F.zarr",
    "v3_zarr_python/array_none.zarr",
    "v3_zarr_python/array_blosc.zarr",
    "v3_zarr_python/array_zstd.zarr",
    "v3_zarr_python/array_zlib.zarr",
    "v3_zarr_python/array_fletcher32.zarr",
    "v3/array_none.zarr",
    "v3/array_gzip.zarr",
    "v3/array_blosc.zarr",
  ];
  const targets: Target[] = stores.map((store) => ({
    name: `zarrs/${store}`,
    store: `zarrs/${store}`,
    path: "",
    expected: tenByTen,
  }));
  targets.push({
    name: "zarrs/sharded_array_write_read.zarr/group/array",
    store: "zarrs/sharded_array_write_read.zarr",
    path: "group/array",
    expected: { shape: [8, 8], dtype: "uint16", data: grid(8, 8, (r, c) => r * 8 + c) },
  });
  targets.push({
    name: "zarrs/array_write_read.zarr/group/array",
    store: "zarrs/array_write_read.zarr",
    path: "group/array",
    expected: {
      shape: [8, 8],
      dtype: "float32",
      data: writeReadElements(),
    },
  });
  return targets;
}

/** Null when `actual` (as the page returns it) matches, else what differs. */
export function diff(actual: unknown, expected: Expected): string | null {
  const got = actual as { error?: string; dtype?: string; shape?: number[]; data?: Element[] };
  if (got.error !== undefined) return got.error;
  if (JSON.stringify(got.shape) !== JSON.stringify(expected.shape)) {
    return `shape ${JSON.stringify(got.shape)}, expected ${JSON.stringify(expected.shape)}`;
  }
  const data = got.data ?? [];
  if (data.length !== expected.data.length) {
    return `${data.length} elements, expected ${expected.data.length}`;
  }
  const single = got.dtype === "float32" || got.dtype === "float16";
  for (let i = 0; i < data.length; i++) {
    if (!same(data[i], expected.data[i], single)) {
      return `[${i}] is ${JSON.stringify(data[i])}, expected ${JSON.stringify(expected.data[i])}`;
    }
  }
  return null;
}

function same(actual: Element, expected: Element, single: boolean): boolean {
  if (typeof expected === "boolean") return actual === (expected ? 1 : 0) || actual === expected;
  if (expected === null) return actual === "" || actual === null;
  if (typeof expected === "number" && typeof actual === "number") {
    return actual === (single ? Math.fround(expected) : expected);
  }
  if (typeof expected === "number" && typeof actual === "string") {
    return actual === String(expected); // 64-bit integers
  }
  return actual === expected;
}
