/**
 * The part of a chunk a read touches, as plain data that can cross to a worker: a box
 * (per-dimension projections) or flat point offsets. `regionValues` gathers those
 * elements into a compact array (or returns the chunk itself when the box is whole).
 */
import { allocate, type ChunkData, type DataTypeName } from "../data-type.js";
import { copyProjection } from "../indexing/copy.js";
import type { ChunkTask, DimProjection } from "../indexing/types.js";

export type ChunkRegion =
  | { readonly kind: "box"; readonly selection: readonly DimProjection[] }
  | { readonly kind: "points"; readonly offsets: Float64Array };

/** The region of a chunk task. */
export function taskRegion(task: ChunkTask): ChunkRegion {
  return task.kind === "box"
    ? { kind: "box", selection: task.chunkSelection }
    : { kind: "points", offsets: task.chunkOffsets };
}

/** Elements in a region. */
export function regionSize(region: ChunkRegion): number {
  if (region.kind === "points") return region.offsets.length;
  let n = 1;
  for (const p of region.selection) n *= p.kind === "range" ? p.count : p.indices.length;
  return n;
}

/** True when a box covers the whole chunk in C order (start 0, step 1, full count). */
export function isWholeChunk(
  selection: readonly DimProjection[],
  shape: readonly number[],
): boolean {
  for (let d = 0; d < shape.length; d++) {
    const p = selection[d];
    if (p.kind !== "range" || p.start !== 0 || p.step !== 1 || p.count !== shape[d]) return false;
  }
  return true;
}

/** The region's elements in C order of the region (the chunk itself when whole). */
export function regionValues(
  data: ChunkData,
  chunkShape: readonly number[],
  region: ChunkRegion | undefined,
  dtype: DataTypeName,
  components: number,
): ChunkData {
  if (region === undefined) return data;
  if (region.kind === "box") {
    if (isWholeChunk(region.selection, chunkShape)) return data;
    const counts = region.selection.map((p) => (p.kind === "range" ? p.count : p.indices.length));
    const out = allocate(dtype, regionSize(region));
    const dense: DimProjection[] = counts.map((count) => ({
      kind: "range",
      start: 0,
      step: 1,
      count,
    }));
    copyProjection(data, chunkShape, region.selection, out, counts, dense, components);
    return out;
  }
  const { offsets } = region;
  const out = allocate(dtype, offsets.length) as unknown as { [i: number]: unknown };
  const src = data as unknown as { [i: number]: unknown };
  for (let i = 0; i < offsets.length; i++) out[i] = src[offsets[i]];
  return out as unknown as ChunkData;
}
