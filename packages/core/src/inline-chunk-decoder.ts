/**
 * The ChunkDecoder that runs codec pipelines on the calling thread (the default; the
 * zarrkit package swaps in a worker pool). Pipelines are built once per (codecs, spec).
 */
import type { ChunkCodecJob, ChunkDecoder } from "./chunk-decoder.js";
import type { Chunk } from "./codec.js";
import { getCodecPipeline } from "./codec-pipeline.js";
import { type CodecRegistry, defaultCodecRegistry } from "./codec-registry.js";
import { CodecError, throwIfAborted, ZarrError } from "./errors.js";

/** A ChunkDecoder that decodes on the calling thread, so it has decodeWith. */
export type InlineChunkDecoder = ChunkDecoder & Required<Pick<ChunkDecoder, "decodeWith">>;

export function createInlineChunkDecoder(
  registry: CodecRegistry = defaultCodecRegistry,
): InlineChunkDecoder {
  return {
    async decode(
      bytes: Uint8Array,
      job: ChunkCodecJob,
      signal?: AbortSignal,
      scratch?: (size: number) => Uint8Array,
    ): Promise<Chunk> {
      throwIfAborted(signal);
      const pipeline = await getCodecPipeline(job.codecs, job.spec, { registry, where: job.where });
      try {
        return await pipeline.decode(bytes, job.spec, scratch);
      } catch (error) {
        throw wrap(error, "decoding", job.where, pipeline.where);
      }
    },
    async decodeWith<T>(
      bytes: Uint8Array,
      job: ChunkCodecJob,
      use: (chunk: Chunk) => T,
      signal?: AbortSignal,
      scratch?: (size: number) => Uint8Array,
    ): Promise<T> {
      throwIfAborted(signal);
      const pipeline = await getCodecPipeline(job.codecs, job.spec, { registry, where: job.where });
      let decoded = false;
      try {
        return await pipeline.decodeWith(
          bytes,
          job.spec,
          (chunk) => {
            decoded = true;
            return use(chunk);
          },
          scratch,
        );
      } catch (error) {
        // errors from `use` are the caller's own, not decoding errors
        throw decoded ? error : wrap(error, "decoding", job.where, pipeline.where);
      }
    },
    async encode(chunk: Chunk, job: ChunkCodecJob, signal?: AbortSignal): Promise<Uint8Array> {
      throwIfAborted(signal);
      const pipeline = await getCodecPipeline(job.codecs, job.spec, { registry, where: job.where });
      try {
        return await pipeline.encode(chunk, job.spec);
      } catch (error) {
        throw wrap(error, "encoding", job.where, pipeline.where);
      }
    },
  };
}

/**
 * Codec failures name the chunk. Pipelines are cached per (codecs, spec) across chunks
 * and arrays, so a codec's own message names where the pipeline was built (another
 * chunk, even another array): that is replaced by this chunk, and a ZarrError that
 * still does not name it gets it appended. Other errors (a RangeError on truncated
 * data) become a CodecError naming it.
 */
function wrap(error: unknown, doing: string, where: string, builtFor: string): unknown {
  if (error instanceof ZarrError) {
    if (builtFor !== "" && !error.message.includes(where)) {
      error.message = error.message.replaceAll(builtFor, where);
    }
    if (!error.message.includes(where)) error.message = `${error.message} (${doing} ${where})`;
    return error;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CodecError(`${doing} ${where} failed: ${message}`, { cause: error });
}

/** Decodes with the default codec registry, on the calling thread. */
export const inlineChunkDecoder: InlineChunkDecoder = createInlineChunkDecoder();
