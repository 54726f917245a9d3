/**
 * Decodes one chunk and copies a box of it into an output, skipping the transpose
 * pass when the codec chain starts with `transpose` (F-order v2 arrays, v3 arrays
 * with a transpose codec): the rest of the chain decodes to the encoded layout and
 * copyPermuted gathers from it directly. Used where decoding and assembly happen on
 * one thread (a worker's decodeInto, or inline).
 */
import type { ChunkCodecJob } from "./chunk-decoder.js";
import type { ChunkSpec, CodecMetadata } from "./codec.js";
import type { ChunkData } from "./data-type.js";
import { copyProjection } from "./indexing/copy.js";
import { copyPermuted } from "./indexing/copy-permuted.js";
import type { DimProjection } from "./indexing/types.js";
import { writeUnlessStopped } from "./output-writes.js";

export interface BoxTarget {
  readonly data: ChunkData;
  readonly fullShape: readonly number[];
  readonly components: number;
  /** Copies skip (AbortError) once the read stopped (output-writes.ts). */
  readonly control?: Int32Array;
}

/** The permutation of a leading transpose codec, when the chain has more after it. */
export function leadingTranspose(
  codecs: readonly CodecMetadata[],
  rank: number,
): number[] | undefined {
  const first = codecs[0];
  if (first === undefined || first.name !== "transpose" || codecs.length < 2) return undefined;
  const order = first.configuration?.order;
  if (order === "F") return [...Array(rank).keys()].reverse();
  if (order === "C") return [...Array(rank).keys()];
  if (!Array.isArray(order) || order.length !== rank) return undefined;
  const seen = new Set<number>();
  for (const v of order) {
    if (!Number.isInteger(v) || v < 0 || v >= rank || seen.has(v as number)) return undefined;
    seen.add(v as number);
  }
  return order as number[];
}

/** The chain after a leading transpose, and the spec it decodes to. */
interface TransposeSplit {
  readonly order: number[];
  readonly codecs: readonly CodecMetadata[];
  readonly spec: ChunkSpec;
}

// per (codecs, spec) object: every chunk of an array gets the same split, so the trimmed
// chain and spec keep their identity and hit getCodecPipeline's identity cache
const splits = new WeakMap<readonly CodecMetadata[], WeakMap<ChunkSpec, TransposeSplit | null>>();

function transposeSplit(job: ChunkCodecJob): TransposeSplit | undefined {
  let bySpec = splits.get(job.codecs);
  if (!bySpec) {
    bySpec = new WeakMap();
    splits.set(job.codecs, bySpec);
  }
  let split = bySpec.get(job.spec);
  if (split === undefined) {
    const shape = job.spec.shape;
    const order = leadingTranspose(job.codecs, shape.length);
    split =
      order !== undefined && order.length > 1
        ? {
            order,
            codecs: job.codecs.slice(1),
            spec: { ...job.spec, shape: order.map((axis) => shape[axis]) },
          }
        : null;
    bySpec.set(job.spec, split);
  }
  return split ?? undefined;
}

/**
 * Decodes a chunk and hands it to `use`, synchronously; the chunk may be valid only
 * during that call (ChunkDecoder.decodeWith).
 */
export type DecodeWith = (
  bytes: Uint8Array,
  job: ChunkCodecJob,
  use: (chunk: { data: ChunkData; shape: number[] }) => void,
) => Promise<void>;

export async function decodeBoxInto(
  bytes: Uint8Array,
  job: ChunkCodecJob,
  chunkSelection: readonly DimProjection[],
  target: BoxTarget,
  outSelection: readonly DimProjection[],
  decode: DecodeWith,
): Promise<void> {
  const split = transposeSplit(job);
  if (split !== undefined) {
    await decode(bytes, { ...job, codecs: split.codecs, spec: split.spec }, (chunk) =>
      writeUnlessStopped(target.control, () =>
        copyPermuted(
          chunk.data,
          chunk.shape,
          split.order,
          chunkSelection,
          target.data,
          target.fullShape,
          outSelection,
          target.components,
        ),
      ),
    );
    return;
  }
  await decode(bytes, job, (chunk) =>
    writeUnlessStopped(target.control, () =>
      copyProjection(
        chunk.data,
        chunk.shape,
        chunkSelection,
        target.data,
        target.fullShape,
        outSelection,
        target.components,
      ),
    ),
  );
}
