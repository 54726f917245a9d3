/**
 * Registers the WebAssembly codecs: v3 `blosc` and `zstd`, and numcodecs' "blosc",
 * "zstd", "lz4" and "bz2". Each codec's code and module load on first use.
 */
import type { CodecFactory, CodecRegistry } from "@zarrkit/core";

type Loader = () => Promise<CodecFactory>;

/** Codec name -> loader of its factory. */
export const WASM_CODECS: Readonly<Record<string, Loader>> = {
  blosc: () => import("./blosc.js").then((m) => m.bloscFactory),
  zstd: () => import("./zstd.js").then((m) => m.zstdFactory),
  "numcodecs.blosc": () => import("./blosc.js").then((m) => m.numcodecsBloscFactory),
  "numcodecs.zstd": () => import("./zstd.js").then((m) => m.numcodecsZstdFactory),
  "numcodecs.lz4": () => import("./lz4.js").then((m) => m.numcodecsLz4Factory),
  "numcodecs.bz2": () => import("./bz2.js").then((m) => m.numcodecsBz2Factory),
};

/** zlib-in-WebAssembly versions of gzip/zlib, an alternative to the fflate ones. */
export const WASM_ZLIB_CODECS: Readonly<Record<string, Loader>> = {
  gzip: () => import("./zlib-wasm.js").then((m) => m.wasmGzipFactory),
  "numcodecs.gzip": () => import("./zlib-wasm.js").then((m) => m.wasmNumcodecsGzipFactory),
  "numcodecs.zlib": () => import("./zlib-wasm.js").then((m) => m.wasmNumcodecsZlibFactory),
};

/** Adds the WebAssembly codecs to `registry` (lazily loaded). */
export function registerWasmCodecs(registry: CodecRegistry): CodecRegistry {
  for (const [name, load] of Object.entries(WASM_CODECS)) registry.register(name, { load });
  return registry;
}

/** Replaces gzip, numcodecs.gzip and numcodecs.zlib with the zlib WebAssembly versions. */
export function registerWasmZlibCodecs(registry: CodecRegistry): CodecRegistry {
  for (const [name, load] of Object.entries(WASM_ZLIB_CODECS)) registry.register(name, { load });
  return registry;
}

export { canDecodeInto, type DecodesInto } from "./decode-into.js";
export type { WasmModuleName } from "./wasm-modules.js";
export {
  compileWasmModule,
  provideWasmModule,
  setWasmModuleSource,
  WASM_MODULE_NAMES,
} from "./wasm-modules.js";
