/** Reads a scenario with zarrita.js 0.7.5 (+ numcodecs.js for blosc/zstd/lz4). */
import * as zarr from "zarrita";
import type { BenchStore } from "./fs-read-store.js";
import type { SelectionReader } from "./reader.js";
import type { DimSpec, Scenario } from "./scenarios.js";

function toZarritaDim(d: DimSpec): zarr.Slice | number | null {
  if (d === null || typeof d === "number") return d;
  return zarr.slice(d[0], d[1]);
}

export async function openZarrita(store: BenchStore, s: Scenario): Promise<SelectionReader> {
  const location = zarr.root(store).resolve(s.array.path);
  const arr = await zarr.open.v2(location, { kind: "array", attrs: false });
  const selection = s.selection.length === 0 ? null : s.selection.map(toZarritaDim);
  return {
    // zarrita has no `out` option: every get allocates (and first-touches) its result.
    reusesOutput: false,
    async read() {
      const result = await zarr.get(arr, selection);
      if (typeof result !== "object" || result === null || !ArrayBuffer.isView(result.data)) {
        throw new Error(`zarrita returned no typed array for ${s.name}`);
      }
      return result.data;
    },
  };
}
