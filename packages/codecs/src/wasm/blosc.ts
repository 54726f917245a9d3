/**
 * Blosc 1 (c-blosc 1.21.3 with lz4, zlib, zstd and snappy, in WebAssembly): the v3 `blosc` codec
 * and numcodecs' "blosc", byte-identical to numcodecs 0.11 (which calls
 * blosc_compress_ctx with one thread). Decoding validates the 16-byte header and checks
 * its decoded size against the expected size before allocating.
 */
import { type ChunkSpec, CodecError, type CodecFactory, CorruptChunkError } from "@zarrkit/core";
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

interface BloscDecodeExports extends WasmExportsBase {
  zk_blosc_nbytes(src: number, size: number): number;
  zk_blosc_decompress(src: number, size: number, dst: number, capacity: number): number;
}

interface BloscEncodeExports extends WasmExportsBase {
  zk_blosc_compress(
    clevel: number,
    shuffle: number,
    typesize: number,
    src: number,
    size: number,
    dst: number,
    capacity: number,
    cname: number,
    blocksize: number,
  ): number;
}

export const BLOSC_CNAMES = ["blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"] as const;
export type BloscCname = (typeof BLOSC_CNAMES)[number];

export const BLOSC_SHUFFLES = ["noshuffle", "shuffle", "bitshuffle"] as const;
export type BloscShuffle = (typeof BLOSC_SHUFFLES)[number];

const HEADER_SIZE = 16;
const MAX_OVERHEAD = 16;
const MAX_BUFFER_SIZE = 0x7fffffff - MAX_OVERHEAD;
// compressor format codes in header byte 2, bits 5..7
const FORMAT_NAMES = ["blosclz", "lz4", "snappy", "zlib", "zstd"];
// header byte 2: the frame holds its bytes uncompressed
const MEMCPYED = 0x02;

export interface BloscOptions {
  cname: BloscCname;
  clevel: number;
  shuffle: BloscShuffle;
  typesize: number;
  /** 0 lets blosc choose. */
  blocksize: number;
}

/**
 * Decodes one blosc 1 frame; fails rather than produce more than `maxSize` bytes. With
 * `out`, decodes into it (at most `out.length` bytes) and returns the view of `out` that
 * holds the result.
 */
export function bloscDecode(
  bytes: Uint8Array,
  maxSize?: number,
  label = "blosc",
  out?: Uint8Array,
): Promise<Uint8Array> {
  return bloscDecodeTo(bytes, decodeLimit(maxSize, out), label, intoBuffer(out));
}

/** Decodes one blosc 1 frame (at most `limit` bytes) and passes the result to `sink`. */
export function bloscDecodeTo<T>(
  bytes: Uint8Array,
  limit: number | undefined,
  label: string,
  sink: DecodedSink<T>,
): Promise<T> {
  if (bytes.length < HEADER_SIZE) {
    return Promise.reject(
      new CorruptChunkError(`${label}: ${bytes.length} bytes is shorter than a blosc header`),
    );
  }
  // a memcpyed frame (flag 0x2) holds its bytes as they are: c-blosc then never looks at
  // the compressor its header names, and neither do we
  const memcpyed = (bytes[2] & MEMCPYED) !== 0;
  const format = bytes[2] >> 5;
  if (!memcpyed && format >= FORMAT_NAMES.length) {
    return Promise.reject(
      new CorruptChunkError(`${label}: header names unknown compressor ${format}`),
    );
  }
  // nbytes, from the header (validated again in WebAssembly before decoding)
  const nbytes = headerUint32(bytes, 4);
  if (limit !== undefined && nbytes > limit) {
    return Promise.reject(oversizeClaim(label, nbytes, limit));
  }
  const module = wasmModule<BloscDecodeExports>("blosc-decode");
  return module.run(
    (heap) => {
      const e = heap.exports;
      const src = heap.copyIn(bytes);
      const n = e.zk_blosc_nbytes(src, bytes.length);
      if (n < 0) throw decodeError(label, n, limit ?? n, "invalid blosc header");
      const dst = heap.scratch(OUTPUT, n);
      const size = e.zk_blosc_decompress(src, bytes.length, dst, n);
      if (size < 0) throw decodeError(label, size, n);
      return sink(heap, dst, size);
    },
    trapError(label, true),
  );
}

