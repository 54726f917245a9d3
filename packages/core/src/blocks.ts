/**
 * arr.blocks(): the decoded blocks of a selection, one per chunk it touches, in chunk
 * order, read and decoded `concurrency` ahead of the consumer and no further, so a
 * program can stream an array larger than memory. A block that is a whole chunk is
 * the decoded chunk itself (no copy, unless a chunk cache holds it); edge blocks are
 * cut out of their chunk.
 */
import { filledData } from "./chunk-fill.js";
import { type ChunkSource, readChunk } from "./chunk-source.js";
import {
  allocate,
  type ChunkData,
  componentsOf,
  type DataFor,
  type DataTypeName,
} from "./data-type.js";
import { AbortError, SelectionError } from "./errors.js";
import { yieldIfDue } from "./event-loop-yield.js";
import { fillElement } from "./fill-value.js";
import { copyProjection } from "./indexing/copy.js";
import { normalizeSelection } from "./indexing/normalize.js";
import { planSelection } from "./indexing/plan.js";
import type { BoxTask, DimProjection, OrthogonalSelection } from "./indexing/types.js";
import { isWholeChunk } from "./reduce/chunk-region.js";

export interface Block<D extends DataTypeName = DataTypeName> {
  /** The block's elements in C order of `shape`. */
  data: DataFor<D>;
  /** Integer-indexed axes dropped, like the selection's result. */
  shape: number[];
  /** Where the block starts in the selection's result, per (kept) dimension. */
  offset: number[];
  /** The chunk the block comes from. */
  chunkCoords: number[];
}

export interface BlocksOptions {
  /** Blocks read and decoded ahead of the consumer (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
}

/** Yields the blocks of a selection of integers, slices and nulls (no index arrays). */
export async function* iterateBlocks<D extends DataTypeName>(
  source: ChunkSource,
  selection: OrthogonalSelection = [],
  options: BlocksOptions = {},
): AsyncGenerator<Block<D>, void, undefined> {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new SelectionError(`blocks concurrency must be a positive integer, got ${concurrency}`);
  }
  if (!Array.isArray(selection)) {
    throw new SelectionError("blocks() takes integers, slices and nulls, not coordinates");
  }
  const indexers = normalizeSelection(source.shape, selection);
  const kept: boolean[] = [];
  for (const [d, ix] of indexers.entries()) {
    if (ix.kind === "indices") {
      throw new SelectionError(
        `blocks() takes integers, slices and nulls; dimension ${d} has an index array`,
      );
    }
    kept.push(ix.kind !== "integer");
  }
  const plan = planSelection(source.shape, source.chunkShape, selection);
  const tasks = plan.tasks()[Symbol.iterator]();
  // our own controller: stops in-flight reads when the consumer breaks out early
  const controller = new AbortController();
  const outer = options.signal;
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) throw new AbortError(undefined, { cause: outer.reason });
  outer?.addEventListener("abort", onAbort, { once: true });
  const signal = controller.signal;
  const window: Promise<Block<D>>[] = [];
  const startNext = (): void => {
    const next = tasks.next();
    if (next.done) return;
    const pending = readBlock<D>(source, next.value as BoxTask, kept, signal);
    pending.catch(() => {}); // awaited in order below; not an unhandled rejection meanwhile
    window.push(pending);
  };
  try {
    for (let i = 0; i < concurrency; i++) startNext();
    while (window.length > 0) {
      const block = await abortable(window.shift()!, signal);
      // a consumer's for-await over blocks from memory never reaches the event loop
      const due = yieldIfDue();
      if (due) await abortable(due, signal);
      startNext();
      yield block;
    }
  } finally {
    outer?.removeEventListener("abort", onAbort);
    controller.abort();
  }
}

async function readBlock<D extends DataTypeName>(
  source: ChunkSource,
  task: BoxTask,
  kept: readonly boolean[],
  signal: AbortSignal,
): Promise<Block<D>> {
  const { dataType } = source;
  const rank = task.outSelection.length;
  const counts: number[] = [];
  const offset: number[] = [];
  const dense: DimProjection[] = [];
  let forward = true;
  for (let d = 0; d < rank; d++) {
    const out = task.outSelection[d] as Extract<DimProjection, { kind: "range" }>;
    counts.push(out.count);
    forward &&= out.step > 0;
    offset.push(out.step > 0 ? out.start : out.start - (out.count - 1));
    dense.push(
      out.step > 0
        ? { kind: "range", start: 0, step: 1, count: out.count }
        : { kind: "range", start: out.count - 1, step: -1, count: out.count },
    );
  }
  let size = 1;
  for (const c of counts) size *= c;
  const chunk = await readChunk(source, task.chunkCoords, signal);
  let data: ChunkData;
  if (chunk === undefined) {
    data = filledData(dataType, size, fillElement(source.fillValue, dataType));
  } else {
    if (forward && isWholeChunk(task.chunkSelection, chunk.shape) && !source.sharedChunks) {
      data = chunk.data;
    } else {
      data = allocate(dataType.name, size);
      const components = componentsOf(dataType.name);
      copyProjection(chunk.data, chunk.shape, task.chunkSelection, data, counts, dense, components);
    }
  }
  return {
    data: data as DataFor<D>,
    shape: counts.filter((_, d) => kept[d]),
    offset: offset.filter((_, d) => kept[d]),
    chunkCoords: [...task.chunkCoords],
  };
}

/** Rejects as soon as `signal` fires, whatever `promise` does. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new AbortError(undefined, { cause: signal.reason }));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError(undefined, { cause: signal.reason }));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
