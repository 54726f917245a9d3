/**
 * Compiles a selection into a read plan: the chunks it touches, in chunk C order, each
 * with the box (or points) to read from the chunk and where it lands in the output.
 * Work is proportional to the selection, never to the array or its chunk count.
 */
import { SelectionError } from "../errors.js";
import { type DimChunks, dimChunks } from "./dim-chunks.js";
import { normalizeCoordinates, normalizeSelection } from "./normalize.js";
import type {
  BoxTask,
  ChunkTask,
  CoordinateSelection,
  DimProjection,
  PointsTask,
  ReadPlan,
  Selection,
} from "./types.js";

function isCoordinateSelection(s: Selection): s is CoordinateSelection {
  return !Array.isArray(s) && (s as CoordinateSelection).kind === "coordinates";
}

function checkShapes(shape: readonly number[], chunkShape: readonly number[]): void {
  if (chunkShape.length !== shape.length) {
    throw new SelectionError(
      `chunk shape [${chunkShape.join(", ")}] does not match the rank of shape [${shape.join(", ")}]`,
    );
  }
  for (let d = 0; d < shape.length; d++) {
    if (!Number.isSafeInteger(shape[d]) || shape[d] < 0) {
      throw new SelectionError(`shape[${d}] = ${shape[d]} is not a non-negative integer`);
    }
    if (!Number.isSafeInteger(chunkShape[d]) || chunkShape[d] < 1) {
      throw new SelectionError(`chunk shape[${d}] = ${chunkShape[d]} is not a positive integer`);
    }
  }
}

/** Plans the read of `selection` (default: everything) from an array of `shape`. */
export function planSelection(
  shape: readonly number[],
  chunkShape: readonly number[],
  selection: Selection = [],
): ReadPlan {
  checkShapes(shape, chunkShape);
  if (isCoordinateSelection(selection)) return planPoints(shape, chunkShape, selection);
  const indexers = normalizeSelection(shape, selection);
  const dims = indexers.map((ix, d) => dimChunks(ix, chunkShape[d]));
  const fullShape = dims.map((d) => d.outSize);
  const outShape = fullShape.filter((_, d) => indexers[d].kind !== "integer");
  let size = 1;
  let taskCount = 1;
  for (const d of dims) {
    size *= d.outSize;
    taskCount *= d.chunkCount;
  }
  return {
    shape: outShape,
    fullShape,
    size,
    taskCount,
    tasks: () => boxTasks(dims, taskCount),
  };
}

function* boxTasks(dims: readonly DimChunks[], taskCount: number): Generator<BoxTask> {
  const rank = dims.length;
  if (taskCount === 0) return;
  const k = new Array<number>(rank).fill(0);
  const coords = dims.map((d) => d.chunk(0));
  const chunkSel: DimProjection[] = dims.map((d) => d.chunkSelection(0));
  const outSel: DimProjection[] = dims.map((d) => d.outSelection(0));
  for (;;) {
    yield {
      kind: "box",
      chunkCoords: coords.slice(),
      chunkSelection: chunkSel.slice(),
      outSelection: outSel.slice(),
    };
    // Odometer over touched chunks, last dimension fastest (chunk C order).
    let d = rank - 1;
    for (; d >= 0; d--) {
      const dim = dims[d];
      const next = k[d] + 1 < dim.chunkCount ? k[d] + 1 : 0;
      k[d] = next;
      coords[d] = dim.chunk(next);
      chunkSel[d] = dim.chunkSelection(next);
      outSel[d] = dim.outSelection(next);
      if (next !== 0) break;
    }
    if (d < 0) return;
  }
}

function planPoints(
  shape: readonly number[],
  chunkShape: readonly number[],
  selection: CoordinateSelection,
): ReadPlan {
  const idx = normalizeCoordinates(shape, selection);
  const rank = shape.length;
  const n = idx[0].length;
  const grid = shape.map((s, d) => Math.ceil(s / chunkShape[d]));
  // Linear chunk ids are exact while the grid has fewer than 2^53 chunks; else compare tuples.
  let gridSize = 1;
  for (const g of grid) gridSize *= g;
  const linear = gridSize <= Number.MAX_SAFE_INTEGER;
  const chunkOf = (p: number, d: number): number => Math.floor(idx[d][p] / chunkShape[d]);
  const keys = new Float64Array(linear ? n : 0);
  if (linear) {
    for (let p = 0; p < n; p++) {
      let key = 0;
      for (let d = 0; d < rank; d++) key = key * grid[d] + chunkOf(p, d);
      keys[p] = key;
    }
  }
  const compare = (a: number, b: number): number => {
    if (linear) return keys[a] - keys[b];
    for (let d = 0; d < rank; d++) {
      const c = chunkOf(a, d) - chunkOf(b, d);
      if (c !== 0) return c;
    }
    return 0;
  };
  let sorted = true;
  for (let p = 1; p < n && sorted; p++) if (compare(p - 1, p) > 0) sorted = false;
  const order = Array.from({ length: n }, (_, i) => i);
  if (!sorted) order.sort((a, b) => compare(a, b) || a - b);

  const chunkStrides = new Array<number>(rank).fill(1);
  for (let d = rank - 2; d >= 0; d--) chunkStrides[d] = chunkStrides[d + 1] * chunkShape[d + 1];
  const tasks: PointsTask[] = [];
  let g = 0;
  while (g < n) {
    let e = g + 1;
    while (e < n && compare(order[g], order[e]) === 0) e++;
    const first = order[g];
    const chunkCoords = Array.from({ length: rank }, (_, d) => chunkOf(first, d));
    const chunkOffsets = new Float64Array(e - g);
    const outOffsets = new Float64Array(e - g);
    for (let i = g; i < e; i++) {
      const p = order[i];
      let off = 0;
      for (let d = 0; d < rank; d++) {
        off += (idx[d][p] - chunkCoords[d] * chunkShape[d]) * chunkStrides[d];
      }
      chunkOffsets[i - g] = off;
      outOffsets[i - g] = p;
    }
    tasks.push({ kind: "points", chunkCoords, chunkOffsets, outOffsets });
    g = e;
  }
  return {
    shape: [n],
    fullShape: [n],
    size: n,
    taskCount: tasks.length,
    tasks: (): Iterable<ChunkTask> => tasks,
  };
}
