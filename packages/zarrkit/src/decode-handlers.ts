/**
 * What a decode worker does, as WorkerPool handlers (also run inline by a pool of
 * size 0): "decode" (chunk bytes -> chunk, buffer moved back), "decodeInto" (decode
 * and copy the task's box into a shared output; nothing comes back), "reduce"
 * (decode and reduce a region; only the partial comes back), "encode".
 */
import {
  type Chunk,
  type ChunkCodecJob,
  type ChunkData,
  type ChunkRegion,
  type CodecRegistry,
  createInlineChunkDecoder,
  type DimProjection,
  decodeBoxInto,
  localChunkBuffers,
  type ReduceRequest,
  reduceChunkRegion,
  type SharedOutput,
  throwIfAborted,
  type WorkerChunkRead,
  type WorkerStoreRef,
  type WorkerStoreStats,
} from "@zarrkit/core";
import {
  type HandlerContext,
  type HandlerOutput,
  isSharedArrayBuffer,
  type Transferable,
  type WorkerHandlers,
} from "@zarrkit/workers";
import { statsSinceLastReport } from "./worker-store-stats.js";
import { type WorkerStoreOpeners, workerStoreOpener } from "./worker-stores.js";

/** Chunk reads a worker starts ahead of the one it decodes (a batch's requests in flight). */
const READ_AHEAD = 8;

export interface DecodePayload {
  bytes: Uint8Array;
  job: ChunkCodecJob;
  /**
   * A buffer (moved here, moved back) for the decoded bytes, so that neither thread
   * allocates fresh memory per chunk: the result is a view of it when the last
   * decompression could write there.
   */
  into?: Uint8Array;
}

/** A chunk's box and where it goes in a shared output. */
export interface BoxPayload {
  job: ChunkCodecJob;
  chunkSelection: readonly DimProjection[];
  outSelection: readonly DimProjection[];
  /** `data` is a typed array over a SharedArrayBuffer: posting it shares, not copies. */
  output: SharedOutput;
}

export interface DecodeIntoPayload extends BoxPayload {
  bytes: Uint8Array;
}

/** Chunks to decode into a shared output: sent with their bytes, or read here from a
 * store the worker opens (resolves to found or not, per chunk, and that store's counts). */
export interface ReadIntoPayload {
  store: WorkerStoreRef | undefined;
  job: Omit<ChunkCodecJob, "where">;
  chunks: readonly WorkerChunkRead[];
  output: SharedOutput;
}

export interface ReadIntoResult {
  found: boolean[];
  /** What the worker's store counted since its last report (see worker-store-stats.ts). */
  storeStats?: WorkerStoreStats;
}

export interface ReducePayload extends DecodePayload {
  region: ChunkRegion;
  request: ReduceRequest;
}

export interface EncodePayload {
  chunk: Chunk;
  job: ChunkCodecJob;
}

/**
 * The handlers, decoding with `registry`'s codecs; readInto opens the stores that
 * `stores` knows (worker-stores.ts).
 */
