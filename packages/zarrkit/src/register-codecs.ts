/**
 * Every codec zarrkit ships, registered lazily (no codec code or WASM loads until an
 * array uses it). gzip/zlib use zlib compiled to WASM, which decodes about twice as
 * fast as the pure-JS (fflate) versions that registerPureCodecs provides.
 */
import { registerPureCodecsButZlib } from "@zarrkit/codecs/register-pure";
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
  // gzip/zlib come from WebAssembly alone, so that no bundle carries fflate's for nothing
  registerPureCodecsButZlib(registry);
  registerWasmCodecs(registry);
  registerWasmZlibCodecs(registry);
  registerShardingCodec(registry);
  builtins.set(registry, new Map(registry.names().map((name) => [name, registry.loader(name)])));
  return registry;
}

/**
 * Whether a chain (sharding's inner chains included) uses a codec the app registered in
 * `registry` itself, or a built-in name it replaced: one whose loader is not the one
 * registered above. Such a codec exists on this thread only, so its arrays decode here
 * (worker-decoder.ts), never with a worker's idea of the codec or none. Names unknown
 * here are left to the workers (a pool of the app's may serve more codecs).
 */
export function usesAppCodecs(
  codecs: readonly CodecMetadata[],
  registry: CodecRegistry = defaultCodecRegistry,
): boolean {
  const known = builtins.get(registry);
  return codecs.some((codec) => {
    const loader = registry.loader(codec.name);
    if (loader !== undefined && loader !== known?.get(codec.name)) return true;
    const config = codec.configuration as Record<string, unknown> | undefined;
    return ["codecs", "index_codecs"].some((key) => {
      const inner = config?.[key];
      return Array.isArray(inner) && usesAppCodecs(inner as CodecMetadata[], registry);
    });
  });
}
