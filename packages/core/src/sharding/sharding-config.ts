/**
 * The `sharding_indexed` codec's configuration (Zarr v3 sharding spec) and the
 * layout it gives a shard: inner chunks per shard, the inner chunk spec, and the
 * spec of the index (uint64 [...chunksPerShard, 2], offset and nbytes per chunk).
 */
import type { ChunkSpec, CodecMetadata } from "../codec.js";
import { dataTypeFromName } from "../data-type.js";
import { MetadataError } from "../errors.js";
import type { JsonValue } from "../json.js";
import { expectIntArray, show } from "../metadata-checks.js";
import { parseCodecs } from "../metadata-v3.js";

export const SHARDING_CODEC_NAME = "sharding_indexed";

export type IndexLocation = "start" | "end";

export interface ShardingConfig {
  /** The inner chunk shape. */
  readonly chunkShape: readonly number[];
  /** Codecs of each inner chunk. */
  readonly codecs: readonly CodecMetadata[];
  /** Codecs of the index (must have a fixed-size output). */
  readonly indexCodecs: readonly CodecMetadata[];
  readonly indexLocation: IndexLocation;
}

export const DEFAULT_INDEX_CODECS: readonly CodecMetadata[] = [
  { name: "bytes", configuration: { endian: "little" } },
  { name: "crc32c" },
];

/** Validates a configuration against the shard (outer chunk) shape. */
export function parseShardingConfig(
  configuration: Record<string, unknown>,
  shardShape: readonly number[],
  where: string,
): ShardingConfig {
  const what = `codec "${SHARDING_CODEC_NAME}" in ${where}`;
  const known = new Set(["chunk_shape", "codecs", "index_codecs", "index_location"]);
  for (const key of Object.keys(configuration)) {
    if (!known.has(key)) throw new MetadataError(`${what} has an unknown option "${key}"`);
  }
  const chunkShape = expectIntArray(
    configuration.chunk_shape as JsonValue | undefined,
    "chunk_shape",
    what,
    1,
  );
  if (chunkShape.length !== shardShape.length) {
    throw new MetadataError(
      `"chunk_shape" [${chunkShape}] of ${what} has ${chunkShape.length} dimensions, the shard shape [${shardShape}] has ${shardShape.length}`,
    );
  }
  for (let d = 0; d < chunkShape.length; d++) {
    if (shardShape[d] % chunkShape[d] !== 0) {
      throw new MetadataError(
        `the shard shape [${shardShape}] of ${what} is not divisible by its "chunk_shape" [${chunkShape}] (dimension ${d})`,
      );
    }
  }
  const codecs = parseCodecs(configuration.codecs as JsonValue | undefined, `${what} "codecs"`);
  const indexCodecs =
    configuration.index_codecs === undefined
      ? DEFAULT_INDEX_CODECS
      : parseCodecs(configuration.index_codecs as JsonValue, `${what} "index_codecs"`);
  const location = configuration.index_location ?? "end";
  if (location !== "start" && location !== "end") {
    throw new MetadataError(
      `"index_location" of ${what} must be "start" or "end", got ${show(location as JsonValue)}`,
    );
  }
  return { chunkShape: [...chunkShape], codecs, indexCodecs, indexLocation: location };
}

/** Where things are in a shard of a given shape. */
export interface ShardLayout {
  readonly shardShape: readonly number[];
  readonly chunkShape: readonly number[];
  /** Inner chunks per shard along each dimension. */
  readonly chunksPerShard: readonly number[];
  /** Inner chunks per shard. */
  readonly chunkCount: number;
  /** The spec of one inner chunk (the shard's data type and fill value). */
  readonly innerSpec: ChunkSpec;
  /** The spec of the index: uint64 [...chunksPerShard, 2]. */
  readonly indexSpec: ChunkSpec;
}

/** The index's data type; its fill is the "empty chunk" marker 2^64-1. */
const INDEX_SPEC_BASE = { dataType: dataTypeFromName("uint64"), fillValue: 2n ** 64n - 1n };

export function shardLayout(config: ShardingConfig, shardSpec: ChunkSpec): ShardLayout {
  const shardShape = shardSpec.shape;
  const chunksPerShard = shardShape.map((s, d) => s / config.chunkShape[d]);
  let chunkCount = 1;
  for (const n of chunksPerShard) chunkCount *= n;
  return {
    shardShape: [...shardShape],
    chunkShape: config.chunkShape,
    chunksPerShard,
    chunkCount,
    innerSpec: {
      shape: [...config.chunkShape],
      dataType: shardSpec.dataType,
      fillValue: shardSpec.fillValue,
    },
    indexSpec: { ...INDEX_SPEC_BASE, shape: [...chunksPerShard, 2] },
  };
}

/** The C-order number of an inner chunk from its coordinates inside the shard. */
export function innerChunkNumber(layout: ShardLayout, coords: readonly number[]): number {
  let n = 0;
  for (let d = 0; d < coords.length; d++) n = n * layout.chunksPerShard[d] + coords[d];
  return n;
}

/** The coordinates inside the shard of the inner chunk numbered `n` (C order). */
export function innerChunkCoords(layout: ShardLayout, n: number): number[] {
  const rank = layout.chunksPerShard.length;
  const coords = new Array<number>(rank);
  for (let d = rank - 1; d >= 0; d--) {
    const size = layout.chunksPerShard[d];
    coords[d] = n % size;
    n = Math.floor(n / size);
  }
  return coords;
}
