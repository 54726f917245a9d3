/**
 * Decodes one chunk and copies a box of it into an output, skipping the transpose
 * pass when the codec chain starts with `transpose` (F-order v2 arrays, v3 arrays
 * with a transpose codec): the rest of the chain decodes to the encoded layout and
 * copyPermuted gathers from it directly. Used where decoding and assembly happen on
 * one thread (a worker's decodeInto, or inline).
 */
import type { ChunkCodecJob } from "./chunk-decoder.js";
import type { CodecMetadata } from "./codec.js";
import type { ChunkData } from "./data-type.js";
import { copyProjection } from "./indexing/copy.js";
import { copyPermuted } from "./indexing/copy-permuted.js";
import type { DimProjection } from "./indexing/types.js";

export interface BoxTarget {
  readonly data: ChunkData;
  readonly fullShape: readonly number[];
  readonly components: number;
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

export async function decodeBoxInto(
  bytes: Uint8Array,
  job: ChunkCodecJob,
  chunkSelection: readonly DimProjection[],
  target: BoxTarget,
  outSelection: readonly DimProjection[],
  decode: (bytes: Uint8Array, job: ChunkCodecJob) => Promise<{ data: ChunkData; shape: number[] }>,
): Promise<void> {
  const shape = job.spec.shape;
  const order = leadingTranspose(job.codecs, shape.length);
  if (order !== undefined && order.length > 1) {
    const encodedSpec = { ...job.spec, shape: order.map((axis) => shape[axis]) };
    const chunk = await decode(bytes, { ...job, codecs: job.codecs.slice(1), spec: encodedSpec });
    copyPermuted(
      chunk.data,
      chunk.shape,
      order,
      chunkSelection,
      target.data,
      target.fullShape,
      outSelection,
      target.components,
    );
    return;
  }
  const chunk = await decode(bytes, job);
  copyProjection(
    chunk.data,
    chunk.shape,
    chunkSelection,
    target.data,
    target.fullShape,
    outSelection,
    target.components,
  );
}
