/**
 * `set`: the mirror of a read. The selection is planned into chunk tasks exactly as
 * for `get`; per chunk, the value's part is copied in (copyProjection from the value's
 * side to the chunk's side), the chunk encoded and stored. A chunk the selection
 * covers entirely is built from scratch; any other is read, merged and written back,
 * under a per-(storage, key) lock (chunk-lock.ts, which also takes the store's
 * cross-process lock when it has one) or, on a store with conditional writes, by
 * compare-and-swap, so concurrent writes never lose an update. A chunk
 * that ends up holding only the fill value is not stored (and deleted if it was).
 * Sharded arrays write whole shards: the shard is the chunk of the generic plan.
 */
import { filledData, isAllFill } from "../chunk-fill.js";
import { RegularChunkGrid } from "../chunk-grid.js";
import { allocate, type ChunkData, componentsOf } from "../data-type.js";
import { StoreError, throwIfAborted } from "../errors.js";
import { fillElement } from "../fill-value.js";
import type { FillValue } from "../fill-value-type.js";
import { copyPoints, copyProjection, fillPoints, fillProjection } from "../indexing/copy.js";
import { planSelection } from "../indexing/plan.js";
import type { BoxTask, ChunkTask, Selection } from "../indexing/types.js";
import { runBounded } from "../run-bounded.js";
import { type ConditionalStore, canCompareAndSwap, type WriteCondition } from "../store.js";
import { bytesForDecoder } from "../store-bytes.js";
import { asBytes, call, getBytes } from "../store-reads.js";
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
/** Compare-and-swap attempts per chunk before a write gives up. */
const MAX_CONFLICT_RETRIES = 16;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

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
    return withChunkLock(this.store, key, () => this.update(task, key, signal), { signal });
  }

  private async update(
    task: ChunkTask,
    key: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    throwIfAborted(signal);
    const { target, store } = this;
    const extent = this.grid.chunkExtent(task.chunkCoords);
    const whole = task.kind === "box" && coversChunk(task, extent);
    if (whole) {
      const partialEdge = extent.some((n, d) => n !== this.chunkShape[d]);
      const dt = target.metadata.dataType;
      // an edge chunk's part outside the array holds the fill value
      const data = partialEdge
        ? filledData(dt, this.grid.chunkSize, this.fill)
        : allocate(dt.name, this.grid.chunkSize);
      // unconditional even on a compare-and-swap store: a racing read-modify-write sees
      // the version change and redoes its merge on top of this chunk
      await this.mergeAndStore(task, key, data, undefined, signal);
    } else if (canCompareAndSwap(store)) {
      await this.updateIfUnchanged(task, key, store, signal);
    } else {
      const bytes = await getBytes(store, key, { signal });
      const data = await this.decodeOrFill(key, bytes, signal);
      await this.mergeAndStore(task, key, data, bytes !== undefined, signal);
    }
    target.chunkChanged?.(key);
  }

  /** Merges the task into `data` and stores it (or deletes the key: all fill). */
  private async mergeAndStore(
    task: ChunkTask,
    key: string,
    data: ChunkData,
    existed: boolean | undefined,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { store } = this;
    this.merge(task, data);
    throwIfAborted(signal);
    if (isAllFill(data, this.target.metadata.fillValue)) {
      if (existed !== false) await call(() => store.delete(key), "delete", key);
    } else {
      const encoded = await this.encode(key, data, signal);
      await call(() => store.set(key, encoded), "set", key);
    }
  }

  /**
   * Read-modify-write by compare-and-swap: the chunk is written back only if its
   * version is the one read; on a conflict (another writer came first) it is read
   * and merged again, a bounded number of times.
   */
  private async updateIfUnchanged(
    task: ChunkTask,
    key: string,
    store: WritableNodeStore & ConditionalStore,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      throwIfAborted(signal);
      const found = await call(() => store.getVersioned(key, { signal }), "getVersioned", key);
      const bytes = found && asBytes(found.value, "getVersioned", key);
      const data = await this.decodeOrFill(key, bytes, signal);
      this.merge(task, data);
      throwIfAborted(signal);
      let written: boolean;
      if (isAllFill(data, this.target.metadata.fillValue)) {
        if (!found) return;
        const ifMatch = found.version;
        written = store.deleteIf
          ? await call(() => store.deleteIf!(key, { ifMatch }), "deleteIf", key)
          : await this.setIf(store, key, data, { ifMatch }, signal);
      } else {
        const condition = found ? { ifMatch: found.version } : ({ ifNoneMatch: "*" } as const);
        written = await this.setIf(store, key, data, condition, signal);
      }
      if (written) return;
      await sleep(Math.min(100, 2 ** attempt) * (0.5 + Math.random()));
    }
    throw new StoreError(
      `gave up writing ${this.target.where(key)}: it changed under ${MAX_CONFLICT_RETRIES} attempts in a row (other writers)`,
    );
  }

  private async setIf(
    store: ConditionalStore,
    key: string,
    data: ChunkData,
    condition: WriteCondition,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    const encoded = await this.encode(key, data, signal);
    return call(() => store.setIf(key, encoded, condition), "setIf", key);
  }

  /** The chunk's decoded data, or a chunk of the fill value when it has no bytes. */
  private async decodeOrFill(
    key: string,
    bytes: Uint8Array | undefined,
    signal: AbortSignal | undefined,
  ): Promise<ChunkData> {
    const { target, store } = this;
    const own = bytes && bytesForDecoder(store, target.decoder, target.job, bytes);
    if (!own) return filledData(target.metadata.dataType, this.grid.chunkSize, this.fill);
    const where = target.where(key);
    return (await target.decoder.decode(own, { ...target.job, where }, signal)).data;
  }

  private encode(key: string, data: ChunkData, signal: AbortSignal | undefined) {
    const { target } = this;
    const chunk = { data, shape: [...this.chunkShape] };
    return target.decoder.encode(chunk, { ...target.job, where: target.where(key) }, signal);
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
