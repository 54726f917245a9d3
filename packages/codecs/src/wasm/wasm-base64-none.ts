/**
 * Stands in for wasm-base64.ts in the self-contained decode worker (scripts/build-worker.ts):
 * that worker carries no WebAssembly bytes and gets each module, compiled, from its
 * pool (setWasmModuleSource), the first time a chunk needs it.
 */
import type { WasmModuleName } from "./wasm-modules.js";

export const base64Loaders: Record<WasmModuleName, () => Promise<string>> | undefined = undefined;
