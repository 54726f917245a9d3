/**
 * Codec interfaces, split by what they map (as in the v3 spec and zarrs):
 * array -> array (transpose, delta, ...), array -> bytes (bytes, vlen-utf8, sharding),
 * bytes -> bytes (gzip, zstd, blosc, crc32c, ...). A pipeline is zero or more
 * array->array codecs, exactly one array->bytes codec, then zero or more bytes->bytes.
 */
import type { ChunkData, DataType } from "./data-type.js";
import type { FillValue } from "./fill-value-type.js";

/** A decoded chunk: data in C order for `shape` (complex as interleaved pairs). */
export interface Chunk {
  data: ChunkData;
  shape: number[];
}

/** What a codec knows about the array-shaped side of its input. */
export interface ChunkSpec {
  shape: number[];
  dataType: DataType;
  fillValue: FillValue;
}

export interface CodecMetadata {
  name: string;
  configuration?: Record<string, unknown>;
}

export interface ArrayToArrayCodec {
  readonly kind: "array_to_array";
  readonly name: string;
  /** The spec of the encoded side, given the decoded side's spec. */
  encodedSpec(decoded: ChunkSpec): ChunkSpec;
  encode(chunk: Chunk, decoded: ChunkSpec): Chunk | Promise<Chunk>;
  decode(chunk: Chunk, decoded: ChunkSpec): Chunk | Promise<Chunk>;
}

export interface ArrayToBytesCodec {
  readonly kind: "array_to_bytes";
  readonly name: string;
  encode(chunk: Chunk, spec: ChunkSpec): Uint8Array | Promise<Uint8Array>;
  decode(bytes: Uint8Array, spec: ChunkSpec): Chunk | Promise<Chunk>;
  /**
   * Optional: decodes synchronously, and the chunk may be a view of `bytes` (the bytes
   * codec). Lets a pipeline decode from bytes that are valid only during one call
   * (BytesToBytesCodec.decodeWith).
   */
  decodeView?(bytes: Uint8Array, spec: ChunkSpec): Chunk;
  /** The encoded size for fixed-size output (the bytes codec), else undefined. */
  encodedSize?(spec: ChunkSpec): number | undefined;
}

export interface BytesToBytesCodec {
  readonly kind: "bytes_to_bytes";
  readonly name: string;
  encode(bytes: Uint8Array, spec: ChunkSpec): Uint8Array | Promise<Uint8Array>;
  /**
   * `spec` is the array spec of the pipeline's array->bytes codec; `maxSize`, when
   * known, bounds the decoded size: decoders must fail rather than exceed it.
   */
  decode(bytes: Uint8Array, spec: ChunkSpec, maxSize?: number): Uint8Array | Promise<Uint8Array>;
  /**
   * Optional: decodes into `out`, failing rather than writing past its end; resolves to
   * the view of `out` holding the decoded bytes. Saves an allocation per chunk.
   */
  decodeInto?(
    bytes: Uint8Array,
    spec: ChunkSpec,
    out: Uint8Array,
  ): Uint8Array | Promise<Uint8Array>;
  /**
   * Optional: decodes (at most `maxSize` bytes) and calls `use` with the decoded bytes
   * where the codec left them, in memory it reuses (a WebAssembly module's): they are
   * valid only during that call, which is synchronous. Saves copying them out when the
   * caller copies them anyway (into a read's result). Resolves to what `use` returns.
   */
  decodeWith?<T>(
    bytes: Uint8Array,
    spec: ChunkSpec,
    maxSize: number,
    use: (decoded: Uint8Array) => T,
  ): Promise<T>;
  /** Size after encoding when it is a fixed function of the input size (crc32c: +4). */
  encodedSize?(decodedSize: number): number | undefined;
}

export type Codec = ArrayToArrayCodec | ArrayToBytesCodec | BytesToBytesCodec;

export interface CodecFactoryContext {
  /** Where the codec is used ("array 'group/temp'"), for error messages. */
  readonly where: string;
  /** Builds a nested pipeline (sharding's inner and index codecs). */
  createPipeline(codecs: readonly CodecMetadata[], spec: ChunkSpec): Promise<CodecPipelineLike>;
}

/** The part of a codec pipeline that nested codecs (sharding) call. */
export interface CodecPipelineLike {
  decode(bytes: Uint8Array, spec: ChunkSpec): Promise<Chunk>;
  encode(chunk: Chunk, spec: ChunkSpec): Promise<Uint8Array>;
  /** Encoded size when every codec has a fixed-size output (used for shard indexes). */
  encodedSize(spec: ChunkSpec): number | undefined;
}

/**
 * Makes a codec from its metadata configuration, validating it (throw CodecError or
 * MetadataError naming the codec and ctx.where on bad configuration).
 */
export type CodecFactory = (
  configuration: Record<string, unknown>,
  spec: ChunkSpec,
  ctx: CodecFactoryContext,
) => Codec | Promise<Codec>;
