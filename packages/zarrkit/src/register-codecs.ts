/**
 * Every codec zarrkit ships, registered lazily (no codec code or WASM loads until an
 * array uses it). gzip/zlib use zlib compiled to WASM, which decodes about twice as
 * fast as the pure-JS (fflate) versions that registerPureCodecs alone provides.
 */
import { registerPureCodecs } from "@zarrkit/codecs/register-pure";
import { registerWasmCodecs, registerWasmZlibCodecs } from "@zarrkit/codecs/wasm";
import { type CodecRegistry, defaultCodecRegistry, registerShardingCodec } from "@zarrkit/core";

const filled = new WeakSet<CodecRegistry>();

/**
 * Registers the pure-TS and WASM codecs and sharding in `registry` (default: the one
 * arrays use). Runs on import for the default registry; call it for a registry of your own.
 */
export function registerAllCodecs(registry: CodecRegistry = defaultCodecRegistry): CodecRegistry {
  if (filled.has(registry)) return registry;
  filled.add(registry);
  registerPureCodecs(registry);
  registerWasmCodecs(registry);
  registerWasmZlibCodecs(registry);
  registerShardingCodec(registry);
  return registry;
}
