/**
 * A Zarr array (v2 or v3) and its read path: plan the selection, fetch and decode the
 * chunks it touches with bounded concurrency, and copy each into the output. The data
 * type named in metadata flows through `D` to what `get` returns.
 */

import { type Block, type BlocksOptions, iterateBlocks } from "./blocks.js";
import { chunkBuffersFor, localChunkBuffers } from "./chunk-buffer-pool.js";
// types only: the cache's code comes with a ChunkCache object (keeps the read path small)
import type { CachedChunkSource } from "./chunk-cache/cached-chunk-source.js";
import type { ChunkCache } from "./chunk-cache/chunk-cache.js";
import type { ChunkCodecJob, ChunkDecoder } from "./chunk-decoder.js";
import { filledData, isZeroFill } from "./chunk-fill.js";
import { RegularChunkGrid } from "./chunk-grid.js";
import { chunkKey, joinPath, parseChunkKey } from "./chunk-key-encoding.js";
import { type ChunkSource, readChunk, readChunkBytes } from "./chunk-source.js";
import type { Chunk, ChunkSpec, CodecMetadata } from "./codec.js";
import { type CodecRegistry, defaultCodecRegistry } from "./codec-registry.js";
import {
  allocate,
  type ChunkData,
  componentsOf,
  type DataFor,
  type DataType,
  type DataTypeName,
  isNumeric,
  typedArrayConstructor,
} from "./data-type.js";
import { SelectionError, StoreError, throwIfAborted } from "./errors.js";
import { fillElement } from "./fill-value.js";
import type { FillValue } from "./fill-value-type.js";
import { copyProjection, type FillElement } from "./indexing/copy.js";
import { planSelection } from "./indexing/plan.js";
import { type ScatterTarget, scatterTask } from "./indexing/scatter.js";
import { slice } from "./indexing/slice.js";
import type { ChunkTask, DimProjection, OrthogonalSelection, Selection } from "./indexing/types.js";
import { createInlineChunkDecoder, inlineChunkDecoder } from "./inline-chunk-decoder.js";
import type { JsonObject } from "./json.js";
import type { ArrayMetadata, Attributes } from "./node-metadata.js";
import { outputWriteControl, stopOutputWrites } from "./output-writes.js";
import type { ReduceOptions } from "./reduce/reduce-selection.js";
import { reduceSelection } from "./reduce/reduce-selection.js";
import type { ReducePartial, ReduceRequest } from "./reduce/reduction.js";
import {
  type ArrayStats,
  type Histogram,
  type PercentileOptions,
  selectionHistogram,
  selectionPercentiles,
  selectionStats,
} from "./reduce/summaries.js";
import { runBounded } from "./run-bounded.js";
import { LruIndexCache, type ShardIndexCache } from "./sharding/shard-index-cache.js";
import { isPartiallyReadable, ShardReader } from "./sharding/shard-reader.js";
import { allocateShared, isSharedData } from "./shared-output.js";
import { isListable, type Store } from "./store.js";
import { readInWorkers } from "./worker-reads.js";
import type { ArrayWriteTarget } from "./write/array-write-target.js";
import { writeArrayAttributes } from "./write/attributes.js";
import { appendToArray, type ResizeOptions, resizeArray } from "./write/resize.js";
import { type SetOptions, writeSelection } from "./write/write-selection.js";
import type { NdArrayLike, WriteValue } from "./write/write-value.js";

export interface ArrayOptions {
  /** Codec implementations for the inline decoder (ignored when `decoder` is given). */
  registry?: CodecRegistry;
  /** Where chunks are decoded (default: inline, on the calling thread). */
  decoder?: ChunkDecoder;
  /**
   * Decoded shard indexes by shard key, for sharded arrays (default: a per-array LRU of
   * 64). Pass a shared Map-like to share indexes between arrays of one store.
   */
  indexCache?: ShardIndexCache;
  /**
   * A page's decoded-chunk cache (chunk-cache/): get(), getChunk() and blocks() then
   * read chunks through it, loaded by its scheduler and kept within its byte budget.
   * `defaultChunkCache()` is the page's shared one. Default: none (every read fetches
   * and decodes).
   */
  cache?: ChunkCache;
}

