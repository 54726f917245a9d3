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
  componentsOf,
  createInlineChunkDecoder,
  type DimProjection,
  decodeBoxInto,
  localChunkBuffers,
  type ReduceRequest,
  reduceValues,
  regionValues,
  type SharedOutput,
  throwIfAborted,
} from "@zarrkit/core";
import {
  type HandlerContext,
  type HandlerOutput,
  isSharedArrayBuffer,
  type WorkerHandlers,
} from "@zarrkit/workers";

export interface DecodePayload {
  bytes: Uint8Array;
  job: ChunkCodecJob;
}

export interface DecodeIntoPayload extends DecodePayload {
  chunkSelection: readonly DimProjection[];
  outSelection: readonly DimProjection[];
  /** `data` is a typed array over a SharedArrayBuffer: posting it shares, not copies. */
  output: SharedOutput;
}

export interface ReducePayload extends DecodePayload {
  region: ChunkRegion;
  request: ReduceRequest;
}

export interface EncodePayload {
  chunk: Chunk;
  job: ChunkCodecJob;
}

export function decodeHandlers(registry: CodecRegistry): WorkerHandlers {
  const codecs = createInlineChunkDecoder(registry);
  return {
    decode: async ({ bytes, job }: DecodePayload, ctx: HandlerContext): Promise<HandlerOutput> => {
      const chunk = await codecs.decode(bytes, job, ctx.signal);
      const { data, transfer } = movable(chunk.data);
      return { result: { data, shape: chunk.shape }, transfer };
    },
    decodeInto: async (payload: DecodeIntoPayload, ctx: HandlerContext): Promise<HandlerOutput> => {
      // decoded bytes land in a reused buffer of this thread: no fresh memory per chunk
      await localChunkBuffers.lend((scratch) =>
        decodeBoxInto(
          payload.bytes,
          payload.job,
          payload.chunkSelection,
          payload.output,
          payload.outSelection,
          async (bytes, job) => {
            const chunk = await codecs.decode(bytes, job, ctx.signal, scratch);
            // a cancelled read must not write into an output its caller may already reuse
            throwIfAborted(ctx.signal);
            return chunk;
          },
        ),
      );
      return { result: null };
    },
    reduce: async (payload: ReducePayload, ctx: HandlerContext): Promise<HandlerOutput> => {
      const dtype = payload.job.spec.dataType.name;
      const partial = await localChunkBuffers.lend(async (scratch) => {
        const chunk = await codecs.decode(payload.bytes, payload.job, ctx.signal, scratch);
        const values = regionValues(
          chunk.data,
          chunk.shape,
          payload.region,
          dtype,
          componentsOf(dtype),
        );
        return reduceValues(values, payload.request);
      });
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
