/**
 * The body of a decode worker: every codec registered in `registry`, the decode
 * handlers served, and each WebAssembly module asked of the pool the first time a
 * chunk needs it (the pool compiles it once for all its workers). Worker entries
 * (decode-worker.ts, test fixtures with extra codecs) call this synchronously at
 * their top level.
 */
import { setWasmModuleSource } from "@zarrkit/codecs/wasm";
import { type CodecRegistry, defaultCodecRegistry } from "@zarrkit/core";
import { type PoolChannel, serveWorker } from "@zarrkit/workers";
import { decodeHandlers } from "./decode-handlers.js";
import { registerAllCodecs } from "./register-codecs.js";

export function serveDecodeWorker(
  registry: CodecRegistry = defaultCodecRegistry,
): Promise<PoolChannel> {
  registerAllCodecs(registry);
  const channel = serveWorker(decodeHandlers(registry));
  setWasmModuleSource(async (name) => (await channel).request<WebAssembly.Module>("wasm", name));
  return channel;
}
