/**
 * Reads into a shared output by workers, in batches: the calling thread sends chunk
 * boxes (with their bytes, or only keys when the workers can open the store
 * themselves: ReadableStore.workerRef) and each worker decodes and copies into the
 * output. Small chunks go several to a message, since a message round trip costs
 * about as much as decoding a 64 KiB chunk.
 */
import type { ChunkBufferPool } from "./chunk-buffer-pool.js";
import type { ChunkDecoder, SharedOutput, WorkerChunkRead } from "./chunk-decoder.js";
import { type ChunkSource, readChunkBytes } from "./chunk-source.js";
import type { BoxTask, ChunkTask } from "./indexing/types.js";
import { runBounded } from "./run-bounded.js";
import type { WorkerStoreRef, WorkerStoreStats } from "./store.js";

/** Decoded bytes per batch that make a message worth its cost. */
const BATCH_BYTES = 1 << 20;
const MAX_BATCH = 64;
/** With progress asked for, batches are small enough for about this many updates. */
const PROGRESS_STEPS = 64;

export interface WorkerReadOptions {
  concurrency: number;
  /** Buffers for the chunk bytes this thread reads (shared memory, not transferred). */
  buffers?: ChunkBufferPool;
  signal?: AbortSignal;
  /** Chunks finished (read, or found absent and then handled by `onMissing`). */
  onDone(count: number): void;
  /**
   * The read's chunk count when its caller shows progress: batches then shrink so that
   * onDone fires about PROGRESS_STEPS times, not once per 64 chunks.
   */
  progressOf?: number;
  /** A chunk that is absent (the caller fills its box). */
  onMissing(task: BoxTask): void;
  /** Tasks that are not boxes (coordinate points): read the ordinary way. */
  other(task: ChunkTask, isStopped: () => boolean, signal: AbortSignal): Promise<void>;
  /** What the workers' copies of the store counted (see ReadableStore.addWorkerStats). */
  onStoreStats?(stats: WorkerStoreStats): void;
}

export async function readInWorkers(
  source: ChunkSource,
  decoder: ChunkDecoder & Required<Pick<ChunkDecoder, "readInto">>,
  store: WorkerStoreRef | undefined,
  tasks: Iterable<ChunkTask>,
  output: SharedOutput,
  options: WorkerReadOptions,
): Promise<void> {
  let chunkBytes = source.dataType.itemSize;
  for (const n of source.chunkShape) chunkBytes *= n;
  let perBatch = Math.max(1, Math.min(MAX_BATCH, Math.floor(BATCH_BYTES / chunkBytes)));
  if (options.progressOf !== undefined) {
    perBatch = Math.min(perBatch, Math.max(1, Math.ceil(options.progressOf / PROGRESS_STEPS)));
  }
  await runBounded(
    batches(tasks, perBatch),
    options.concurrency,
    async (batch, isStopped, signal) => {
      if (!Array.isArray(batch)) {
        await options.other(batch, isStopped, signal);
        return;
      }
      const chunks: WorkerChunkRead[] = [];
      const sent: BoxTask[] = [];
      const read = await Promise.all(
        batch.map(async (task) =>
          store
            ? undefined
            : (await readChunkBytes(source, task.chunkCoords, signal, options.buffers?.take))
                ?.bytes,
        ),
      );
      if (isStopped()) return;
      for (const [i, task] of batch.entries()) {
        const key = source.chunkKey(task.chunkCoords);
        const bytes = read[i];
        if (!store && bytes === undefined) {
          options.onMissing(task);
          continue;
        }
        sent.push(task);
        chunks.push({
          key,
          bytes,
          where: source.where(key),
          chunkSelection: task.chunkSelection,
          outSelection: task.outSelection,
        });
      }
      if (chunks.length > 0) {
        const found = await decoder.readInto(
          store,
          source.job,
          chunks,
          output,
          signal,
          options.onStoreStats,
        );
        for (const bytes of read) if (bytes) options.buffers?.release(bytes);
        if (isStopped()) return;
        for (const [i, task] of sent.entries()) if (!found[i]) options.onMissing(task);
      }
      options.onDone(batch.length);
    },
    options.signal,
  );
}

/** Box tasks in groups of up to `size`; any other task on its own. */
function* batches(tasks: Iterable<ChunkTask>, size: number): Generator<BoxTask[] | ChunkTask> {
  let batch: BoxTask[] = [];
  for (const task of tasks) {
    if (task.kind !== "box") {
      yield task;
      continue;
    }
    batch.push(task);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
