/**
 * Partial reads of a sharded array: per shard, read the index with one ranged request
 * (or take it from the index cache), then only the inner chunks the selection needs
 * (one getRanges call, the store coalesces), or the whole shard when they are most of
 * it. Inner chunks decode through the array's ChunkDecoder (so they can go to workers).
 */
import type { ChunkCodecJob, ChunkDecoder } from "../chunk-decoder.js";
import type { ChunkSpec, CodecMetadata } from "../codec.js";
import { getCodecPipeline } from "../codec-pipeline.js";
import type { CodecRegistry } from "../codec-registry.js";
import type { ChunkData } from "../data-type.js";
import {
  AbortError,
  CorruptChunkError,
  MetadataError,
  StoreError,
  throwIfAborted,
  ValueChangedError,
} from "../errors.js";
import { type ScatterTarget, scatterTask } from "../indexing/scatter.js";
import type { ChunkTask, Selection } from "../indexing/types.js";
import { runBounded } from "../run-bounded.js";
import type { ByteRange, Store, StoreReadOptions } from "../store.js";
import { bytesForDecoder } from "../store-bytes.js";
import { getBytes, getRangeBytes, getRangesBytes } from "../store-reads.js";
import { decodeShardIndex, indexBytesOf, indexRange, type ShardIndex } from "./shard-index.js";
import type { ShardIndexCache } from "./shard-index-cache.js";
import { planShardedSelection, type ShardReadPlan, type ShardWork } from "./shard-plan.js";
import {
  innerChunkNumber,
  parseShardingConfig,
  SHARDING_CODEC_NAME,
  type ShardingConfig,
  type ShardLayout,
  shardLayout,
} from "./sharding-config.js";

/** Above this share of a shard's chunk bytes, a read fetches the whole shard. */
export const WHOLE_SHARD_FRACTION = 0.5;

/** What a shard reader needs from its array. */
export interface ShardReaderContext {
  readonly store: Store;
  readonly decoder: ChunkDecoder;
  /** Codecs for the index (decoded on the calling thread: it is small). */
  readonly registry: CodecRegistry;
  readonly indexCache: ShardIndexCache;
  /** The store key of a shard. */
  shardKey(coords: readonly number[]): string;
  /** For messages: the array, or a shard of it ("array 'a' chunk a/c/0/0"). */
  where(key?: string): string;
}

export interface ShardReadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Shards, and inner chunks per shard, in flight at once. */
  concurrency: number;
}

/**
 * True when partial reads apply: the codec chain is `sharding_indexed` alone (array->
 * array codecs before it, or bytes->bytes codecs after it, need the whole shard).
 */
export function isPartiallyReadable(codecs: readonly CodecMetadata[]): boolean {
  return codecs.length === 1 && codecs[0].name === SHARDING_CODEC_NAME;
}

/** A shard's chunk bytes, by inner chunk number (absent: an empty chunk). */
type ShardChunks = Map<number, Uint8Array>;

/** The index codecs, ready: a decoder and the encoded index size. */
interface IndexCodec {
  decode(bytes: Uint8Array, where: string): Promise<ShardIndex>;
  size: number;
}

export class ShardReader {
  readonly config: ShardingConfig;
  readonly layout: ShardLayout;
  private readonly innerJob: Omit<ChunkCodecJob, "where">;
  private index?: Promise<IndexCodec>;
  /** Shard index loads in flight, by shard key (sharedIndexLoad). */
  private readonly indexLoads = new Map<string, Promise<ShardIndex | undefined>>();

  /** `shardSpec` is the array's chunk spec (a whole shard); `codecs` the array's chain. */
  constructor(
    codecs: readonly CodecMetadata[],
    shardSpec: ChunkSpec,
    private readonly ctx: ShardReaderContext,
  ) {
    if (!isPartiallyReadable(codecs)) {
      throw new MetadataError(
        `${ctx.where()} is not read shard by shard: its codecs are ${codecs.map((c) => c.name).join(", ")}`,
      );
    }
    this.config = parseShardingConfig(codecs[0].configuration ?? {}, shardSpec.shape, ctx.where());
    this.layout = shardLayout(this.config, shardSpec);
    this.innerJob = { codecs: this.config.codecs, spec: this.layout.innerSpec };
  }

  plan(shape: readonly number[], selection?: Selection): ShardReadPlan {
    return planShardedSelection(shape, this.layout.shardShape, this.layout.chunkShape, selection);
  }

  /** Reads every shard of `plan` into `target`. */
  async read(plan: ShardReadPlan, target: ScatterTarget, options: ShardReadOptions): Promise<void> {
    const { signal, onProgress, concurrency } = options;
    const total = plan.taskCount;
    let done = 0;
    const finished = (): void => {
      done++;
      onProgress?.({ done, total });
    };
    await runBounded(
      plan.shards(),
      concurrency,
      // the per-task signal also fires when another shard fails, cancelling its requests
      (work, isStopped, taskSignal) =>
        this.readShard(work, target, { ...options, signal: taskSignal }, isStopped, finished),
      signal,
    );
  }

