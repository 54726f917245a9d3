/**
 * The v3 `sharding_indexed` codec (array -> bytes): a shard holds inner chunks, each
 * encoded with the inner codecs, plus an index of where each lies. This is the
 * whole-shard form used by the generic codec pipeline; ZarrArray reads sharded arrays
 * inner chunk by inner chunk through shard-reader.ts instead.
 */
import { filledData, isAllFill } from "../chunk-fill.js";
import type {
  ArrayToBytesCodec,
  Chunk,
  ChunkSpec,
  CodecFactory,
  CodecPipelineLike,
} from "../codec.js";
import type { CodecRegistry } from "../codec-registry.js";
import { allocate, componentsOf } from "../data-type.js";
import { MetadataError } from "../errors.js";
import { fillElement } from "../fill-value.js";
import { copyProjection } from "../indexing/copy.js";
import type { DimProjection } from "../indexing/types.js";
import { decodeShardIndex, encodeShardIndex, indexBytesOf, ShardIndex } from "./shard-index.js";
import {
  innerChunkCoords,
  parseShardingConfig,
  SHARDING_CODEC_NAME,
  type ShardingConfig,
  type ShardLayout,
  shardLayout,
} from "./sharding-config.js";

export class ShardingCodec implements ArrayToBytesCodec {
  readonly kind = "array_to_bytes";
  readonly name = SHARDING_CODEC_NAME;

  constructor(
    readonly config: ShardingConfig,
    /** The layout of the shard spec the codec was made for. */
    readonly layout: ShardLayout,
    /** The inner chunks' pipeline. */
    readonly inner: CodecPipelineLike,
    /** The index's pipeline (fixed-size output). */
    readonly index: CodecPipelineLike,
    /** Encoded size of the index in bytes. */
    readonly indexSize: number,
    private readonly where: string,
  ) {}

  private layoutFor(spec: ChunkSpec): ShardLayout {
    const l = this.layout;
    const same =
      spec.dataType === l.innerSpec.dataType &&
      Object.is(spec.fillValue, l.innerSpec.fillValue) &&
      spec.shape.length === l.shardShape.length &&
      spec.shape.every((s, d) => s === l.shardShape[d]);
    return same ? l : shardLayout(parseShardingConfigFor(this.config, spec, this.where), spec);
  }

  /** Reads the index of a whole shard, checking it fits the shard. */
  async readIndex(shard: Uint8Array, spec: ChunkSpec, where = this.where): Promise<ShardIndex> {
    const layout = this.layoutFor(spec);
    const location = this.config.indexLocation;
    const bytes = indexBytesOf(shard, this.indexSize, location, where);
    const index = await decodeShardIndex(bytes, this.index, layout, where);
    index.checkBounds(shard.length, this.indexSize, location, where);
    return index;
  }

  async decode(bytes: Uint8Array, spec: ChunkSpec): Promise<Chunk> {
    const layout = this.layoutFor(spec);
    const index = await this.readIndex(bytes, spec);
    const dt = spec.dataType;
    const shardShape = layout.shardShape;
    let elements = 1;
    for (const s of shardShape) elements *= s;
    const data = filledData(dt, elements, fillElement(spec.fillValue, dt));
    const components = componentsOf(dt.name);
    const whole = fullSelection(layout.chunkShape);
    for (let i = 0; i < layout.chunkCount; i++) {
      if (index.isEmpty(i)) continue;
      const { offset, length } = index.range(i);
      const chunk = await this.inner.decode(
        bytes.subarray(offset, offset + length),
        layout.innerSpec,
      );
      const at = placement(layout, innerChunkCoords(layout, i));
      copyProjection(chunk.data, layout.chunkShape, whole, data, shardShape, at, components);
    }
    return { data, shape: [...shardShape] };
  }

  async encode(chunk: Chunk, spec: ChunkSpec): Promise<Uint8Array> {
    const layout = this.layoutFor(spec);
    return (await this.encodeShard(chunk, spec)) ?? this.encodeIndexOnly(layout);
  }

