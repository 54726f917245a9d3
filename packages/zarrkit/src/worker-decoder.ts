/**
 * A ChunkDecoder backed by a WorkerPool: chunk bytes move (transfer, never clone) to
 * a worker, the decoded chunk moves back. With a shared output (decodeInto) the
 * worker writes the task's box into the result itself; reductions (reduce) send back
 * only a partial. Tiny chunks, whose posting costs more than their decoding, and
 * non-numeric chunks (strings are cloned element by element) decode inline, and so do
 * arrays with a codec the app registered itself, which workers do not have.
 */
import {
  type BoxTask,
  type Chunk,
  type ChunkCodecJob,
  type ChunkDecoder,
  type ChunkRegion,
  type CodecRegistry,
  createInlineChunkDecoder,
  type DecodeWith,
  decodeBoxInto,
  defaultCodecRegistry,
  isNumeric,
  localChunkBuffers,
  type ReducePartial,
  type ReduceRequest,
  reduceChunkRegion,
  type SharedOutput,
  type WorkerChunkRead,
  type WorkerStoreRef,
  type WorkerStoreStats,
  ZarrError,
} from "@zarrkit/core";
import { type RunOptions, type Transferable, WorkerPool } from "@zarrkit/workers";
import {
  decodeHandlers,
  movable,
  type ReadIntoPayload,
  type ReadIntoResult,
} from "./decode-handlers.js";
import { getWorkerPool } from "./pool.js";
import { usesAppCodecs } from "./register-codecs.js";
import { WORKER_STORES } from "./worker-stores.js";

/**
 * Decoded chunks smaller than this many bytes decode inline. Measured here
 * (tests/large/measure-inline-threshold.ts, 2 workers, gzip'd float32): a 1 KiB
 * chunk took 215 µs inline vs 294 µs through the pool, 4 KiB 322 vs 190 µs.
 */
export const INLINE_BELOW_BYTES = 4 * 1024;

/**
 * Chains whose decoding is a view or a byte swap ("bytes" alone: uncompressed data).
 * Posting costs more than decoding them at any size (measured: raw 64 KiB-256 KiB
 * chunks were as fast or faster inline), so they always decode inline.
 */
const TRIVIAL_CODECS = new Set(["bytes"]);

export interface WorkerDecoderOptions {
  /** The pool, or a function that gives it (default: the shared pool, pool.ts). */
  pool?: WorkerPool | (() => Promise<WorkerPool>);
  /**
   * Decode chunks smaller than this (decoded bytes) inline; default INLINE_BELOW_BYTES.
   * 0 sends every numeric chunk to the pool.
   */
  inlineBelow?: number;
  /** Decode uncompressed chunks ("bytes" alone) inline (default: unless inlineBelow is 0). */
  inlineUncompressed?: boolean;
  /** Codecs for inline decoding (default: the default registry). */
  registry?: CodecRegistry;
  /** Reads default to a SharedArrayBuffer output that workers write into. */
  shared?: boolean;
}

/** The decoded size of a chunk of a numeric data type. */
function decodedBytes(job: Omit<ChunkCodecJob, "where">): number {
  let bytes = job.spec.dataType.itemSize;
  for (const n of job.spec.shape) bytes *= n;
  return bytes;
}