export function decodeHandlers(
  registry: CodecRegistry,
  stores: WorkerStoreOpeners,
): WorkerHandlers {
  const codecs = createInlineChunkDecoder(registry);
  const openStore = workerStoreOpener(stores);
  /** Decodes a chunk and copies its box into the shared output. */
  const decodeBox = (bytes: Uint8Array, box: BoxPayload, signal: AbortSignal) =>
    // decoded bytes land in a reused buffer of this thread: no fresh memory per chunk
    localChunkBuffers.lend((scratch) =>
      decodeBoxInto(
        bytes,
        box.job,
        box.chunkSelection,
        box.output,
        box.outSelection,
        (b, job, use) =>
          codecs.decodeWith(
            b,
            job,
            (chunk) => {
              // a cancelled read must not write into an output its caller may already reuse
              throwIfAborted(signal);
              use(chunk);
            },
            signal,
            scratch,
          ),
      ),
    );
  return {
    decode: async (
      { bytes, job, into }: DecodePayload,
      ctx: HandlerContext,
    ): Promise<HandlerOutput> => {
      // decode into the caller's buffer when the codecs can (see DecodePayload.into)
      const scratch = into && ((size: number) => into.subarray(0, size));
      const chunk = await codecs.decode(bytes, job, ctx.signal, scratch);
      const data = chunk.data;
      if (into && ArrayBuffer.isView(data) && data.buffer === into.buffer) {
        // a view of the caller's buffer: send the buffer back whole, as it came
        return { result: { data, shape: chunk.shape }, transfer: [into.buffer as ArrayBuffer] };
      }
      const moved = movable(data);
      return { result: { data: moved.data, shape: chunk.shape }, transfer: moved.transfer };
    },
    decodeInto: async (payload: DecodeIntoPayload, ctx: HandlerContext): Promise<HandlerOutput> => {
      await decodeBox(payload.bytes, payload, ctx.signal);
      return { result: null };
    },
    readInto: async (payload: ReadIntoPayload, ctx: HandlerContext): Promise<HandlerOutput> => {
      const store = payload.store && (await openStore(payload.store));
      const { chunks } = payload;
      // bytes sent along, or read here (into this thread's pooled buffers); reads run a
      // few chunks ahead of decoding, so that a network store's latency overlaps
      const reads: Promise<Uint8Array | undefined>[] = [];
      const readAhead = (upTo: number) => {
        while (reads.length < Math.min(upTo, chunks.length)) {
          const chunk = chunks[reads.length] as WorkerChunkRead;
          const read = chunk.bytes
            ? Promise.resolve(chunk.bytes)
            : (store?.get(chunk.key, { signal: ctx.signal, allocate: localChunkBuffers.take }) ??
              Promise.resolve(undefined));
          read.catch(() => {}); // awaited below, unless an earlier chunk failed
          reads.push(read);
        }
      };
      const found: boolean[] = [];
      try {
        for (const [i, chunk] of chunks.entries()) {
          throwIfAborted(ctx.signal);
          readAhead(i + 1 + READ_AHEAD);
          const bytes = await reads[i];
          found.push(bytes !== undefined);
          if (bytes === undefined) continue;
          const job = { ...payload.job, where: chunk.where };
          await decodeBox(bytes, { ...chunk, job, output: payload.output }, ctx.signal);
          if (chunk.bytes === undefined) localChunkBuffers.release(bytes);
        }
      } finally {
        // reads started ahead of a failure: wait for them, so no request outlives the batch
        await Promise.allSettled(reads.slice(found.length));
      }
      const storeStats = store && statsSinceLastReport(store);
      const result: ReadIntoResult = storeStats ? { found, storeStats } : { found };
      return { result };
    },
    reduce: async (payload: ReducePayload, ctx: HandlerContext): Promise<HandlerOutput> => {
      const dtype = payload.job.spec.dataType.name;
      const partial = await localChunkBuffers.lend((scratch) =>
        codecs.decodeWith(
          payload.bytes,
          payload.job,
          (chunk) => reduceChunkRegion(chunk, payload.region, dtype, payload.request),
          ctx.signal,
          scratch,
        ),
      );
      const transfer = partial.op === "histogram" ? [partial.counts.buffer] : [];
      return { result: partial, transfer };
    },
    encode: async ({ chunk, job }: EncodePayload, ctx: HandlerContext): Promise<HandlerOutput> => {
      const bytes = await codecs.encode(chunk, job, ctx.signal);
      const moved = movable(bytes);
      return { result: moved.data, transfer: moved.transfer };
    },
  };
}

/**
 * Data ready to move to another thread: a typed array that owns its whole buffer is
 * moved as is; a view into a larger buffer is copied first (moving the buffer would
 * send all of it, and detach memory that others may use).
 */
export function movable<T extends ChunkData>(data: T): { data: T; transfer: Transferable[] } {
  if (!ArrayBuffer.isView(data)) return { data, transfer: [] };
  const buffer = data.buffer;
  if (isSharedArrayBuffer(buffer)) return { data, transfer: [] };
  if (data.byteOffset === 0 && data.byteLength === buffer.byteLength) {
    return { data, transfer: [buffer as ArrayBuffer] };
  }
  const copy = data.slice() as T & ArrayBufferView;
  return { data: copy, transfer: [copy.buffer as ArrayBuffer] };
}
