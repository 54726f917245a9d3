/**
 * A Zarr array (v2 or v3) and its read path: plan the selection, fetch and decode the
 * chunks it touches with bounded concurrency, and copy each into the output. The data
 * type named in metadata flows through `D` to what `get` returns.
 */
import type { ChunkCodecJob, ChunkDecoder } from "./chunk-decoder.js";
import { RegularChunkGrid } from "./chunk-grid.js";
import { chunkKey, joinPath, parseChunkKey } from "./chunk-key-encoding.js";
import type { Chunk, ChunkSpec, CodecMetadata } from "./codec.js";
import type { CodecRegistry } from "./codec-registry.js";
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
import {
  copyPoints,
  copyProjection,
  type FillElement,
  fillPoints,
  fillProjection,
} from "./indexing/copy.js";
import { planSelection } from "./indexing/plan.js";
import type { ChunkTask, Selection } from "./indexing/types.js";
import { createInlineChunkDecoder, inlineChunkDecoder } from "./inline-chunk-decoder.js";
import type { JsonObject } from "./json.js";
import type { ArrayMetadata, Attributes } from "./node-metadata.js";
import { runBounded } from "./run-bounded.js";
import { isListable, type Store } from "./store.js";

export interface ArrayOptions {
  /** Codec implementations for the inline decoder (ignored when `decoder` is given). */
  registry?: CodecRegistry;
  /** Where chunks are decoded (default: inline, on the calling thread). */
  decoder?: ChunkDecoder;
}

export interface Progress {
  /** Chunk tasks finished. */
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
  }

  get shape(): number[] {
    return [...this.nodeMetadata.shape];
  }
  get chunks(): number[] {
    return [...this.nodeMetadata.chunkShape];
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

  /** Reads a selection (numpy semantics; default everything) into a new or given buffer. */
  async get(selection?: Selection, options: GetOptions<D> = {}): Promise<GetResult<D>> {
    const { signal, onProgress } = options;
    throwIfAborted(signal);
    const plan = planSelection(this.nodeMetadata.shape, this.nodeMetadata.chunkShape, selection);
    const name = this.nodeMetadata.dataType.name;
    const components = componentsOf(name);
    const out = options.out as ChunkData | undefined;
    if (out !== undefined) this.checkOut(out, plan.size);
    const data = out ?? allocate(name, plan.size);
    const fill = fillElement(
      this.nodeMetadata.fillValue,
      this.nodeMetadata.dataType,
    ) as FillElement;
    // a fresh output already holds zeros: missing chunks with a zero fill need no writes
    const skipFill = out === undefined && isZeroFill(fill);
    const total = plan.taskCount;
    let done = 0;
    const fullShape = plan.fullShape;
    const chunkShape = this.spec.shape;

    await runBounded(
      plan.tasks(),
      options.concurrency ?? DEFAULT_CONCURRENCY,
      async (task: ChunkTask, isStopped) => {
        const chunk = await this.readChunk(task.chunkCoords, signal);
        if (isStopped()) return;
        if (chunk === undefined) {
          if (!skipFill) {
            if (task.kind === "box") {
              fillProjection(data, fullShape, task.outSelection, fill, components);
            } else {
              fillPoints(data, task.outOffsets, fill, components);
            }
          }
        } else if (task.kind === "box") {
          copyProjection(
            chunk.data,
            chunkShape,
            task.chunkSelection,
            data,
            fullShape,
            task.outSelection,
            components,
          );
        } else {
          copyPoints(chunk.data, task.chunkOffsets, data, task.outOffsets, components);
        }
        done++;
        onProgress?.({ done, total });
      },
      signal,
    );
    return { data: data as DataFor<D>, shape: plan.shape, stride: cOrderStrides(plan.shape) };
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
    const chunk = await this.readChunk(coords, options.signal);
    if (chunk) return chunk;
    const dt = this.nodeMetadata.dataType;
    return {
      data: filledData(dt, this.grid.chunkSize, fillElement(this.nodeMetadata.fillValue, dt)),
      shape: [...this.spec.shape],
    };
  }

  /** Reads and decodes one chunk; undefined when the store has no such key. */
  private async readChunk(
    coords: readonly number[],
    signal: AbortSignal | undefined,
  ): Promise<Chunk | undefined> {
    throwIfAborted(signal);
    const key = this.chunkKey(coords);
    const bytes = await this.store.get(key, { signal });
    throwIfAborted(signal);
    if (bytes === undefined) return undefined;
    return this.decoder.decode(bytes, { ...this.job, where: this.where(key) }, signal);
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

  /**
   * What the store holds for this array: chunks present and their total size. Needs a
   * listable store; sizes come from reading each chunk (use for reports, not hot paths).
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
        const value = await store.get(key, options);
        if (value) {
          bytesStored += value.length;
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

function isZeroFill(fill: FillElement): boolean {
  if (typeof fill === "number") return Object.is(fill, 0);
  if (typeof fill === "bigint") return fill === 0n;
  if (typeof fill === "string") return fill === "";
  if (fill instanceof Uint8Array) return fill.length === 0;
  if (typeof fill === "boolean") return !fill;
  return fill.every((v: number | bigint) => Object.is(v, 0) || v === 0n);
}

/** `count` elements of a data type, all equal to `fill` (non-null). */
function filledData(dataType: DataType, count: number, fill: FillValue): ChunkData {
  const data = allocate(dataType.name, count);
  if (fill === null || isZeroFill(fill)) return data;
  if (Array.isArray(data)) {
    (data as unknown[]).fill(fill);
  } else if (typeof fill === "object" && !(fill instanceof Uint8Array)) {
    const pair = data as Float32Array | Float64Array;
    for (let i = 0; i < pair.length; i += 2) {
      pair[i] = fill[0];
      pair[i + 1] = fill[1];
    }
  } else {
    (data as { fill(value: unknown): unknown }).fill(fill);
  }
  return data;
}
