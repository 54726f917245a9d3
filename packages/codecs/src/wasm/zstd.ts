/**
 * Zstandard (libzstd 1.5.4 in WebAssembly): the v3 `zstd` codec ({level, checksum}) and
 * numcodecs' "zstd" ({level?, checksum?}, defaults 1 and false), byte-identical to
 * numcodecs 0.11. Decoding checks the frame's content size against the expected size
 * before allocating, and streams frames that do not record one.
 */
import { type CodecFactory, CorruptChunkError } from "@zarrkit/core";
import { CodecConfig } from "../codec-config.js";
import { WasmBytesCodec } from "./wasm-bytes-codec.js";
import { type DecodedSink, intoBuffer, OUTPUT, type WasmExportsBase } from "./wasm-heap.js";
import { wasmModule } from "./wasm-modules.js";
import {
  decodeGrowing,
  decodeLimit,
  encodeError,
  guessCapacity,
  oversizeClaim,
  readCString,
  trapError,
  UNBOUNDED_LIMIT,
} from "./wasm-status.js";

interface ZstdDecodeExports extends WasmExportsBase {
  zk_zstd_content_size(src: number, size: number): number;
  zk_zstd_decompress(src: number, size: number, dst: number, capacity: number): number;
  zk_zstd_error_name(status: number): number;
}

interface ZstdEncodeExports extends WasmExportsBase {
  zk_zstd_compress(
    src: number,
    size: number,
    dst: number,
    capacity: number,
    level: number,
    checksum: number,
  ): number;
  zk_zstd_compress_bound(size: number): number;
  zk_zstd_error_name(status: number): number;
}

/** zstd error names for statuses below -100 (codes of libzstd). */
function zstdDetail(
  memory: WebAssembly.Memory,
  exports: { zk_zstd_error_name(s: number): number },
) {
  return (status: number) =>
    status <= -100 ? `zstd: ${readCString(memory, exports.zk_zstd_error_name(status))}` : "";
}

/**
 * Decodes every zstd frame in `bytes`; fails rather than produce more than `maxSize`
 * bytes. With `out`, decodes into it (at most `out.length` bytes) and returns the view
 * of `out` that holds the result.
 */
export function zstdDecode(
  bytes: Uint8Array,
  maxSize?: number,
  label = "zstd",
  out?: Uint8Array,
): Promise<Uint8Array> {
  return zstdDecodeTo(bytes, decodeLimit(maxSize, out), label, intoBuffer(out));
}

/** Decodes every zstd frame in `bytes` (at most `bound` bytes) and passes them to `sink`. */
export function zstdDecodeTo<T>(
  bytes: Uint8Array,
  bound: number | undefined,
  label: string,
  sink: DecodedSink<T>,
): Promise<T> {
  const module = wasmModule<ZstdDecodeExports>("zstd-decode");
  return module.run(
    (heap) => {
      const e = heap.exports;
      const limit = bound ?? UNBOUNDED_LIMIT;
      const src = heap.copyIn(bytes);
      const contentSize = e.zk_zstd_content_size(src, bytes.length);
      if (contentSize === -2) {
        throw new CorruptChunkError(`${label}: not a zstd frame (bad magic number or header)`);
      }
      if (contentSize > limit) {
        throw oversizeClaim(label, contentSize, limit, "frame header");
      }
      const initial = contentSize >= 0 ? contentSize : guessCapacity(bytes.length, bound);
      return decodeGrowing(
        heap,
        label,
        initial,
        limit,
        (dst, capacity) => e.zk_zstd_decompress(src, bytes.length, dst, capacity),
        zstdDetail(e.memory, e),
        sink,
      );
    },
    trapError(label, true),
  );
}

/** As numcodecs.zstd 0.11: one frame with the content size, optional XXH64 checksum. */
export function zstdEncode(
  bytes: Uint8Array,
  level: number,
  checksum: boolean,
  label = "zstd",
): Promise<Uint8Array> {
  const module = wasmModule<ZstdEncodeExports>("zstd-encode");
  return module.run(
    (heap) => {
      const e = heap.exports;
      const src = heap.copyIn(bytes);
      const capacity = e.zk_zstd_compress_bound(bytes.length);
      const dst = heap.scratch(OUTPUT, capacity);
      const size = e.zk_zstd_compress(src, bytes.length, dst, capacity, level, checksum ? 1 : 0);
      if (size < 0) throw encodeError(label, size, zstdDetail(e.memory, e)(size));
      return heap.copyOut(dst, size);
    },
    trapError(label, false),
  );
}

export class ZstdCodec extends WasmBytesCodec {
  constructor(
    readonly name: string,
    readonly level: number,
    readonly checksum: boolean,
    where: string,
  ) {
    super(name, where);
  }

  encode(bytes: Uint8Array): Promise<Uint8Array> {
    return zstdEncode(bytes, this.level, this.checksum, this.label);
  }

  protected decodeTo<T>(
    bytes: Uint8Array,
    limit: number | undefined,
    sink: DecodedSink<T>,
  ): Promise<T> {
    return zstdDecodeTo(bytes, limit, this.label, sink);
  }
}

// libzstd's level range: ZSTD_minCLevel() (-131072) to ZSTD_maxCLevel() (22)
const LEVELS = { min: -131072, max: 22 };

function checksumOf(config: CodecConfig, fallback: boolean | undefined): boolean {
  const value = config.configuration.checksum ?? fallback;
  if (typeof value !== "boolean") {
    throw config.error(`configuration "checksum" must be a boolean, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** v3 `zstd`: {level: int, checksum: bool}, both required by the spec. */
export const zstdFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("zstd", ctx.where, configuration);
  for (const key of Object.keys(configuration)) {
    if (key !== "level" && key !== "checksum") throw config.error(`unknown configuration "${key}"`);
  }
  return new ZstdCodec("zstd", config.int("level", LEVELS), checksumOf(config, false), ctx.where);
};

/**
 * numcodecs "zstd": {level = 1, checksum = false}. As numcodecs 0.11 does, levels below 1
 * compress as level 1 and levels above 22 as 22 (later numcodecs pass negative levels on).
 */
export const numcodecsZstdFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.zstd", ctx.where, configuration);
  const level = config.int("level", { min: LEVELS.min, max: 0x7fffffff, default: 1 });
  return new ZstdCodec(
    "numcodecs.zstd",
    Math.min(Math.max(level, 1), LEVELS.max),
    checksumOf(config, false),
    ctx.where,
  );
};
