/**
 * Runs a reduction over a selection: one partial per chunk task (computed by the
 * decoder's `reduce` when it has one — in a worker, next to the decoded chunk — or
 * else here after decoding), merged as they arrive. Memory stays proportional to the
 * concurrency: no chunk outlives its partial.
 */
import type { ChunkSource } from "../chunk-source.js";
import { readChunkBytes } from "../chunk-source.js";
import type { Chunk } from "../codec.js";
import { fillElement } from "../fill-value.js";
import { planSelection } from "../indexing/plan.js";
import type { ChunkTask, Selection } from "../indexing/types.js";
import { runBounded } from "../run-bounded.js";
import { regionSize, taskRegion } from "./chunk-region.js";
import {
  checkReducible,
  emptyPartial,
  mergePartial,
  type ReducePartial,
  type ReduceRequest,
  reduceChunkRegion,
  reduceFill,
} from "./reduction.js";

export interface ReduceOptions {
  signal?: AbortSignal;
  /** Chunks read and reduced at once (default 8). */
  concurrency?: number;
  /** Called after each chunk task. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

export async function reduceSelection(
  source: ChunkSource,
  request: ReduceRequest,
  selection: Selection | undefined,
  options: ReduceOptions = {},
): Promise<ReducePartial> {
  const { signal, onProgress } = options;
  const dtype = source.dataType.name;
  checkReducible(dtype, request, source.where());
  const plan = planSelection(source.shape, source.chunkShape, selection);
  const fill = Number(fillElement(source.fillValue, source.dataType));
  const total = plan.taskCount;
  let done = 0;
  const acc = emptyPartial(request);
  await runBounded(
    plan.tasks(),
    options.concurrency ?? 8,
    async (task: ChunkTask, isStopped) => {
      const part = await reduceTask(source, task, request, fill, signal);
      if (isStopped()) return;
      mergePartial(acc, part);
      done++;
      onProgress?.({ done, total });
    },
    signal,
  );
  return acc;
}

async function reduceTask(
  source: ChunkSource,
  task: ChunkTask,
  request: ReduceRequest,
  fill: number,
  signal: AbortSignal | undefined,
): Promise<ReducePartial> {
  const region = taskRegion(task);
  const dtype = source.dataType.name;
  if (source.readDecoded) {
    // decoded elsewhere (a sharded array's inner chunk): reduced here
    const chunk = await source.readDecoded(task.chunkCoords, signal);
    if (chunk === undefined) return reduceFill(fill, regionSize(region), request);
    return reduceChunkRegion(chunk, region, dtype, request);
  }
  const read = await readChunkBytes(source, task.chunkCoords, signal);
  if (read === undefined) return reduceFill(fill, regionSize(region), request);
  const { decoder } = source;
  if (decoder.reduce) return decoder.reduce(read.bytes, read.job, region, request, signal);
  const reduce = (chunk: Chunk) => reduceChunkRegion(chunk, region, dtype, request);
  // decoded on this thread: reduced where the codec left the bytes, uncopied
  if (decoder.decodeWith) return decoder.decodeWith(read.bytes, read.job, reduce, signal);
  return reduce(await decoder.decode(read.bytes, read.job, signal));
}
