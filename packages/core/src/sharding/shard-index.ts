/**
 * A shard's index: for each inner chunk (C order), its byte offset in the shard and
 * its length, both 2^64-1 when the chunk is empty. Held as float64 pairs (exact below
 * 2^53, far past any real shard) with -1 marking empty chunks.
 */
import type { CodecPipelineLike } from "../codec.js";
import { CorruptChunkError } from "../errors.js";
import type { ByteRange } from "../store.js";
import type { IndexLocation, ShardLayout } from "./sharding-config.js";

const EMPTY_U64 = 0xffffffffffffffffn;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export class ShardIndex {
  /** [offset0, nbytes0, offset1, nbytes1, ...]; -1, -1 for an empty chunk. */
  readonly entries: Float64Array;
  /**
   * The version of the shard this index was read from, when the store told it
   * (StoreReadOptions.onVersion): later reads of its chunks ask for that version.
   */
  version: string | undefined;

  constructor(entries: Float64Array) {
    this.entries = entries;
  }

  /** An index of `chunkCount` empty chunks. */
  static empty(chunkCount: number): ShardIndex {
    return new ShardIndex(new Float64Array(chunkCount * 2).fill(-1));
  }

  get chunkCount(): number {
    return this.entries.length / 2;
  }

  isEmpty(chunk: number): boolean {
    return this.entries[2 * chunk] < 0;
  }

  offset(chunk: number): number {
    return this.entries[2 * chunk];
  }

  nbytes(chunk: number): number {
    return this.entries[2 * chunk + 1];
  }

  /** The byte range of a non-empty chunk. */
  range(chunk: number): { offset: number; length: number } {
    return { offset: this.entries[2 * chunk], length: this.entries[2 * chunk + 1] };
  }

  /** True when no chunk has data. */
  get allEmpty(): boolean {
    for (let i = 0; i < this.entries.length; i += 2) if (this.entries[i] >= 0) return false;
    return true;
  }

  /** Bytes of chunk data the index points at. */
  get dataBytes(): number {
    let sum = 0;
    for (let i = 0; i < this.entries.length; i += 2) {
      if (this.entries[i] >= 0) sum += this.entries[i + 1];
    }
    return sum;
  }

  /**
   * Checks every chunk lies inside a shard of `shardLength` bytes and outside its
   * index (`indexSize` bytes at `location`); throws CorruptChunkError naming `where`.
   */
  checkBounds(
    shardLength: number,
    indexSize: number,
    location: IndexLocation,
    where: string,
  ): void {
    const lo = location === "start" ? indexSize : 0;
    const hi = location === "start" ? shardLength : shardLength - indexSize;
    for (let i = 0; i < this.chunkCount; i++) {
      if (this.isEmpty(i)) continue;
      const offset = this.offset(i);
      const end = offset + this.nbytes(i);
      if (offset < lo || end > hi) {
        throw new CorruptChunkError(
          `shard index of ${where}: inner chunk ${i} at bytes [${offset}, ${end}) is outside the chunk data [${lo}, ${hi}) of the ${shardLength}-byte shard`,
        );
      }
    }
  }
}

/** Where the index lies in a shard, for a ranged read. */
export function indexRange(indexSize: number, location: IndexLocation): ByteRange {
  return location === "start" ? { offset: 0, length: indexSize } : { suffixLength: indexSize };
}

/** The index's bytes inside a whole shard (throws when the shard is too short). */
export function indexBytesOf(
  shard: Uint8Array,
  indexSize: number,
  location: IndexLocation,
  where: string,
): Uint8Array {
  if (shard.length < indexSize) {
    throw new CorruptChunkError(
      `${where} is a shard of ${shard.length} bytes, shorter than its ${indexSize}-byte index`,
    );
  }
  return location === "start"
    ? shard.subarray(0, indexSize)
    : shard.subarray(shard.length - indexSize);
}

/** Decodes an index through the index codecs (a bad checksum is a CorruptChunkError). */
export async function decodeShardIndex(
  bytes: Uint8Array,
  pipeline: CodecPipelineLike,
  layout: ShardLayout,
  where: string,
): Promise<ShardIndex> {
  let data: unknown;
  try {
    data = (await pipeline.decode(bytes, layout.indexSpec)).data;
  } catch (error) {
    if (error instanceof CorruptChunkError) {
      throw new CorruptChunkError(`shard index of ${where}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  if (!(data instanceof BigUint64Array) || data.length !== layout.chunkCount * 2) {
    throw new CorruptChunkError(
      `shard index of ${where} did not decode to ${layout.chunkCount * 2} uint64 values`,
    );
  }
  const entries = new Float64Array(data.length);
  for (let i = 0; i < data.length; i += 2) {
    const offset = data[i];
    const nbytes = data[i + 1];
    if (offset === EMPTY_U64 && nbytes === EMPTY_U64) {
      entries[i] = -1;
      entries[i + 1] = -1;
    } else if (offset > MAX_SAFE || nbytes > MAX_SAFE) {
      throw new CorruptChunkError(
        `shard index of ${where}: inner chunk ${i / 2} has offset ${offset} and length ${nbytes}, beyond any shard`,
      );
    } else {
      entries[i] = Number(offset);
      entries[i + 1] = Number(nbytes);
    }
  }
  return new ShardIndex(entries);
}

/** Encodes an index through the index codecs. */
export function encodeShardIndex(
  index: ShardIndex,
  pipeline: CodecPipelineLike,
  layout: ShardLayout,
): Promise<Uint8Array> {
  const entries = index.entries;
  const data = new BigUint64Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    data[i] = entries[i] < 0 ? EMPTY_U64 : BigInt(entries[i]);
  }
  return pipeline.encode({ data, shape: [...layout.indexSpec.shape] }, layout.indexSpec);
}