  /**
   * Encodes a shard, leaving out inner chunks that hold only the fill value; resolves
   * to undefined when every inner chunk does (a writer then stores nothing, or deletes
   * the key). `encode` gives such a shard as an index of empty chunks instead.
   */
  async encodeShard(chunk: Chunk, spec: ChunkSpec): Promise<Uint8Array | undefined> {
    const layout = this.layoutFor(spec);
    const dt = spec.dataType;
    const fill = fillElement(spec.fillValue, dt);
    const components = componentsOf(dt.name);
    const whole = fullSelection(layout.chunkShape);
    let innerElements = 1;
    for (const s of layout.chunkShape) innerElements *= s;
    const entries = new Float64Array(layout.chunkCount * 2).fill(-1);
    const parts: Uint8Array[] = [];
    let offset = this.config.indexLocation === "start" ? this.indexSize : 0;
    // one scratch buffer for every inner chunk (encoders must not keep their input)
    const scratch = allocate(dt.name, innerElements);
    for (let i = 0; i < layout.chunkCount; i++) {
      const at = placement(layout, innerChunkCoords(layout, i));
      copyProjection(
        chunk.data,
        layout.shardShape,
        at,
        scratch,
        layout.chunkShape,
        whole,
        components,
      );
      if (isAllFill(scratch, fill)) continue;
      const encoded = await this.inner.encode(
        { data: scratch, shape: [...layout.chunkShape] },
        layout.innerSpec,
      );
      // an encoder may return a view of its input (bytes codec): copy before reuse
      parts.push(
        encoded.buffer === (scratch as { buffer?: unknown }).buffer ? encoded.slice() : encoded,
      );
      entries[2 * i] = offset;
      entries[2 * i + 1] = encoded.length;
      offset += encoded.length;
    }
    if (parts.length === 0) return undefined;
    const indexBytes = await this.encodeIndex(new ShardIndex(entries), layout);
    const out = new Uint8Array(
      offset + (this.config.indexLocation === "end" ? indexBytes.length : 0),
    );
    let at = 0;
    if (this.config.indexLocation === "start") {
      out.set(indexBytes, 0);
      at = indexBytes.length;
    }
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    if (this.config.indexLocation === "end") out.set(indexBytes, at);
    return out;
  }

  private async encodeIndex(index: ShardIndex, layout: ShardLayout): Promise<Uint8Array> {
    const bytes = await encodeShardIndex(index, this.index, layout);
    if (bytes.length !== this.indexSize) {
      throw new MetadataError(
        `the "index_codecs" of codec "${this.name}" in ${this.where} encoded ${bytes.length} bytes, expected ${this.indexSize}`,
      );
    }
    return bytes;
  }

  private encodeIndexOnly(layout: ShardLayout): Promise<Uint8Array> {
    return this.encodeIndex(ShardIndex.empty(layout.chunkCount), layout);
  }
}

function parseShardingConfigFor(
  config: ShardingConfig,
  spec: ChunkSpec,
  where: string,
): ShardingConfig {
  // re-validates divisibility for a shard shape other than the one the codec was made for
  return parseShardingConfig(
    {
      chunk_shape: [...config.chunkShape],
      codecs: config.codecs,
      index_codecs: config.indexCodecs,
      index_location: config.indexLocation,
    },
    spec.shape,
    where,
  );
}

/** Every element of a chunk shape, as projections. */
export function fullSelection(shape: readonly number[]): DimProjection[] {
  return shape.map((n) => ({ kind: "range", start: 0, step: 1, count: n }));
}

/** Where inner chunk `coords` sits inside the shard, as projections. */
function placement(layout: ShardLayout, coords: readonly number[]): DimProjection[] {
  return coords.map((c, d) => {
    const n = layout.chunkShape[d];
    return { kind: "range", start: c * n, step: 1, count: n };
  });
}

/** Makes the codec: validates the configuration and builds the inner and index pipelines. */
export const shardingFactory: CodecFactory = async (configuration, spec, ctx) => {
  const config = parseShardingConfig(configuration, spec.shape, ctx.where);
  const layout = shardLayout(config, spec);
  const [inner, index] = await Promise.all([
    ctx.createPipeline(config.codecs, layout.innerSpec),
    ctx.createPipeline(config.indexCodecs, layout.indexSpec),
  ]);
  const indexSize = index.encodedSize(layout.indexSpec);
  if (indexSize === undefined) {
    throw new MetadataError(
      `the "index_codecs" of codec "${SHARDING_CODEC_NAME}" in ${ctx.where} must have a fixed-size output (such as bytes + crc32c), got ${config.indexCodecs.map((c) => c.name).join(", ")}`,
    );
  }
  return new ShardingCodec(config, layout, inner, index, indexSize, ctx.where);
};

/** Adds `sharding_indexed` to a registry (the default registry has it already). */
export function registerShardingCodec(registry: CodecRegistry): CodecRegistry {
  return registry.register(SHARDING_CODEC_NAME, shardingFactory);
}
