/**
 * The body of a decode worker: every codec registered in `registry`, WebAssembly
 * modules compiled once on the main thread installed from the pool's init payload,
 * and the decode handlers served. Worker entries (decode-worker.ts, test fixtures
 * with extra codecs) call this synchronously at their top level.
 */
import { provideWasmModule, WASM_MODULE_NAMES, type WasmModuleName } from "@zarrkit/codecs/wasm";
import { type CodecRegistry, defaultCodecRegistry } from "@zarrkit/core";
import { serveWorker } from "@zarrkit/workers";
import { decodeHandlers } from "./decode-handlers.js";
import { registerAllCodecs } from "./register-codecs.js";

/** What a decode pool posts to each worker before its first task. */
export interface DecodeWorkerInit {
  /** Compiled modules by name (WebAssembly.Module is shared, not recompiled, by postMessage). */
  wasm?: Partial<Record<WasmModuleName, WebAssembly.Module>>;
}

export function serveDecodeWorker(registry: CodecRegistry = defaultCodecRegistry): Promise<void> {
  registerAllCodecs(registry);
  return serveWorker(decodeHandlers(registry), { onInit: installWasmModules });
}

function installWasmModules(init: unknown): void {
  const wasm = (init as DecodeWorkerInit | undefined)?.wasm;
  if (wasm === undefined) return;
  for (const name of WASM_MODULE_NAMES) {
    const module = wasm[name];
    if (module !== undefined) provideWasmModule(name, module);
  }
}