/** As numcodecs.blosc 0.11 with one thread: blosc_compress_ctx into nbytes + 16. */
export function bloscEncode(
  bytes: Uint8Array,
  options: BloscOptions,
  label = "blosc",
): Promise<Uint8Array> {
  if (bytes.length > MAX_BUFFER_SIZE) {
    return Promise.reject(
      new CodecError(`${label}: ${bytes.length} bytes exceeds blosc's limit of ${MAX_BUFFER_SIZE}`),
    );
  }
  const module = wasmModule<BloscEncodeExports>("blosc-encode");
  return module.run(
    (heap) => {
      const e = heap.exports;
      const src = heap.copyIn(bytes);
      const capacity = bytes.length + MAX_OVERHEAD;
      const dst = heap.scratch(OUTPUT, capacity);
      const size = e.zk_blosc_compress(
        options.clevel,
        BLOSC_SHUFFLES.indexOf(options.shuffle),
        options.typesize,
        src,
        bytes.length,
        dst,
        capacity,
        BLOSC_CNAMES.indexOf(options.cname),
        options.blocksize,
      );
      if (size < 0) throw encodeError(label, size);
      return heap.copyOut(dst, size);
    },
    trapError(label, false),
  );
}

export class BloscCodec extends WasmBytesCodec {
  constructor(
    readonly name: string,
    /** Options; a missing typesize is the array's item size. */
    readonly options: Omit<BloscOptions, "typesize"> & { typesize?: number },
    /** numcodecs' AUTOSHUFFLE: bitshuffle for 1-byte items, else shuffle. */
    readonly autoShuffle: boolean,
    where: string,
  ) {
    super(name, where);
  }

  encode(bytes: Uint8Array, spec: ChunkSpec): Promise<Uint8Array> {
    // numcodecs takes the typesize from the buffer's item size (1 for bytes and strings)
    const typesize = this.options.typesize ?? Math.max(spec.dataType.itemSize, 1);
    const shuffle = this.autoShuffle
      ? typesize === 1
        ? "bitshuffle"
        : "shuffle"
      : this.options.shuffle;
    return bloscEncode(bytes, { ...this.options, typesize, shuffle }, this.label);
  }

  protected decodeTo<T>(
    bytes: Uint8Array,
    limit: number | undefined,
    sink: DecodedSink<T>,
  ): Promise<T> {
    return bloscDecodeTo(bytes, limit, this.label, sink);
  }
}

const V3_KEYS = new Set(["cname", "clevel", "shuffle", "typesize", "blocksize"]);

/** v3 `blosc`: {cname, clevel, shuffle, typesize, blocksize}. */
export const bloscFactory: CodecFactory = (configuration, spec, ctx) => {
  const config = new CodecConfig("blosc", ctx.where, configuration);
  for (const key of Object.keys(configuration)) {
    if (!V3_KEYS.has(key)) throw config.error(`unknown configuration "${key}"`);
  }
  const cname = config.oneOf("cname", BLOSC_CNAMES);
  const shuffle = config.oneOf("shuffle", BLOSC_SHUFFLES, { default: "noshuffle" });
  const typesize = config.has("typesize")
    ? config.int("typesize", { min: 1, max: 255 })
    : Math.min(Math.max(spec.dataType.itemSize, 1), 255);
  return new BloscCodec(
    "blosc",
    {
      cname,
      clevel: config.int("clevel", { min: 0, max: 9 }),
      shuffle,
      typesize,
      blocksize: config.int("blocksize", { min: 0, max: MAX_BUFFER_SIZE, default: 0 }),
    },
    false,
    ctx.where,
  );
};

/** numcodecs "blosc": {cname = "lz4", clevel = 5, shuffle = 1 (-1 auto, 0, 1, 2), blocksize = 0}. */
export const numcodecsBloscFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.blosc", ctx.where, configuration);
  const cname = config.oneOf("cname", BLOSC_CNAMES, { default: "lz4" });
  const shuffle = config.int("shuffle", { min: -1, max: 2, default: 1 });
  return new BloscCodec(
    "numcodecs.blosc",
    {
      cname,
      clevel: config.int("clevel", { min: 0, max: 9, default: 5 }),
      shuffle: shuffle === -1 ? "shuffle" : BLOSC_SHUFFLES[shuffle],
      blocksize: config.int("blocksize", { min: 0, max: MAX_BUFFER_SIZE, default: 0 }),
    },
    shuffle === -1,
    ctx.where,
  );
};