export interface Progress {
  /** Chunk tasks finished (inner chunk tasks for sharded arrays). */
  done: number;
  /** Chunk tasks in the read. */
  total: number;
}

export interface GetOptions<D extends DataTypeName> {
  signal?: AbortSignal;
  /** Called after each chunk task completes. */
  onProgress?: (progress: Progress) => void;
  /** A preallocated output of the selection's size (and the array's in-memory type). */
  out?: DataFor<D>;
  /** Chunks fetched and decoded at once (default 8). */
  concurrency?: number;
  /**
   * Allocate the result in a SharedArrayBuffer, which worker decoders write into
   * directly (default: the decoder's preference; ignored where SAB is unavailable).
   */
  shared?: boolean;
  /**
   * With a chunk cache: how soon each chunk loads (lower sooner), a number or one per
   * chunk's coordinates (a sharded array's inner chunk's), e.g. its distance from a
   * viewport's centre. Ignored without a cache.
   */
  priority?: number | ((chunkCoords: readonly number[]) => number);
}

export interface GetResult<D extends DataTypeName> {
  data: DataFor<D>;
  shape: number[];
  /** C-order element strides of `shape`. */
  stride: number[];
}

export interface StorageInfo {
  /** Sum of the stored chunk sizes in bytes. */
  bytesStored: number;
  /** Chunks present in the store. */
  chunksInitialized: number;
  /** Chunks in the grid. */
  chunksTotal: number;
}

export const DEFAULT_CONCURRENCY = 8;

export class ZarrArray<D extends DataTypeName = DataTypeName> {
  readonly kind = "array";
  readonly store: Store;
  /** The array's path in the store ("" for the root). */
  readonly path: string;
  /** The parsed metadata (v3-shaped, also for v2 arrays). */
  readonly nodeMetadata: ArrayMetadata;
  readonly grid: RegularChunkGrid;
  private readonly decoder: ChunkDecoder;
  private readonly spec: ChunkSpec;
  private readonly job: Omit<ChunkCodecJob, "where">;
  private readonly registry: CodecRegistry;
  /** Decoded shard indexes (sharded arrays only); writers delete rewritten shards' keys. */
  private readonly indexCache: ShardIndexCache;
  /** Set on first read when the array's codec chain is a partially readable sharding. */
  private shards: ShardReader | null | undefined;
  private readonly cache: ChunkCache | undefined;

  constructor(store: Store, path: string, metadata: ArrayMetadata, options: ArrayOptions = {}) {
    this.store = store;
    this.path = path;
    this.nodeMetadata = metadata;
    this.grid = new RegularChunkGrid(metadata.shape, metadata.chunkShape);
    this.decoder =
      options.decoder ??
      (options.registry ? createInlineChunkDecoder(options.registry) : inlineChunkDecoder);
    this.spec = {
      shape: [...metadata.chunkShape],
      dataType: metadata.dataType,
      fillValue: metadata.fillValue,
    };
    this.job = { codecs: metadata.codecs, spec: this.spec };
    this.registry = options.registry ?? defaultCodecRegistry;
    this.indexCache = options.indexCache ?? new LruIndexCache();
    this.cache = options.cache;
  }

