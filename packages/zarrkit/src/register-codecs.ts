/**
 * Every codec zarrkit ships, registered lazily (no codec code or WASM loads until an
 * array uses it). gzip/zlib use zlib compiled to WASM, which decodes about twice as
 * fast as the pure-JS (fflate) versions that registerPureCodecs alone provides.
 */
import { registerPureCodecs } from "@zarrkit/codecs/register-pure";
import { registerWasmCodecs, registerWasmZlibCodecs } from "@zarrkit/codecs/wasm";
import {
  type CodecLoader,
  type CodecMetadata,
  type CodecRegistry,
  defaultCodecRegistry,
  registerShardingCodec,
} from "@zarrkit/core";

/** The loaders registered here, per registry: what every decode worker has too. */
const builtins = new WeakMap<CodecRegistry, ReadonlyMap<string, CodecLoader | undefined>>();

/**
 * Registers the pure-TS and WASM codecs and sharding in `registry` (default: the one
 * arrays use). Runs on import for the default registry; call it for a registry of your own.
 */
export function registerAllCodecs(registry: CodecRegistry = defaultCodecRegistry): CodecRegistry {
  if (builtins.has(registry)) return registry;
  registerPureCodecs(registry);
  registerWasmCodecs(registry);
  registerWasmZlibCodecs(registry);
  registerShardingCodec(registry);
  builtins.set(registry, new Map(registry.names().map((name) => [name, registry.loader(name)])));
  return registry;
}

/**
 * Whether decode workers know every codec of a chain (sharding's inner chains
 * included) as `registry` does: each still has the loader registered above. A codec
 * registered (or replaced) by the app exists on this thread only; such arrays decode
 * here (worker-decoder.ts), never with the worker's idea of the codec or none.
 */
export function workersKnowCodecs(
  codecs: readonly CodecMetadata[],
  registry: CodecRegistry = defaultCodecRegistry,
): boolean {
  const known = builtins.get(registry);
  if (known === undefined) return false;
  return codecs.every((codec) => {
    const loader = known.get(codec.name);
    if (loader === undefined || registry.loader(codec.name) !== loader) return false;
    const config = codec.configuration as Record<string, unknown> | undefined;
    return ["codecs", "index_codecs"].every((key) => {
      const inner = config?.[key];
      return !Array.isArray(inner) || workersKnowCodecs(inner as CodecMetadata[], registry);
    });
  });
}
