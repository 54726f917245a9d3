/**
 * Each WebAssembly module's bytes, as base64 in a module of its own (`*.wasm.ts`) that
 * loads on first use. The self-contained decode worker (scripts/build-worker.ts) is
 * built with wasm-base64-none.ts in this file's place: its modules come from the pool.
 */
import type { WasmModuleName } from "./wasm-modules.js";

export const base64Loaders: Record<WasmModuleName, () => Promise<string>> | undefined = {
  "blosc-decode": () => import("./blosc-decode.wasm.js").then((m) => m.wasmBase64),
  "blosc-encode": () => import("./blosc-encode.wasm.js").then((m) => m.wasmBase64),
  "zstd-decode": () => import("./zstd-decode.wasm.js").then((m) => m.wasmBase64),
  "zstd-encode": () => import("./zstd-encode.wasm.js").then((m) => m.wasmBase64),
  lz4: () => import("./lz4.wasm.js").then((m) => m.wasmBase64),
  bz2: () => import("./bz2.wasm.js").then((m) => m.wasmBase64),
  zlib: () => import("./zlib.wasm.js").then((m) => m.wasmBase64),
  "deflate-decode": () => import("./deflate-decode.wasm.js").then((m) => m.wasmBase64),
};