  get shape(): number[] {
    return [...this.nodeMetadata.shape];
  }
  get chunks(): number[] {
    return [...this.nodeMetadata.chunkShape];
  }
  /**
   * The chunks reads go by: the grid's chunks, or a sharded array's inner chunks (what
   * GetOptions.priority and blocks() give coordinates of).
   */
  get readChunks(): number[] {
    return [...(this.shardReader()?.layout.innerSpec.shape ?? this.nodeMetadata.chunkShape)];
  }
  get dtype(): D {
    return this.nodeMetadata.dataType.name as D;
  }
  get dataType(): DataType {
    return this.nodeMetadata.dataType;
  }
  get fillValue(): FillValue {
    return this.nodeMetadata.fillValue;
  }
  get attrs(): Attributes {
    return this.nodeMetadata.attributes;
  }
  get zarrFormat(): 2 | 3 {
    return this.nodeMetadata.zarrFormat;
  }
  get order(): "C" | "F" {
    return this.nodeMetadata.order;
  }
  /** The codec chain in v3 form. */
  get codecs(): readonly CodecMetadata[] {
    return this.nodeMetadata.codecs;
  }
  get dimensionNames(): readonly (string | null)[] | null {
    return this.nodeMetadata.dimensionNames;
  }
  /** The metadata documents as stored (v3 zarr.json, or v2 { ".zarray", ".zattrs" }). */
  get metadata(): JsonObject {
    return this.nodeMetadata.raw;
  }
  get rank(): number {
    return this.nodeMetadata.shape.length;
  }
  /** Elements in the array. */
  get size(): number {
    let n = 1;
    for (const s of this.nodeMetadata.shape) n *= s;
    return n;
  }

  /** Narrows the data type: `if (arr.is("float32")) arr.get()` gives a Float32Array. */
  is<N extends DataTypeName>(dtype: N): this is ZarrArray<N> {
    return (this.nodeMetadata.dataType.name as DataTypeName) === dtype;
  }

  /** The store key of a chunk. */
  chunkKey(coords: readonly number[]): string {
    return joinPath(this.path, chunkKey(this.nodeMetadata.chunkKeyEncoding, coords));
  }

  private where(key?: string): string {
    const name = this.path === "" ? "array at the store root" : `array '${this.path}'`;
    return key === undefined ? name : `${name} chunk ${key}`;
  }

  /**
   * Reads a selection (numpy semantics; default everything) into a new or given buffer;
   * through the array's chunk cache when it has one.
   */
  async get(selection?: Selection | null, options: GetOptions<D> = {}): Promise<GetResult<D>> {
    // (async, so a bad sharding configuration rejects rather than throws)
    return this.read(selection, options, this.cachedSource());
  }

