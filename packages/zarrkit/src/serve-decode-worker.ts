/**
 * The body of a decode worker: every codec registered in `registry`, the decode
 * handlers served, and each WebAssembly module asked of the pool the first time a
 * chunk needs it (the pool compiles it once for all its workers). Worker entries
 * (decode-worker.ts, test fixtures with extra codecs) call this synchronously at
 * their top level.
 */
import { setWasmModuleSource } from "@zarrkit/codecs/wasm";
import type { CodecRegistry } from "@zarrkit/core";
import { type PoolChannel, serveWorker } from "@zarrkit/workers";
import { decodeHandlers } from "./decode-handlers.js";
import { registerAllCodecs } from "./register-codecs.js";
import type { WorkerStoreOpeners } from "./worker-stores.js";

/**
 * `stores`: the kinds of store the worker can open (worker-stores.ts), passed by each
 * entry so that a browser worker's bundle carries only the HTTP store's code.
 */
export function serveDecodeWorker(
  registry: CodecRegistry,
  stores: WorkerStoreOpeners,
): Promise<PoolChannel> {
  registerAllCodecs(registry);
  const channel = serveWorker(decodeHandlers(registry, stores));
  setWasmModuleSource(async (name) => (await channel).request<WebAssembly.Module>("wasm", name));
  return channel;
}
