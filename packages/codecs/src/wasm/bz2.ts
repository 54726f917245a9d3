/**
 * bzip2 (libbz2 1.0.8 in WebAssembly): numcodecs' "bz2" ({level = 1}, 1..9),
 * byte-identical to numcodecs 0.11 (Python's bz2 module). Concatenated streams decode
 * as one, as in Python.
 */
import type { CodecFactory } from "@zarrkit/core";
import { CodecConfig } from "../codec-config.js";
import { WasmBytesCodec } from "./wasm-bytes-codec.js";
import { type DecodedSink, intoBuffer, OUTPUT, type WasmExportsBase } from "./wasm-heap.js";
import { wasmModule } from "./wasm-modules.js";
import {
  decodeGrowing,
  decodeLimit,
  encodeError,
  guessCapacity,
  trapError,
  UNBOUNDED_LIMIT,
} from "./wasm-status.js";

interface Bz2Exports extends WasmExportsBase {
  zk_bz2_compress(src: number, size: number, dst: number, capacity: number, level: number): number;
  zk_bz2_compress_bound(size: number): number;
  zk_bz2_decompress(src: number, size: number, dst: number, capacity: number): number;
}

/**
 * Decodes bzip2 stream(s); fails rather than produce more than `maxSize` bytes. With
 * `out`, decodes into it (at most `out.length` bytes) and returns the view of `out`
 * that holds the result.
 */
export function bz2Decode(
  bytes: Uint8Array,
  maxSize?: number,
  label = "bz2",
  out?: Uint8Array,
): Promise<Uint8Array> {
  return bz2DecodeTo(bytes, decodeLimit(maxSize, out), label, intoBuffer(out));
}

/** Decodes bzip2 stream(s) (at most `bound` bytes) and passes the result to `sink`. */
export function bz2DecodeTo<T>(
  bytes: Uint8Array,
  bound: number | undefined,
  label: string,
  sink: DecodedSink<T>,
): Promise<T> {
  const module = wasmModule<Bz2Exports>("bz2");
  return module.run(
    (heap) => {
      const e = heap.exports;
      const src = heap.copyIn(bytes);
      return decodeGrowing(
        heap,
        label,
        guessCapacity(bytes.length, bound),
        bound ?? UNBOUNDED_LIMIT,
        (dst, capacity) => e.zk_bz2_decompress(src, bytes.length, dst, capacity),
        () => "",
        sink,
      );
    },
    trapError(label, true),
  );
}

export function bz2Encode(bytes: Uint8Array, level: number, label = "bz2"): Promise<Uint8Array> {
  const module = wasmModule<Bz2Exports>("bz2");
  return module.run(
    (heap) => {
      const e = heap.exports;
      const src = heap.copyIn(bytes);
      const capacity = e.zk_bz2_compress_bound(bytes.length);
      const dst = heap.scratch(OUTPUT, capacity);
      const n = e.zk_bz2_compress(src, bytes.length, dst, capacity, level);
      if (n < 0) throw encodeError(label, n);
      return heap.copyOut(dst, n);
    },
    trapError(label, false),
  );
}

export class Bz2Codec extends WasmBytesCodec {
  readonly name = "numcodecs.bz2";
  constructor(
    readonly level: number,
    where: string,
  ) {
    super("numcodecs.bz2", where);
  }

  encode(bytes: Uint8Array): Promise<Uint8Array> {
    return bz2Encode(bytes, this.level, this.label);
  }

  protected decodeTo<T>(
    bytes: Uint8Array,
    limit: number | undefined,
    sink: DecodedSink<T>,
  ): Promise<T> {
    return bz2DecodeTo(bytes, limit, this.label, sink);
  }
}

/** numcodecs "bz2": {level = 1}. */
export const numcodecsBz2Factory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.bz2", ctx.where, configuration);
  return new Bz2Codec(config.int("level", { min: 1, max: 9, default: 1 }), ctx.where);
};