  /**
   * get(), reading chunks from `cached` (the chunk cache's source) when given, else
   * straight from the store. Until the first await it runs synchronously, so a cached
   * read has queued all its chunks when get() returns.
   */
  private async read(
    selection: Selection | null | undefined,
    options: GetOptions<D>,
    cached: CachedChunkSource | undefined,
  ): Promise<GetResult<D>> {
    const { signal, onProgress } = options;
    const sel = everythingIfNull(selection);
    throwIfAborted(signal);
    const shape = this.nodeMetadata.shape;
    const shards = cached ? undefined : this.shardReader();
    // sharded arrays are planned and read per inner chunk (sharding/shard-reader.ts)
    const shardPlan = shards?.plan(shape, sel);
    const plan = shardPlan ?? planSelection(shape, cached?.chunkShape ?? this.spec.shape, sel);
    const { size, fullShape, shape: outShape } = plan;
    const name = this.nodeMetadata.dataType.name;
    const out = options.out as ChunkData | undefined;
    if (out !== undefined) this.checkOut(out, size);
    const shared = !cached && (options.shared ?? this.decoder.prefersSharedOutput === true);
    const data =
      out ??
      (shared && shardPlan === undefined ? allocateShared(name, size) : undefined) ??
      allocate(name, size);
    // a worker decoder with a shared output copies each box itself (decodeInto)
    const into = this.decoder.decodeInto && isSharedData(data) ? data : undefined;
    const fill = fillElement(
      this.nodeMetadata.fillValue,
      this.nodeMetadata.dataType,
    ) as FillElement;
    const target: ScatterTarget = {
      data,
      fullShape,
      fill,
      // a fresh output already holds zeros: missing chunks with a zero fill need no writes
      skipFill: out === undefined && isZeroFill(fill),
      components: componentsOf(name),
    };
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    if (cached && "tasks" in plan) {
      const total = plan.taskCount;
      const { priority } = options;
      await this.cache!.readTasks(cached, plan.tasks(), target, {
        signal,
        onProgress,
        priority,
        total,
      });
    } else if (shards && shardPlan) {
      await shards.read(shardPlan, target, { signal, onProgress, concurrency });
    } else if ("tasks" in plan) {
      const total = plan.taskCount;
      let done = 0;
      const chunkShape = this.spec.shape;
      const source = this.chunkSource();
      const output = into && {
        data: into,
        fullShape,
        components: target.components,
        control: outputWriteControl(),
      };
      const buffers = chunkBuffersFor(this.decoder, output !== undefined);
      const progress = (count: number) => {
        done += count;
        onProgress?.({ done, total });
      };
      const readTask = async (
        task: ChunkTask,
        isStopped: () => boolean,
        taskSignal: AbortSignal,
      ) => {
        const read = await readChunkBytes(source, task.chunkCoords, taskSignal, buffers?.take);
        if (isStopped()) return;
        if (!read) {
          scatterTask(task, undefined, chunkShape, target);
        } else if (output && task.kind === "box") {
          await this.decoder.decodeInto!(read.bytes, read.job, task, output, taskSignal);
          buffers?.release(read.bytes);
        } else if (this.decoder.decodeWith) {
          // decoded on this thread and copied out of the codec's memory as it is scattered
          const decoder = this.decoder as ChunkDecoder & Required<Pick<ChunkDecoder, "decodeWith">>;
          await localChunkBuffers.lend((scratch) =>
            decoder.decodeWith(
              read.bytes,
              read.job,
              (chunk) => {
                if (!isStopped()) scatterTask(task, chunk.data, chunkShape, target);
              },
              taskSignal,
              scratch,
            ),
          );
          buffers?.release(read.bytes);
        } else {
          // the chunk may be a view of the bytes or of a scratch buffer: both go back
          // to the pools only after the copy
          await localChunkBuffers.lend(async (scratch) => {
            const chunk = await this.decoder.decode(read.bytes, read.job, taskSignal, scratch);
            if (isStopped()) return;
            scatterTask(task, chunk.data, chunkShape, target);
            // a worker decoder's result comes in a buffer the pool adopted: reuse it
            if (ArrayBuffer.isView(chunk.data)) {
              localChunkBuffers.releaseAdopted(chunk.data as Uint8Array);
            }
          });
          buffers?.release(read.bytes);
        }
        if (!isStopped()) progress(1);
      };
      try {
        if (output && this.decoder.readInto) {
          // batches of chunks decoded into the shared output by workers, which read the
          // chunks themselves when they can open the store
          const storeRef = this.store.workerRef?.();
          const decoder = this.decoder as ChunkDecoder & Required<Pick<ChunkDecoder, "readInto">>;
          await readInWorkers(source, decoder, storeRef, plan.tasks(), output, {
            concurrency,
            buffers,
            signal,
            onDone: progress,
            progressOf: onProgress && total,
            onMissing: (task) => scatterTask(task, undefined, chunkShape, target),
            other: readTask,
            onStoreStats: (stats) => this.store.addWorkerStats?.(stats),
          });
        } else {
          // taskSignal also fires when another chunk fails, so no request outlives get()
          await runBounded(plan.tasks(), concurrency, readTask, signal);
        }
      } catch (error) {
        // workers may still be decoding this read's chunks: none may write into the
        // output after get() rejects (the caller may reuse `out` at once)
        stopOutputWrites(output?.control);
        throw error;
      }
    }
    return { data: data as DataFor<D>, shape: outShape, stride: cOrderStrides(outShape) };
  }

