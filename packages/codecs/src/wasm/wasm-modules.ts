/**
 * The codec modules by name. A decode worker's modules come from its pool
 * (setWasmModuleSource): the pool compiles a module (compileWasmModule) the first time
 * one of its workers needs it, and shares the compiled module with all of them.
 */
import { decodeBase64 } from "./base64.js";
import { base64Loaders } from "./wasm-base64.js";
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

/** Where modules come from when not from their base64 (in a worker: its pool). */
let moduleSource: ((name: WasmModuleName) => Promise<WebAssembly.Module>) | undefined;

/**
 * Makes every module not yet compiled come from `source` (a decode worker asks its pool,
 * which compiles each module once, on first need, and shares it with all its workers).
 */
export function setWasmModuleSource(
  source: ((name: WasmModuleName) => Promise<WebAssembly.Module>) | undefined,
): void {
  moduleSource = source;
}

function loadModule(name: WasmModuleName): Promise<WebAssembly.Module> {
  if (moduleSource !== undefined) return moduleSource(name);
  if (base64Loaders === undefined) {
    return Promise.reject(
      new Error(
        `WebAssembly module "${name}" has no source: this worker gets modules from its pool`,
      ),
    );
  }
  return base64Loaders[name]().then((text) =>
    WebAssembly.compile(decodeBase64(text) as Uint8Array<ArrayBuffer>),
  );
}

const modules = new Map<WasmModuleName, WasmModule>();

/** The (lazily compiled) module of a name, shared by every codec that uses it. */
export function wasmModule<E extends WasmExportsBase = WasmExportsBase>(
  name: WasmModuleName,
): WasmModule<E> {
  let module = modules.get(name);
  if (!module) {
    module = new WasmModule(name, () => loadModule(name));
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
