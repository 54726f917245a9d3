/**
 * The codec modules by name. A worker pool sends `await compileWasmModule(name)` to its
 * workers, which call `provideWasmModule(name, module)` so they never compile again.
 */
import type { WasmExportsBase } from "./wasm-heap.js";
import { WasmModule } from "./wasm-module.js";

export const WASM_MODULE_NAMES = [
  "blosc-decode",
  "blosc-encode",
  "zstd-decode",
  "zstd-encode",
  "lz4",
  "bz2",
  "zlib",
  "deflate-decode",
] as const;

export type WasmModuleName = (typeof WASM_MODULE_NAMES)[number];

const base64Loaders: Record<WasmModuleName, () => Promise<string>> = {
  "blosc-decode": () => import("./blosc-decode.wasm.js").then((m) => m.wasmBase64),
  "blosc-encode": () => import("./blosc-encode.wasm.js").then((m) => m.wasmBase64),
  "zstd-decode": () => import("./zstd-decode.wasm.js").then((m) => m.wasmBase64),
  "zstd-encode": () => import("./zstd-encode.wasm.js").then((m) => m.wasmBase64),
  lz4: () => import("./lz4.wasm.js").then((m) => m.wasmBase64),
  bz2: () => import("./bz2.wasm.js").then((m) => m.wasmBase64),
  zlib: () => import("./zlib.wasm.js").then((m) => m.wasmBase64),
  "deflate-decode": () => import("./deflate-decode.wasm.js").then((m) => m.wasmBase64),
};

const modules = new Map<WasmModuleName, WasmModule>();

/** The (lazily compiled) module of a name, shared by every codec that uses it. */
export function wasmModule<E extends WasmExportsBase = WasmExportsBase>(
  name: WasmModuleName,
): WasmModule<E> {
  let module = modules.get(name);
  if (!module) {
    module = new WasmModule(name, base64Loaders[name]);
    modules.set(name, module);
  }
  // each name's exports are described by the codec file that uses it
  return module as unknown as WasmModule<E>;
}

/** Compiles (once) and returns a module, e.g. to post it to workers. */
export function compileWasmModule(name: WasmModuleName): Promise<WebAssembly.Module> {
  return wasmModule(name).compile();
}

/** Installs a module compiled elsewhere (in a worker: the one the main thread sent). */
export function provideWasmModule(name: WasmModuleName, module: WebAssembly.Module): void {
  wasmModule(name).provide(module);
}
