/**
 * zlib 1.2.13 in WebAssembly: gzip (RFC 1952, numcodecs/Python framing: no name, mtime
 * 0, OS 255) and zlib (RFC 1950) streams, byte-identical to numcodecs 0.11. An
 * alternative to the fflate codecs in ../gzip.ts and ../zlib.ts, registered only on
 * request (see registerWasmZlibCodecs). When the decoded size is bounded (`maxSize`, or
 * decoding into `out`) libdeflate decodes (deflate-decode.ts) and zlib only takes what
 * libdeflate declines; otherwise zlib inflates, growing its output.
 */
import type { CodecFactory } from "@zarrkit/core";
import { CodecConfig } from "../codec-config.js";
import { libdeflateDecode } from "./deflate-decode.js";
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

interface ZlibExports extends WasmExportsBase {
  zk_zlib_compress(
    src: number,
    size: number,
    dst: number,
    capacity: number,
    level: number,
    windowBits: number,
  ): number;
  zk_zlib_compress_bound(size: number): number;
  zk_zlib_decompress(
    src: number,
    size: number,
    dst: number,
    capacity: number,
    windowBits: number,
  ): number;
  zk_crc32(crc: number, src: number, size: number): number;
}

export type ZlibFormat = "gzip" | "zlib";

const GZIP_HEADER = 10;
const GZIP_TRAILER = 8;

/**
 * Decodes a zlib stream or gzip member(s); fails rather than exceed `maxSize` bytes.
 * With `out`, decodes into it (at most `out.length` bytes) and returns the view of
 * `out` that holds the result.
 */
export async function zlibWasmDecode(
  bytes: Uint8Array,
  format: ZlibFormat,
  maxSize?: number,
  label: string = format,
  out?: Uint8Array,
): Promise<Uint8Array> {
  return zlibWasmDecodeTo(bytes, format, decodeLimit(maxSize, out), label, intoBuffer(out));
}

/**
 * Decodes a zlib stream or gzip member(s) (at most `bound` bytes) and passes the result
 * to `sink`: with libdeflate when the bound is known, else (or when it declines) zlib.
 */
export async function zlibWasmDecodeTo<T>(
  bytes: Uint8Array,
  format: ZlibFormat,
  bound: number | undefined,
  label: string,
  sink: DecodedSink<T>,
): Promise<T> {
  if (bound !== undefined) {
    const decoded = await libdeflateDecode(bytes, format, bound, sink);
    if (decoded !== undefined) return decoded.value;
  }
  return zlibInflate(bytes, format, bound, label, sink);
}

/**
 * zlib's inflate, the reference decoder: gzip members are decoded until the input ends;
 * a zlib stream's trailing bytes are ignored. Grows its output up to `bound`.
 */
export function zlibInflate<T>(
  bytes: Uint8Array,
  format: ZlibFormat,
  bound: number | undefined,
  label: string,
  sink: DecodedSink<T>,
): Promise<T> {
  const module = wasmModule<ZlibExports>("zlib");
  return module.run(
    (heap) => {
      const e = heap.exports;
      const src = heap.copyIn(bytes);
      const windowBits = format === "gzip" ? 31 : 15;
      return decodeGrowing(
        heap,
        label,
        guessCapacity(bytes.length, bound),
        bound ?? UNBOUNDED_LIMIT,
        (dst, capacity) => e.zk_zlib_decompress(src, bytes.length, dst, capacity, windowBits),
        () => "",
        sink,
      );
    },
    trapError(label, true),
  );
}

/** As numcodecs 0.11: zlib.compress(level), or gzip.GzipFile(mtime=0, compresslevel). */
export function zlibWasmEncode(
  bytes: Uint8Array,
  format: ZlibFormat,
  level: number,
  label: string = format,
): Promise<Uint8Array> {
  const module = wasmModule<ZlibExports>("zlib");
  return module.run(
    (heap) => {
      const e = heap.exports;
      const src = heap.copyIn(bytes);
      const capacity = e.zk_zlib_compress_bound(bytes.length) + GZIP_HEADER + GZIP_TRAILER;
      const dst = heap.scratch(OUTPUT, capacity);
      if (format === "zlib") {
        const n = e.zk_zlib_compress(src, bytes.length, dst, capacity, level, 15);
        if (n < 0) throw encodeError(label, n);
        return heap.copyOut(dst, n);
      }
      const body = dst + GZIP_HEADER;
      const n = e.zk_zlib_compress(
        src,
        bytes.length,
        body,
        capacity - GZIP_HEADER - GZIP_TRAILER,
        level,
        -15,
      );
      if (n < 0) throw encodeError(label, n);
      const crc = e.zk_crc32(0, src, bytes.length) >>> 0;
      const out = heap.copyOut(dst, GZIP_HEADER + n + GZIP_TRAILER);
      // Python's gzip header: magic, deflate, no flags, mtime 0, XFL, OS 255 (unknown)
      out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, level === 9 ? 2 : level === 1 ? 4 : 0, 255], 0);
      const view = new DataView(out.buffer, out.byteOffset + GZIP_HEADER + n, GZIP_TRAILER);
      view.setUint32(0, crc, true);
      view.setUint32(4, bytes.length >>> 0, true);
      return out;
    },
    trapError(label, false),
  );
}

export class ZlibWasmCodec extends WasmBytesCodec {
  constructor(
    readonly name: string,
    readonly format: ZlibFormat,
    readonly level: number,
    where: string,
  ) {
    super(name, where);
  }

  encode(bytes: Uint8Array): Promise<Uint8Array> {
    return zlibWasmEncode(bytes, this.format, this.level, this.label);
  }

  protected decodeTo<T>(
    bytes: Uint8Array,
    limit: number | undefined,
    sink: DecodedSink<T>,
  ): Promise<T> {
    return zlibWasmDecodeTo(bytes, this.format, limit, this.label, sink);
  }
}

function levelOf(config: CodecConfig, fallback: number | undefined): number {
  const level = config.int("level", { min: -1, max: 9, default: fallback });
  return level === -1 ? 6 : level;
}

/** v3 `gzip`: {level: 0..9}. */
export const wasmGzipFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("gzip", ctx.where, configuration);
  const level = config.int("level", { min: 0, max: 9 });
  return new ZlibWasmCodec("gzip", "gzip", level, ctx.where);
};

/** numcodecs "gzip": {level = 1}. */
export const wasmNumcodecsGzipFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.gzip", ctx.where, configuration);
  return new ZlibWasmCodec("numcodecs.gzip", "gzip", levelOf(config, 1), ctx.where);
};

/** numcodecs "zlib": {level = 1}. */
export const wasmNumcodecsZlibFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.zlib", ctx.where, configuration);
  return new ZlibWasmCodec("numcodecs.zlib", "zlib", levelOf(config, 1), ctx.where);
};
