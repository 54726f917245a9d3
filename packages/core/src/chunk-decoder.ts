/**
 * Where chunk bytes become arrays. Arrays decode inline by default; the zarrkit
 * package plugs in a worker-pool decoder with the same interface. Everything a
 * decoder needs is plain data (codec metadata + spec), so it can cross to a worker.
 */
import type { Chunk, ChunkSpec, CodecMetadata } from "./codec.js";

export interface ChunkCodecJob {
  /** The array's codec chain in v3 form (v2 metadata is converted to this). */
  readonly codecs: readonly CodecMetadata[];
  /** The decoded chunk's spec: chunk shape, data type, fill value. */
  readonly spec: ChunkSpec;
  /** Where the chunk lives, for error messages ("array 'a/b' chunk c/0/1"). */
  readonly where: string;
}

export interface ChunkDecoder {
  /** Decodes one chunk. May take ownership of (transfer) `bytes`. */
  decode(bytes: Uint8Array, job: ChunkCodecJob, signal?: AbortSignal): Promise<Chunk>;
  /** Encodes one chunk. May take ownership of `chunk.data`. */
  encode(chunk: Chunk, job: ChunkCodecJob, signal?: AbortSignal): Promise<Uint8Array>;
}