  private async readShard(
    work: ShardWork,
    target: ScatterTarget,
    options: ShardReadOptions,
    isStopped: () => boolean,
    finished: () => void,
  ): Promise<void> {
    const { signal } = options;
    const key = this.ctx.shardKey(work.shardCoords);
    const where = this.ctx.where(key);
    const byChunk = new Map<number, ChunkTask[]>();
    for (const task of work.tasks) {
      const n = innerChunkNumber(this.layout, task.chunkCoords);
      const list = byChunk.get(n);
      if (list) list.push(task);
      else byChunk.set(n, [task]);
    }
    const chunks = await this.fetchChunks(key, where, [...byChunk.keys()], signal);
    if (isStopped()) return;
    const chunkShape = this.layout.chunkShape;
    if (chunks === undefined) {
      for (const task of work.tasks) {
        scatterTask(task, undefined, chunkShape, target);
        finished();
      }
      return;
    }
    await runBounded(
      byChunk,
      options.concurrency,
      async ([n, tasks], stopped, chunkSignal) => {
        const bytes = chunks.get(n);
        let data: ChunkData | undefined;
        if (bytes !== undefined) {
          const job = { ...this.innerJob, where: `${where} inner chunk [${tasks[0].chunkCoords}]` };
          data = (await this.ctx.decoder.decode(bytes, job, chunkSignal)).data;
        }
        if (stopped() || isStopped()) return;
        for (const task of tasks) {
          scatterTask(task, data, chunkShape, target);
          finished();
        }
      },
      signal,
    );
  }

  /**
   * Loads a shard index once for every read that wants it meanwhile (inner chunks of
   * one shard read at once would each fetch it). A read whose shared load was aborted
   * by the read that started it loads it again itself.
   */
  private async sharedIndexLoad(
    key: string,
    signal: AbortSignal | undefined,
    load: (signal: AbortSignal | undefined) => Promise<ShardIndex | undefined>,
  ): Promise<ShardIndex | undefined> {
    for (let attempt = 0; ; attempt++) {
      const joined = attempt < 3 ? this.indexLoads.get(key) : undefined;
      const pending = joined ?? load(signal);
      if (!joined) {
        this.indexLoads.set(key, pending);
        const forget = () => {
          if (this.indexLoads.get(key) === pending) this.indexLoads.delete(key);
        };
        pending.then(forget, forget);
      }
      try {
        return await pending;
      } catch (error) {
        if (!joined || !(error instanceof AbortError) || signal?.aborted) throw error;
      }
    }
  }

  /**
   * The needed inner chunks' bytes; undefined when the shard is missing. A shard
   * replaced since its index was read (the store saw another version) is read again
   * from its index, once; a cached index that failed to describe the shard is dropped.
   */
  private async fetchChunks(
    key: string,
    where: string,
    needed: readonly number[],
    signal: AbortSignal | undefined,
  ): Promise<ShardChunks | undefined> {
    try {
      return await this.fetchChunksOnce(key, where, needed, signal);
    } catch (error) {
      if (error instanceof ValueChangedError || error instanceof CorruptChunkError) {
        this.ctx.indexCache.delete?.(key);
      }
      if (!(error instanceof ValueChangedError)) throw error;
      return this.fetchChunksOnce(key, where, needed, signal);
    }
  }

