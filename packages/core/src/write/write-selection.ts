/**
 * `set`: the mirror of a read. The selection is planned into chunk tasks exactly as
 * for `get`; per chunk, the value's part is copied in (copyProjection from the value's
 * side to the chunk's side), the chunk encoded and stored. A chunk the selection
 * covers entirely is built from scratch; any other is read, merged and written back,
 * under a per-(store, key) lock so concurrent writes never lose an update. A chunk
 * that ends up holding only the fill value is not stored (and deleted if it was).
 * Sharded arrays write whole shards: the shard is the chunk of the generic plan.
 */
import { filledData, isAllFill } from "../chunk-fill.js";
import { RegularChunkGrid } from "../chunk-grid.js";
import { allocate, type ChunkData, componentsOf } from "../data-type.js";
import { throwIfAborted } from "../errors.js";
import { fillElement } from "../fill-value.js";
import type { FillValue } from "../fill-value-type.js";
import { copyPoints, copyProjection, fillPoints, fillProjection } from "../indexing/copy.js";
import { planSelection } from "../indexing/plan.js";
import type { BoxTask, ChunkTask, Selection } from "../indexing/types.js";
import { runBounded } from "../run-bounded.js";
import { bytesForDecoder } from "../store-bytes.js";
import { call, getBytes } from "../store-reads.js";
import type { ArrayWriteTarget } from "./array-write-target.js";
import { withChunkLock } from "./chunk-lock.js";
import { requireWritable, type WritableNodeStore } from "./node-store.js";
import { type PreparedValue, prepareValue, type WriteValue } from "./write-value.js";

export interface SetOptions {
  signal?: AbortSignal;
  /** Called after each chunk is written (or found to hold only the fill value). */
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Chunks read, encoded and written at once (default 8). */
  concurrency?: number;
}

const DEFAULT_WRITE_CONCURRENCY = 8;

/** Writes `value` into `selection` (null/undefined: everything) with numpy semantics, as `get` reads. */
export async function writeSelection(
  target: ArrayWriteTarget,
  selection: Selection | null | undefined,
  value: WriteValue,
  options: SetOptions = {},
): Promise<void> {
  const { signal, onProgress } = options;
  throwIfAborted(signal);
  const store = target.store;
  requireWritable(store, `writing to ${target.where()}`);
  const meta = target.metadata;
  const plan = planSelection(meta.shape, meta.chunkShape, selection ?? []);
  const prepared = prepareValue(value, meta.dataType, plan, target.where());
  const writer = new ChunkWriter(target, store, plan.fullShape, prepared);
  let done = 0;
  const total = plan.taskCount;
  await runBounded(
    plan.tasks(),
    options.concurrency ?? DEFAULT_WRITE_CONCURRENCY,
    async (task, isStopped) => {
      if (isStopped()) return;
      await writer.write(task, signal);
      done++;
      onProgress?.({ done, total });
    },
    signal,
  );
}

class ChunkWriter {
  private readonly grid: RegularChunkGrid;
  private readonly chunkShape: readonly number[];
  private readonly fill: FillValue;
  private readonly components: number;

  constructor(
    private readonly target: ArrayWriteTarget,
    private readonly store: WritableNodeStore,
    /** The value's shape with the array's rank (1 for integer-indexed axes). */
    private readonly valueShape: readonly number[],
    private readonly value: PreparedValue,
  ) {
    const meta = target.metadata;
    this.grid = new RegularChunkGrid(meta.shape, meta.chunkShape);
    this.chunkShape = target.job.spec.shape;
    this.fill = fillElement(meta.fillValue, meta.dataType);
    this.components = componentsOf(meta.dataType.name);
  }

  write(task: ChunkTask, signal: AbortSignal | undefined): Promise<void> {
    const key = this.target.chunkKey(task.chunkCoords);
    return withChunkLock(this.store, key, () => this.update(task, key, signal));
  }

  private async update(
    task: ChunkTask,
    key: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    throwIfAborted(signal);
    const { target, store } = this;
    const meta = target.metadata;
    const dt = meta.dataType;
    const where = target.where(key);
    const extent = this.grid.chunkExtent(task.chunkCoords);
    const whole = task.kind === "box" && coversChunk(task, extent);
    /** Whether the key held a chunk (unknown when the old chunk was not read). */
    let existed: boolean | undefined;
    let data: ChunkData;
    if (whole) {
      const partialEdge = extent.some((n, d) => n !== this.chunkShape[d]);
      // an edge chunk's part outside the array holds the fill value
      data = partialEdge
        ? filledData(dt, this.grid.chunkSize, this.fill)
        : allocate(dt.name, this.grid.chunkSize);
    } else {
      const bytes = await getBytes(store, key, { signal });
      existed = bytes !== undefined;
      const own = bytes && bytesForDecoder(store, target.decoder, target.job, bytes);
      data = own
        ? (await target.decoder.decode(own, { ...target.job, where }, signal)).data
        : filledData(dt, this.grid.chunkSize, this.fill);
    }
    this.merge(task, data);
    throwIfAborted(signal);
    if (isAllFill(data, meta.fillValue)) {
      if (existed !== false) await call(() => store.delete(key), "delete", key);
    } else {
      const chunk = { data, shape: [...this.chunkShape] };
      const encoded = await target.decoder.encode(chunk, { ...target.job, where }, signal);
      await call(() => store.set(key, encoded), "set", key);
    }
    target.chunkChanged?.(key);
  }

  /** Copies the task's part of the value (or the scalar) into the chunk. */
  private merge(task: ChunkTask, data: ChunkData): void {
    const { value, components, chunkShape } = this;
    if (task.kind === "box") {
      if (value.kind === "scalar") {
        fillProjection(data, chunkShape, task.chunkSelection, value.value, components);
      } else {
        copyProjection(
          value.data,
          this.valueShape,
          task.outSelection,
          data,
          chunkShape,
          task.chunkSelection,
          components,
        );
      }
    } else if (value.kind === "scalar") {
      fillPoints(data, task.chunkOffsets, value.value, components);
    } else {
      copyPoints(value.data, task.outOffsets, data, task.chunkOffsets, components);
    }
  }
}

/** True when the task writes every element of the chunk's part inside the array. */
export function coversChunk(task: BoxTask, extent: readonly number[]): boolean {
  for (let d = 0; d < extent.length; d++) {
    const p = task.chunkSelection[d];
    const n = extent[d];
    if (p.kind === "range") {
      if (p.count !== n || p.start !== 0 || (n > 1 && p.step !== 1)) return false;
    } else {
      if (p.indices.length < n) return false;
      const seen = new Uint8Array(n);
      let distinct = 0;
      for (const i of p.indices) {
        if (i >= 0 && i < n && seen[i] === 0) {
          seen[i] = 1;
          distinct++;
        }
      }
      if (distinct !== n) return false;
    }
  }
  return true;
}
