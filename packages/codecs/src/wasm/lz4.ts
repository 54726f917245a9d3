/**
 * LZ4 (lz4 1.9.4 in WebAssembly) in numcodecs' framing: a 4-byte little-endian decoded
 * size, then one LZ4 block ("numcodecs.lz4", {acceleration = 1}); byte-identical to
 * numcodecs 0.11.
 */
import { CodecError, type CodecFactory, CorruptChunkError } from "@zarrkit/core";
import { CodecConfig } from "../codec-config.js";
import { WasmBytesCodec } from "./wasm-bytes-codec.js";
import { type DecodedSink, intoBuffer, OUTPUT, type WasmExportsBase } from "./wasm-heap.js";
import { wasmModule } from "./wasm-modules.js";
import {
  decodeError,
  decodeLimit,
  encodeError,
  headerUint32,
  oversizeClaim,
  trapError,
} from "./wasm-status.js";

interface Lz4Exports extends WasmExportsBase {
  zk_lz4_compress(src: number, size: number, dst: number, capacity: number, accel: number): number;
  zk_lz4_compress_bound(size: number): number;
  zk_lz4_decompress(src: number, size: number, dst: number, capacity: number): number;
}

// LZ4_MAX_INPUT_SIZE
const MAX_INPUT = 0x7e000000;

/**
 * Decodes numcodecs' framing; fails when the header claims more than `maxSize` bytes.
 * With `out`, decodes into it (at most `out.length` bytes) and returns the view of
 * `out` that holds the result.
 */
export function lz4Decode(
  bytes: Uint8Array,
  maxSize?: number,
  label = "lz4",
  out?: Uint8Array,
): Promise<Uint8Array> {
  return lz4DecodeTo(bytes, decodeLimit(maxSize, out), label, intoBuffer(out));
}

/** Decodes numcodecs' framing (at most `limit` bytes) and passes the result to `sink`. */
export function lz4DecodeTo<T>(
  bytes: Uint8Array,
  limit: number | undefined,
  label: string,
  sink: DecodedSink<T>,
): Promise<T> {
  if (bytes.length < 4) {
    return Promise.reject(
      new CorruptChunkError(`${label}: ${bytes.length} bytes is shorter than the size header`),
    );
  }
  const size = headerUint32(bytes, 0);
  if ((limit !== undefined && size > limit) || size > MAX_INPUT) {
    return Promise.reject(oversizeClaim(label, size, limit ?? MAX_INPUT));
  }
  const module = wasmModule<Lz4Exports>("lz4");
  return module.run(
    (heap) => {
      const e = heap.exports;
      const body = bytes.subarray(4);
      const src = heap.copyIn(body);
      const dst = heap.scratch(OUTPUT, size);
      const n = e.zk_lz4_decompress(src, body.length, dst, size);
      if (n < 0) throw decodeError(label, n, size);
      if (n !== size) {
        throw new CorruptChunkError(`${label}: decoded ${n} bytes, the header says ${size}`);
      }
      return sink(heap, dst, n);
    },
    trapError(label, true),
  );
}

/** As numcodecs.lz4 0.11: LZ4_compress_fast after a 4-byte little-endian size. */
export function lz4Encode(
  bytes: Uint8Array,
  acceleration: number,
  label = "lz4",
): Promise<Uint8Array> {
  if (bytes.length > MAX_INPUT) {
    return Promise.reject(
      new CodecError(`${label}: ${bytes.length} bytes exceeds LZ4's limit of ${MAX_INPUT}`),
    );
  }
  const module = wasmModule<Lz4Exports>("lz4");
  return module.run(
    (heap) => {
      const e = heap.exports;
      const src = heap.copyIn(bytes);
      const capacity = e.zk_lz4_compress_bound(bytes.length) + 4;
      const dst = heap.scratch(OUTPUT, capacity);
      const n = e.zk_lz4_compress(src, bytes.length, dst + 4, capacity - 4, acceleration);
      if (n < 0) throw encodeError(label, n);
      const out = heap.copyOut(dst, n + 4);
      const size = bytes.length;
      out[0] = size & 0xff;
      out[1] = (size >>> 8) & 0xff;
      out[2] = (size >>> 16) & 0xff;
      out[3] = (size >>> 24) & 0xff;
      return out;
    },
    trapError(label, false),
  );
}

export class Lz4Codec extends WasmBytesCodec {
  readonly name = "numcodecs.lz4";
  constructor(
    readonly acceleration: number,
    where: string,
  ) {
    super("numcodecs.lz4", where);
  }

  encode(bytes: Uint8Array): Promise<Uint8Array> {
    return lz4Encode(bytes, this.acceleration, this.label);
  }

  protected decodeTo<T>(
    bytes: Uint8Array,
    limit: number | undefined,
    sink: DecodedSink<T>,
  ): Promise<T> {
    return lz4DecodeTo(bytes, limit, this.label, sink);
  }
}

/** numcodecs "lz4": {acceleration = 1} (values below 1 act as 1, as in LZ4). */
export const numcodecsLz4Factory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.lz4", ctx.where, configuration);
  const acceleration = config.int("acceleration", {
    min: -0x7fffffff,
    max: 0x7fffffff,
    default: 1,
  });
  return new Lz4Codec(acceleration, ctx.where);
};