  private async fetchChunksOnce(
    key: string,
    where: string,
    needed: readonly number[],
    signal: AbortSignal | undefined,
  ): Promise<ShardChunks | undefined> {
    const store = this.ctx.store;
    let version: string | undefined;
    const seen: StoreReadOptions = {
      signal,
      onVersion: (v) => {
        version = v;
      },
    };
    const cache = this.ctx.indexCache;
    const { decode, size } = await this.indexCodec();
    const location = this.config.indexLocation;
    const ranged = typeof store.getRange === "function";
    let index = cache.get(key);
    if (index === undefined) {
      if (!ranged || needed.length === this.layout.chunkCount) {
        // everything is needed (or ranges cost a whole read anyway): one request
        const whole = await getBytes(store, key, seen);
        if (whole === undefined) return undefined;
        index = await decode(indexBytesOf(whole, size, location, where), where);
        index.version = version;
        cache.set(key, index);
        return this.slice(whole, index, needed, size, where);
      }
      const loaded = await this.sharedIndexLoad(key, signal, async (loadSignal) => {
        let loadedVersion: string | undefined;
        const bytes = await getRangeBytes(store, key, indexRange(size, location), {
          signal: loadSignal,
          onVersion: (v) => {
            loadedVersion = v;
          },
        });
        if (bytes === undefined) return undefined;
        if (bytes.length > size) {
          throw new StoreError(
            `store.getRange("${key}") resolved to ${bytes.length} bytes for the ${size}-byte shard index of ${where}`,
          );
        }
        if (bytes.length < size) {
          throw new CorruptChunkError(
            `${where} is a shard of ${bytes.length} bytes, shorter than its ${size}-byte index`,
          );
        }
        const decoded = await decode(bytes, where);
        decoded.version = loadedVersion;
        cache.set(key, decoded);
        return decoded;
      });
      if (loaded === undefined) return undefined;
      index = loaded;
    }
    throwIfAborted(signal);
    // chunk reads must see the shard the index describes
    const sameShard: StoreReadOptions =
      index.version === undefined ? { signal } : { signal, ifVersion: index.version };
    const present = needed.filter((n) => !index.isEmpty(n)).sort((a, b) => a - b);
    const chunks: ShardChunks = new Map();
    if (present.length === 0) return chunks;
    let neededBytes = 0;
    for (const n of present) neededBytes += index.nbytes(n);
    if (!ranged || neededBytes > WHOLE_SHARD_FRACTION * index.dataBytes) {
      const whole = await getBytes(store, key, sameShard);
      if (whole === undefined) return this.vanished(key);
      return this.slice(whole, index, present, size, where);
    }
    const ranges: ByteRange[] = present.map((n) => index.range(n));
    const parts = await this.readRanges(key, ranges, sameShard);
    if (parts === undefined) return this.vanished(key);
    for (let i = 0; i < present.length; i++) {
      const part = parts[i];
      const { offset, length } = index.range(present[i]);
      if (part === undefined || part.length !== length) {
        throw new CorruptChunkError(
          `${where}: inner chunk ${present[i]} at bytes [${offset}, ${offset + length}) read ${part?.length ?? 0} bytes; the shard is truncated or changed since its index was read`,
        );
      }
      chunks.set(
        present[i],
        bytesForDecoder(store, this.ctx.decoder, this.innerJob, ownBytes(part)),
      );
    }
    return chunks;
  }

  private async readRanges(
    key: string,
    ranges: readonly ByteRange[],
    options: StoreReadOptions,
  ): Promise<(Uint8Array | undefined)[] | undefined> {
    const store = this.ctx.store;
    const signal = options.signal;
    if (typeof store.getRanges === "function") {
      return getRangesBytes(
        store as Required<Pick<Store, "getRanges">> & Store,
        key,
        ranges,
        options,
      );
    }
    const parts = new Array<Uint8Array | undefined>(ranges.length);
    let missing = false;
    await runBounded(
      ranges.keys(),
      8,
      async (i, _stopped, rangeSignal) => {
        parts[i] = await getRangeBytes(store, key, ranges[i], { ...options, signal: rangeSignal });
        if (parts[i] === undefined) missing = true;
      },
      signal,
    );
    return missing ? undefined : parts;
  }

  /** The shard was deleted since its index was cached: forget the index, read fill. */
  private vanished(key: string): undefined {
    this.ctx.indexCache.delete?.(key);
    return undefined;
  }

  /** Needed chunks cut from a whole shard, after checking the index fits it. */
  private slice(
    whole: Uint8Array,
    index: ShardIndex,
    needed: readonly number[],
    indexSize: number,
    where: string,
  ): ShardChunks {
    index.checkBounds(whole.length, indexSize, this.config.indexLocation, where);
    const chunks: ShardChunks = new Map();
    for (const n of needed) {
      if (index.isEmpty(n)) continue;
      const { offset, length } = index.range(n);
      // a copy: a worker decoder may transfer its input, which would detach the shard
      chunks.set(n, whole.slice(offset, offset + length));
    }
    return chunks;
  }

  /** The index pipeline and its encoded size, built once. */
  private indexCodec(): Promise<IndexCodec> {
    if (!this.index) {
      const build = async (): Promise<IndexCodec> => {
        const pipeline = await getCodecPipeline(this.config.indexCodecs, this.layout.indexSpec, {
          registry: this.ctx.registry,
          where: this.ctx.where(),
        });
        const size = pipeline.encodedSize(this.layout.indexSpec);
        if (size === undefined) {
          throw new MetadataError(
            `the "index_codecs" of codec "${SHARDING_CODEC_NAME}" in ${this.ctx.where()} must have a fixed-size output (such as bytes + crc32c)`,
          );
        }
        return {
          size,
          decode: (bytes: Uint8Array, where: string) =>
            decodeShardIndex(bytes, pipeline, this.layout, where),
        };
      };
      const pending = build();
      pending.catch(() => {
        this.index = undefined;
      });
      this.index = pending;
    }
    return this.index;
  }
}

/** `bytes` alone in its buffer (a coalesced read hands out views of one buffer). */
function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? bytes
    : bytes.slice();
}
