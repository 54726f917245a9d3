/**
 * Where chunk bytes become arrays. Arrays decode inline by default; the zarrkit
 * package plugs in a worker-pool decoder with the same interface. Everything a
 * decoder needs is plain data (codec metadata + spec), so it can cross to a worker.
 */
import type { Chunk, ChunkSpec, CodecMetadata } from "./codec.js";
import type { TypedArray } from "./data-type.js";
import type { BoxTask, DimProjection } from "./indexing/types.js";
import type { ChunkRegion } from "./reduce/chunk-region.js";
import type { ReducePartial, ReduceRequest } from "./reduce/reduction.js";
import type { WorkerStoreRef, WorkerStoreStats } from "./store.js";

export interface ChunkCodecJob {
  /** The array's codec chain in v3 form (v2 metadata is converted to this). */
  readonly codecs: readonly CodecMetadata[];
  /** The decoded chunk's spec: chunk shape, data type, fill value. */
  readonly spec: ChunkSpec;
  /** Where the chunk lives, for error messages ("array 'a/b' chunk c/0/1"). */
  readonly where: string;
}

export interface ChunkDecoder {
  /**
   * Decodes one chunk. May take ownership of (transfer) `bytes`. A decoder that decodes
   * on the calling thread may write the decoded bytes into a buffer from `scratch`, so
   * the chunk may be a view of it (CodecPipeline.decode).
   */
  decode(
    bytes: Uint8Array,
    job: ChunkCodecJob,
    signal?: AbortSignal,
    scratch?: (size: number) => Uint8Array,
  ): Promise<Chunk>;
  /**
   * Optional, for decoders that decode on the calling thread: decodes one chunk and
   * calls `use` with it, synchronously. The chunk may be a view of memory a codec
   * reuses, valid only during that call (CodecPipeline.decodeWith): `use` copies what
   * it keeps. Resolves to what `use` returns.
   */
  decodeWith?<T>(
    bytes: Uint8Array,
    job: ChunkCodecJob,
    use: (chunk: Chunk) => T,
    signal?: AbortSignal,
    scratch?: (size: number) => Uint8Array,
  ): Promise<T>;
  /** Encodes one chunk. May take ownership of `chunk.data`. */
  encode(chunk: Chunk, job: ChunkCodecJob, signal?: AbortSignal): Promise<Uint8Array>;
  /**
   * Optional: decodes one chunk and copies the task's box straight into a shared
   * output (a worker writes its region itself; nothing is sent back).
   */
  decodeInto?(
    bytes: Uint8Array,
    job: ChunkCodecJob,
    task: BoxTask,
    target: SharedOutput,
    signal?: AbortSignal,
  ): Promise<void>;
  /**
   * Optional: decodes batches of chunks in a worker, each copied into its box of a
   * shared output, as one message per batch. A chunk comes with its bytes, or (with
   * `store`, a store a worker can open: ReadableStore.workerRef) the worker reads it
   * itself. Resolves to whether each chunk was found; an absent one is left unwritten.
   * `onStoreStats` gets what the worker's copy of the store counted (requests, bytes).
   */
  readInto?(
    store: WorkerStoreRef | undefined,
    job: Omit<ChunkCodecJob, "where">,
    chunks: readonly WorkerChunkRead[],
    target: SharedOutput,
    signal?: AbortSignal,
    onStoreStats?: (stats: WorkerStoreStats) => void,
  ): Promise<boolean[]>;
  /** Optional: decodes one chunk and reduces a region of it where it was decoded. */
  reduce?(
    bytes: Uint8Array,
    job: ChunkCodecJob,
    region: ChunkRegion,
    request: ReduceRequest,
    signal?: AbortSignal,
  ): Promise<ReducePartial>;
  /**
   * Whether the decoder may move (transfer, detaching) the bytes of a chunk with these
   * codecs to another thread: readers then give it copies of bytes a store still holds
   * (bytesForDecoder). Absent: never.
   */
  movesBytes?(job: Omit<ChunkCodecJob, "where">): boolean;
  /** True when reads should default to a SharedArrayBuffer output (decodeInto pays off). */
  readonly prefersSharedOutput?: boolean;
}

/** One chunk of a readInto batch: its key, its box, and where it goes. */
export interface WorkerChunkRead {
  readonly key: string;
  /** The chunk's stored bytes when this thread read them (else the worker reads `key`). */
  readonly bytes?: Uint8Array;
  /** For messages: "array 'a/b' chunk c/0/1". */
  readonly where: string;
  readonly chunkSelection: readonly DimProjection[];
  readonly outSelection: readonly DimProjection[];
}

/** A read's output in shared memory, as a worker sees it. */
export interface SharedOutput {
  /** A typed array over a SharedArrayBuffer. */
  readonly data: TypedArray;
  /** The plan's fullShape. */
  readonly fullShape: readonly number[];
  /** Typed-array slots per element (2 for complex). */
  readonly components: number;
  /**
   * The read's write control (output-writes.ts): copies go through writeUnlessStopped,
   * so none lands once the read has stopped.
   */
  readonly control?: Int32Array;
}
