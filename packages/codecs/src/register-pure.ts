/**
 * Registers the pure-TypeScript codecs under their v3 names and their "numcodecs.<id>"
 * names. Each loads its module only when an array first uses it.
 */
import type { CodecFactory, CodecRegistry } from "@zarrkit/core";

type Loader = () => Promise<CodecFactory>;

/** Codec name -> loader of its factory, but gzip and zlib (FFLATE_CODECS). */
export const PURE_CODECS_BUT_ZLIB: Readonly<Record<string, Loader>> = {
  bytes: () => import("./bytes.js").then((m) => m.bytesFactory),
  endian: () => import("./bytes.js").then((m) => m.endianFactory),
  transpose: () => import("./transpose.js").then((m) => m.transposeFactory),
  crc32c: () => import("./crc32c.js").then((m) => m.crc32cFactory),
  "vlen-utf8": () => import("./vlen-utf8.js").then((m) => m.vlenUtf8Factory),
  "vlen-bytes": () => import("./vlen-bytes.js").then((m) => m.vlenBytesFactory),
  "numcodecs.vlen-utf8": () => import("./vlen-utf8.js").then((m) => m.numcodecsVlenUtf8Factory),
  "numcodecs.vlen-bytes": () => import("./vlen-bytes.js").then((m) => m.numcodecsVlenBytesFactory),
  "numcodecs.json2": () => import("./json2.js").then((m) => m.json2Factory),
  "numcodecs.delta": () => import("./delta.js").then((m) => m.deltaFactory),
  "numcodecs.fixedscaleoffset": () =>
    import("./fixed-scale-offset.js").then((m) => m.fixedScaleOffsetFactory),
  "numcodecs.quantize": () => import("./quantize.js").then((m) => m.quantizeFactory),
  "numcodecs.astype": () => import("./astype.js").then((m) => m.asTypeFactory),
  "numcodecs.packbits": () => import("./packbits.js").then((m) => m.packBitsFactory),
  "numcodecs.categorize": () => import("./categorize.js").then((m) => m.categorizeFactory),
  "numcodecs.shuffle": () => import("./shuffle.js").then((m) => m.shuffleFactory),
  "numcodecs.bitround": () => import("./bitround.js").then((m) => m.bitRoundFactory),
  "numcodecs.fletcher32": () => import("./fletcher32.js").then((m) => m.fletcher32Factory),
  "numcodecs.adler32": () => import("./checksum32.js").then((m) => m.adler32Factory),
  "numcodecs.crc32": () => import("./checksum32.js").then((m) => m.crc32Factory),
  "numcodecs.crc32c": () => import("./crc32c.js").then((m) => m.numcodecsCrc32cFactory),
};

/** gzip and zlib through fflate (pure JavaScript). */
export const FFLATE_CODECS: Readonly<Record<string, Loader>> = {
  gzip: () => import("./gzip.js").then((m) => m.gzipFactory),
  "numcodecs.gzip": () => import("./gzip.js").then((m) => m.numcodecsGzipFactory),
  "numcodecs.zlib": () => import("./zlib.js").then((m) => m.zlibFactory),
};

/** Every pure-TypeScript codec: name -> loader of its factory. */
// (pure: a bundle that uses neither this nor registerPureCodecs drops it, and fflate)
export const PURE_CODECS: Readonly<Record<string, Loader>> = /* @__PURE__ */ Object.assign(
  {},
  PURE_CODECS_BUT_ZLIB,
  FFLATE_CODECS,
);

/** Adds every pure-TypeScript codec to `registry` (lazily loaded). */
export function registerPureCodecs(registry: CodecRegistry): CodecRegistry {
  return register(registry, PURE_CODECS);
}

/**
 * Adds the pure-TypeScript codecs but gzip and zlib, for a registry that takes those
 * from WebAssembly (registerWasmZlibCodecs): a bundle that never loads a codec lazily
 * (the self-contained decode worker) then carries no fflate.
 */
export function registerPureCodecsButZlib(registry: CodecRegistry): CodecRegistry {
  return register(registry, PURE_CODECS_BUT_ZLIB);
}

function register(registry: CodecRegistry, codecs: Readonly<Record<string, Loader>>) {
  for (const [name, load] of Object.entries(codecs)) registry.register(name, { load });
  return registry;
}
