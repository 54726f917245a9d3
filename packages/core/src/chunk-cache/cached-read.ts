/**
 * get() on an array with a chunk cache: every chunk of the selection is asked of the
 * cached source at once (so the scheduler orders them by priority and shares them with
 * other reads), and each is copied into the output as it lands.
 */

import { AbortError } from "../errors.js";
import { type ScatterTarget, scatterTask } from "../indexing/scatter.js";
import type { ChunkTask } from "../indexing/types.js";
import { allowManyListeners } from "../run-bounded.js";
import type { CachedChunkSource } from "./cached-chunk-source.js";

export interface CachedReadTasksOptions {
  signal?: AbortSignal;
  /** Lower loads sooner: a number, or one per chunk (e.g. its distance from a viewport). */
  priority?: number | ((chunkCoords: readonly number[]) => number);
  onProgress?: (progress: { done: number; total: number }) => void;
  total: number;
}

export async function readTasksThroughCache(
  source: CachedChunkSource,
  tasks: Iterable<ChunkTask>,
  target: ScatterTarget,
  options: CachedReadTasksOptions,
): Promise<void> {
  const { signal, priority, onProgress, total } = options;
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
  // fires on the caller's abort and on the first failure: no chunk is waited for after
  const inner = new AbortController();
  // every queued chunk listens to it (Node warns past 10 listeners otherwise)
  allowManyListeners(inner.signal, total);
  const onAbort = (): void => inner.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  let done = 0;
  const pending: Promise<void>[] = [];
  for (const task of tasks) {
    const coords = task.chunkCoords;
    const p = typeof priority === "function" ? priority(coords) : priority;
    pending.push(
      source.readDecoded(coords, inner.signal, p).then((chunk) => {
        if (inner.signal.aborted) return;
        scatterTask(task, chunk?.data, source.chunkShape, target);
        onProgress?.({ done: ++done, total });
      }),
    );
  }
  try {
    await Promise.all(pending);
  } catch (error) {
    inner.abort(error);
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}