export function createWorkerDecoder(options: WorkerDecoderOptions = {}): ChunkDecoder {
  const given = options.pool;
  const pool: () => Promise<WorkerPool> =
    given === undefined
      ? getWorkerPool
      : typeof given === "function"
        ? given
        : () => Promise.resolve(given);
  const inlineBelow = options.inlineBelow ?? INLINE_BELOW_BYTES;
  const inlineUncompressed = options.inlineUncompressed ?? inlineBelow > 0;
  const registry = options.registry ?? defaultCodecRegistry;
  const inline = createInlineChunkDecoder(registry);
  /** Whether workers can decode a chain: not when it uses a codec the app registered here. */
  const workersCan = (codecs: ChunkCodecJob["codecs"]): boolean => !usesAppCodecs(codecs);
  /** The worker's handlers on this thread, for readInto batches workers cannot decode. */
  let here: WorkerPool | undefined;
  /** A pool task; what is not a ZarrError (a payload the pool could not send) becomes one. */
  const run = async <T>(method: string, payload: unknown, runOptions: RunOptions): Promise<T> => {
    try {
      return await (await pool()).run<T>(method, payload, runOptions);
    } catch (error) {
      if (error instanceof ZarrError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new ZarrError("worker", `worker task "${method}" failed: ${message}`, {
        cause: error,
      });
    }
  };
  const runsInline = (job: Omit<ChunkCodecJob, "where">): boolean => {
    if (!isNumeric(job.spec.dataType.name) || !workersCan(job.codecs)) return true;
    if (inlineUncompressed && job.codecs.every((c) => TRIVIAL_CODECS.has(c.name))) return true;
    return decodedBytes(job) < inlineBelow;
  };

  return {
    prefersSharedOutput: options.shared === true,
    // chunk bytes are transferred to the workers, unless the chunk decodes here
    movesBytes: (job: Omit<ChunkCodecJob, "where">) => !runsInline(job),

    async decode(
      bytes: Uint8Array,
      job: ChunkCodecJob,
      signal?: AbortSignal,
      scratch?: (size: number) => Uint8Array,
    ): Promise<Chunk> {
      if (runsInline(job)) return inline.decode(bytes, job, signal, scratch);
      const moved = movable(bytes);
      // a pooled buffer travels to the worker for the decoded bytes and comes back
      // holding them; it is adopted by the pool, so the caller can release the chunk
      const into = scratch?.(decodedBytes(job));
      const transfer = into ? [...moved.transfer, into.buffer as ArrayBuffer] : moved.transfer;
      const chunk = await run<Chunk>(
        "decode",
        { bytes: moved.data, job, into },
        { transfer, signal },
      );
      // (a pool of size 0 hands `into` back as the same object: lend() releases that one)
      if (ArrayBuffer.isView(chunk.data) && chunk.data.buffer !== into?.buffer) {
        localChunkBuffers.adopt(chunk.data.buffer);
      }
      return chunk;
    },

    async decodeInto(
      bytes: Uint8Array,
      job: ChunkCodecJob,
      task: BoxTask,
      output: SharedOutput,
      signal?: AbortSignal,
    ): Promise<void> {
      if (runsInline(job)) {
        await localChunkBuffers.lend((scratch) => {
          const decode: DecodeWith = (b, j, use) => inline.decodeWith(b, j, use, signal, scratch);
          return decodeBoxInto(bytes, job, task.chunkSelection, output, task.outSelection, decode);
        });
        return;
      }
      const moved = movable(bytes);
      const payload = {
        bytes: moved.data,
        job,
        chunkSelection: task.chunkSelection,
        outSelection: task.outSelection,
        output,
      };
      await run<null>("decodeInto", payload, { transfer: moved.transfer, signal });
    },

    async readInto(
      store: WorkerStoreRef | undefined,
      job: Omit<ChunkCodecJob, "where">,
      chunks: readonly WorkerChunkRead[],
      output: SharedOutput,
      signal?: AbortSignal,
      onStoreStats?: (stats: WorkerStoreStats) => void,
    ): Promise<boolean[]> {
      const report = ({ found, storeStats }: ReadIntoResult) => {
        if (storeStats) onStoreStats?.(storeStats);
        return found;
      };
      if (!workersCan(job.codecs)) {
        // the worker's handler, run here: codecs the app registered are on this thread only
        here ??= new WorkerPool({ size: 0, inline: decodeHandlers(registry, WORKER_STORES) });
        const payload: ReadIntoPayload = { store, job, chunks, output };
        return report(await here.run<ReadIntoResult>("readInto", payload, { signal }));
      }
      const transfer: Transferable[] = [];
      const sent = chunks.map((chunk) => {
        if (chunk.bytes === undefined) return chunk;
        const moved = movable(chunk.bytes); // shared bytes are shared, others moved
        transfer.push(...moved.transfer);
        return { ...chunk, bytes: moved.data };
      });
      const payload: ReadIntoPayload = { store, job, chunks: sent, output };
      return report(await run<ReadIntoResult>("readInto", payload, { transfer, signal }));
    },

    async reduce(
      bytes: Uint8Array,
      job: ChunkCodecJob,
      region: ChunkRegion,
      request: ReduceRequest,
      signal?: AbortSignal,
    ): Promise<ReducePartial> {
      if (runsInline(job)) {
        const dtype = job.spec.dataType.name;
        const reduce = (chunk: Chunk) => reduceChunkRegion(chunk, region, dtype, request);
        return inline.decodeWith(bytes, job, reduce, signal);
      }
      const moved = movable(bytes);
      return run<ReducePartial>(
        "reduce",
        { bytes: moved.data, job, region, request },
        { transfer: moved.transfer, signal },
      );
    },

    async encode(chunk: Chunk, job: ChunkCodecJob, signal?: AbortSignal): Promise<Uint8Array> {
      if (runsInline(job)) return inline.encode(chunk, job, signal);
      // always a copy: the writer's chunk may be a view of the caller's own array
      const data = ArrayBuffer.isView(chunk.data) ? chunk.data.slice() : chunk.data;
      const transfer = ArrayBuffer.isView(data) ? [data.buffer as ArrayBuffer] : [];
      return run<Uint8Array>(
        "encode",
        { chunk: { data, shape: chunk.shape }, job },
        { transfer, signal },
      );
    },
  };
}
