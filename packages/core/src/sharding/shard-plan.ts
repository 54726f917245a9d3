/**
 * The read plan of a sharded array: the selection's tasks at the inner chunk level,
 * grouped per shard. Box selections are planned per shard and each shard task refined
 * into inner chunk tasks (lazily, shard by shard); point selections are planned per
 * inner chunk and grouped by shard.
 */
import { type DimChunks, dimChunks } from "../indexing/dim-chunks.js";
import type { DimIndexer } from "../indexing/normalize.js";
import { planSelection } from "../indexing/plan.js";
import type {
  BoxTask,
  ChunkTask,
  CoordinateSelection,
  DimProjection,
  PointsTask,
  Selection,
} from "../indexing/types.js";

export interface ShardWork {
  /** The shard's coordinates in the array's (outer) chunk grid. */
  readonly shardCoords: readonly number[];
  /** Inner chunk tasks; their chunkCoords are inner chunk coordinates inside the shard. */
  readonly tasks: readonly ChunkTask[];
}

export interface ShardReadPlan {
  readonly shape: number[];
  readonly fullShape: number[];
  readonly size: number;
  /** Inner chunk tasks in the read (what progress counts). */
  readonly taskCount: number;
  /** Shards touched, in shard C order for box selections. */
  shards(): Iterable<ShardWork>;
}

function isCoordinateSelection(s: Selection): s is CoordinateSelection {
  return !Array.isArray(s) && (s as CoordinateSelection).kind === "coordinates";
}

/** Plans a read of `selection` from an array of `shape` in shards of inner chunks. */
export function planShardedSelection(
  shape: readonly number[],
  shardShape: readonly number[],
  chunkShape: readonly number[],
  selection: Selection = [],
): ShardReadPlan {
  if (isCoordinateSelection(selection)) {
    const inner = planSelection(shape, chunkShape, selection);
    const ratio = shardShape.map((s, d) => s / chunkShape[d]);
    return {
      shape: inner.shape,
      fullShape: inner.fullShape,
      size: inner.size,
      taskCount: inner.taskCount,
      shards: () => groupPoints(inner.tasks() as Iterable<PointsTask>, ratio),
    };
  }
  const outer = planSelection(shape, shardShape, selection);
  // only the count is used: the inner plan's tasks are never generated
  const taskCount = planSelection(shape, chunkShape, selection).taskCount;
  return {
    shape: outer.shape,
    fullShape: outer.fullShape,
    size: outer.size,
    taskCount,
    shards: () => refineShards(outer.tasks() as Iterable<BoxTask>, chunkShape),
  };
}

function* refineShards(
  tasks: Iterable<BoxTask>,
  chunkShape: readonly number[],
): Generator<ShardWork> {
  for (const task of tasks) {
    yield { shardCoords: task.chunkCoords, tasks: refineBox(task, chunkShape) };
  }
}

function groupPoints(tasks: Iterable<PointsTask>, ratio: readonly number[]): ShardWork[] {
  const byShard = new Map<string, { shardCoords: number[]; tasks: ChunkTask[] }>();
  for (const task of tasks) {
    const shardCoords = task.chunkCoords.map((c, d) => Math.floor(c / ratio[d]));
    const key = shardCoords.join(",");
    let work = byShard.get(key);
    if (!work) {
      work = { shardCoords, tasks: [] };
      byShard.set(key, work);
    }
    work.tasks.push({
      ...task,
      chunkCoords: task.chunkCoords.map((c, d) => c - shardCoords[d] * ratio[d]),
    });
  }
  return [...byShard.values()];
}

/** Splits a shard's box task into tasks on the inner chunks it touches. */
export function refineBox(task: BoxTask, chunkShape: readonly number[]): BoxTask[] {
  const rank = chunkShape.length;
  const dims: DimChunks[] = task.chunkSelection.map((p, d) =>
    dimChunks(indexerOf(p), chunkShape[d]),
  );
  // per dimension, the touched inner chunks and their projections, composed once
  const chunks: number[][] = [];
  const chunkSels: DimProjection[][] = [];
  const outSels: DimProjection[][] = [];
  let count = 1;
  for (let d = 0; d < rank; d++) {
    const dim = dims[d];
    const c: number[] = [];
    const cs: DimProjection[] = [];
    const os: DimProjection[] = [];
    for (let k = 0; k < dim.chunkCount; k++) {
      c.push(dim.chunk(k));
      cs.push(dim.chunkSelection(k));
      os.push(compose(task.outSelection[d], dim.outSelection(k)));
    }
    chunks.push(c);
    chunkSels.push(cs);
    outSels.push(os);
    count *= dim.chunkCount;
  }
  const result: BoxTask[] = [];
  if (count === 0) return result;
  const k = new Array<number>(rank).fill(0);
  for (;;) {
    result.push({
      kind: "box",
      chunkCoords: k.map((kk, d) => chunks[d][kk]),
      chunkSelection: k.map((kk, d) => chunkSels[d][kk]),
      outSelection: k.map((kk, d) => outSels[d][kk]),
    });
    let d = rank - 1;
    for (; d >= 0; d--) {
      if (++k[d] < chunks[d].length) break;
      k[d] = 0;
    }
    if (d < 0) return result;
  }
}

/** A shard-local projection as a normalized indexer, to split it by inner chunks. */
function indexerOf(p: DimProjection): DimIndexer {
  if (p.kind === "range") return { kind: "slice", start: p.start, step: p.step, count: p.count };
  return { kind: "indices", indices: Float64Array.from(p.indices) };
}

/**
 * `outer` maps positions 0..n-1 of a shard task to output positions; `inner` picks
 * some of those positions. The result maps the picked ones straight to the output.
 */
export function compose(outer: DimProjection, inner: DimProjection): DimProjection {
  if (outer.kind === "range" && inner.kind === "range") {
    return {
      kind: "range",
      start: outer.start + inner.start * outer.step,
      step: outer.step * inner.step,
      count: inner.count,
    };
  }
  const n = inner.kind === "range" ? inner.count : inner.indices.length;
  const indices = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const j = inner.kind === "range" ? inner.start + i * inner.step : inner.indices[i];
    indices[i] = outer.kind === "range" ? outer.start + j * outer.step : outer.indices[j];
  }
  return { kind: "indices", indices };
}