  /**
   * The partial reader of a sharded array (codecs = sharding_indexed alone), made on
   * first use so a bad sharding configuration fails the read, not open().
   */
  private shardReader(): ShardReader | undefined {
    if (this.shards === undefined) {
      this.shards = isPartiallyReadable(this.nodeMetadata.codecs)
        ? new ShardReader(this.nodeMetadata.codecs, this.spec, {
            store: this.store,
            decoder: this.decoder,
            registry: this.registry,
            indexCache: this.indexCache,
            shardKey: (coords) => this.chunkKey(coords),
            where: (key) => this.where(key),
          })
        : null;
    }
    return this.shards ?? undefined;
  }

  /**
   * The decoded blocks of a selection (integers, slices, nulls), one per chunk, read
   * `concurrency` ahead and no further: streams arrays larger than memory.
   */
  blocks(
    selection?: OrthogonalSelection | null,
    options: BlocksOptions = {},
  ): AsyncGenerator<Block<D>> {
    const source = this.cachedSource() ?? this.blockSource();
    return iterateBlocks<D>(source, everythingIfNull(selection), options);
  }

  /** A chunk-parallel reduction (per-chunk partials computed in the decoder's workers). */
  reduce(
    request: ReduceRequest,
    selection?: Selection | null,
    options?: ReduceOptions,
  ): Promise<ReducePartial> {
    return reduceSelection(this.blockSource(), request, everythingIfNull(selection), options);
  }

  /** NaN-skipping count, min, max, sum and mean of a selection, in one pass. */
  stats(selection?: Selection | null, options?: ReduceOptions): Promise<ArrayStats> {
    return selectionStats(this.blockSource(), everythingIfNull(selection), options);
  }
  async min(selection?: Selection | null, options?: ReduceOptions): Promise<number> {
    return (await this.stats(selection, options)).min;
  }
  async max(selection?: Selection | null, options?: ReduceOptions): Promise<number> {
    return (await this.stats(selection, options)).max;
  }
  async sum(selection?: Selection | null, options?: ReduceOptions): Promise<number> {
    return (await this.stats(selection, options)).sum;
  }
  async mean(selection?: Selection | null, options?: ReduceOptions): Promise<number> {
    return (await this.stats(selection, options)).mean;
  }

  /** numpy.histogram of the non-NaN values (range default: [nanmin, nanmax]). */
  histogram(
    bins: number,
    range?: readonly [number, number],
    selection?: Selection | null,
    options?: ReduceOptions,
  ): Promise<Histogram> {
    return selectionHistogram(
      this.blockSource(),
      bins,
      range,
      everythingIfNull(selection),
      options,
    );
  }

  /** numpy.nanpercentile (linear), via a histogram refine pass (see reduce/summaries.ts). */
  percentiles(
    ps: readonly number[],
    selection?: Selection | null,
    options?: PercentileOptions,
  ): Promise<number[]> {
    return selectionPercentiles(this.blockSource(), ps, everythingIfNull(selection), options);
  }

  private chunkSource(): ChunkSource {
    return {
      store: this.store,
      decoder: this.decoder,
      shape: this.nodeMetadata.shape,
      chunkShape: this.spec.shape,
      dataType: this.nodeMetadata.dataType,
      fillValue: this.nodeMetadata.fillValue,
      job: this.job,
      chunkKey: (coords) => this.chunkKey(coords),
      where: (key) => this.where(key),
    };
  }

  /**
   * The chunks that blocks() and the reductions go by. A sharded array's are its inner
   * chunks, each read through the shard reader (index cached, byte ranges, decoded in
   * the workers), so memory follows the inner chunk, not the shard.
   */
  private blockSource(): ChunkSource {
    const source = this.chunkSource();
    const shards = this.shardReader();
    if (shards === undefined) return source;
    const inner = shards.layout.innerSpec.shape;
    return {
      ...source,
      chunkShape: inner,
      readDecoded: (coords, signal) => this.innerChunk(coords, inner, signal),
    };
  }

  /**
   * The source that get(), blocks() ("blocks": a sharded array's inner chunks) and
   * getChunk() ("chunks": the grid's chunks, whole shards) read through the chunk cache;
   * undefined without one.
   */
  private cachedSource(grid: "blocks" | "chunks" = "blocks"): CachedChunkSource | undefined {
    const cache = this.cache;
    if (cache === undefined) return undefined;
    const shards = this.shardReader();
    if (shards && grid === "blocks") {
      const inner = shards.layout.innerSpec.shape;
      const perShard = this.spec.shape.map((n, d) => n / inner[d]);
      return cache.source(this.blockSource(), this.cacheId(), (coords) =>
        this.chunkKey(coords.map((c, d) => Math.floor(c / perShard[d]))),
      );
    }
    return cache.source(this.chunkSource(), this.cacheId(shards !== undefined), (coords) =>
      this.chunkKey(coords),
    );
  }

  /** The array's identity in the chunk cache (whole shards apart from inner chunks). */
  private cacheId(wholeShards = false): string {
    return this.cache?.arrayId(this.store, this.path, wholeShards) ?? "";
  }

  /** An inner chunk in its whole shape; past the array's edge, the fill value. */
  private async innerChunk(
    coords: readonly number[],
    inner: readonly number[],
    signal: AbortSignal | undefined,
  ): Promise<Chunk> {
    const shape = this.nodeMetadata.shape;
    const counts = coords.map((c, d) => Math.min(inner[d], shape[d] - c * inner[d]));
    const selection = coords.map((c, d) => slice(c * inner[d], c * inner[d] + counts[d]));
    const { data } = await this.read(selection, { signal }, undefined);
    if (counts.every((n, d) => n === inner[d])) return { data, shape: [...inner] };
    const dt = this.nodeMetadata.dataType;
    const size = inner.reduce((a, n) => a * n, 1);
    const whole = filledData(dt, size, fillElement(this.nodeMetadata.fillValue, dt));
    const part: DimProjection[] = counts.map((count) => ({
      kind: "range",
      start: 0,
      step: 1,
      count,
    }));
    copyProjection(data, counts, part, whole, inner, part, componentsOf(dt.name));
    return { data: whole, shape: [...inner] };
  }

  /** A chunk decoded to its full chunk shape, or filled with the fill value when absent. */
  async getChunk(
    coords: readonly number[],
    options: { signal?: AbortSignal } = {},
  ): Promise<Chunk> {
    if (!this.grid.contains(coords)) {
      throw new SelectionError(
        `chunk [${coords}] is outside the chunk grid [${this.grid.gridShape}] of ${this.where()}`,
      );
    }
    const cached = this.cachedSource("chunks");
    const chunk = await readChunk(cached ?? this.chunkSource(), coords, options.signal);
    // a cached chunk is shared with the cache: the caller gets its own copy
    if (chunk)
      return cached ? { data: chunk.data.slice() as ChunkData, shape: chunk.shape } : chunk;
    const dt = this.nodeMetadata.dataType;
    return {
      data: filledData(dt, this.grid.chunkSize, fillElement(this.nodeMetadata.fillValue, dt)),
      shape: [...this.spec.shape],
    };
  }

  private checkOut(out: ChunkData, size: number): void {
    const name = this.nodeMetadata.dataType.name;
    const slots = size * componentsOf(name);
    let ok: boolean;
    let expected: string;
    if (isNumeric(name)) {
      const ctor = typedArrayConstructor(name);
      ok = out instanceof ctor;
      expected = ctor.name;
    } else {
      ok = Array.isArray(out);
      expected = "Array";
    }
    if (!ok) {
      throw new SelectionError(
        `out for ${this.where()} (data type ${name}) must be a ${expected}, got ${out.constructor.name}`,
      );
    }
    if (out.length !== slots) {
      throw new SelectionError(
        `out for ${this.where()} has length ${out.length}, the selection needs ${slots}`,
      );
    }
  }

  // ---- writes (write/): the array object follows its new metadata ----

  /** Writes `value` (a scalar, or an array of the selection's shape) into a selection (null: all). */
  set(
    selection: Selection | null | undefined,
    value: WriteValue,
    options: SetOptions = {},
  ): Promise<void> {
    return writeSelection(this.writeTarget(), selection, value, options);
  }

  /** Changes the shape; chunks wholly outside the new shape are deleted. */
  async resize(shape: readonly number[], options: ResizeOptions = {}): Promise<void> {
    this.adopt(await resizeArray(this.writeTarget(), shape, options));
  }

  /** Grows `axis` (default 0) by the value's extent and writes the value there. */
  async append(value: NdArrayLike | WriteValue, axis = 0, options: SetOptions = {}): Promise<void> {
    this.adopt(await appendToArray(this.writeTarget(), value, axis, options));
  }

  /** Replaces the attributes (v3: in zarr.json, v2: .zattrs). */
  async setAttrs(attributes: Attributes): Promise<void> {
    this.adopt(await writeArrayAttributes(this.writeTarget(), attributes));
  }

  private writeTarget(): ArrayWriteTarget {
    return {
      store: this.store,
      path: this.path,
      metadata: this.nodeMetadata,
      decoder: this.decoder,
      job: this.job,
      chunkKey: (coords) => this.chunkKey(coords),
      where: (key) => this.where(key),
      chunkChanged: (key) => {
        // a rewritten shard invalidates its cached index, and the chunks decoded from it
        this.indexCache?.delete?.(key);
        this.shards = undefined;
        this.cache?.invalidate(this.cacheId(), key);
        this.cache?.invalidate(this.cacheId(true), key);
      },
    };
  }

  private adopt(metadata: ArrayMetadata): void {
    if (metadata.shape.join() !== this.nodeMetadata.shape.join()) {
      // edge chunks change with the shape
      this.cache?.invalidateArray(this.cacheId());
      this.cache?.invalidateArray(this.cacheId(true));
    }
    Object.assign(this, {
      nodeMetadata: metadata,
      grid: new RegularChunkGrid(metadata.shape, metadata.chunkShape),
    });
  }

  /**
   * What the store holds for this array: chunks present and their total size. Needs a
   * listable store; sizes come from the store's getSize() (a stat, a zip's directory), or
   * from reading each chunk when it has none (use for reports, not hot paths).
   */
  async storageInfo(options: { signal?: AbortSignal } = {}): Promise<StorageInfo> {
    const store = this.store;
    if (!isListable(store)) {
      throw new StoreError(`storage info for ${this.where()} needs a store that can list keys`);
    }
    const prefix = this.path === "" ? "" : `${this.path}/`;
    const keys: string[] = [];
    const encoding = this.nodeMetadata.chunkKeyEncoding;
    for await (const key of store.list(prefix)) {
      if (!key.startsWith(prefix)) continue;
      const coords = parseChunkKey(encoding, key.slice(prefix.length), this.rank);
      if (coords && this.grid.contains(coords)) keys.push(key);
    }
    let bytesStored = 0;
    let present = 0;
    await runBounded(
      keys,
      DEFAULT_CONCURRENCY,
      async (key) => {
        const size = store.getSize
          ? await store.getSize(key, options)
          : (await store.get(key, options))?.length;
        if (size !== undefined) {
          bytesStored += size;
          present++;
        }
      },
      options.signal,
    );
    return { bytesStored, chunksInitialized: present, chunksTotal: this.grid.chunkCount };
  }
}

/** C-order element strides of a shape. */
export function cOrderStrides(shape: readonly number[]): number[] {
  const stride = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    stride[d] = acc;
    acc *= shape[d];
  }
  return stride;
}

/** `null` selects everything, as in `set` (and as `undefined` does). */
function everythingIfNull<S>(selection: S | null | undefined): S | undefined {
  return selection ?? undefined;
}
