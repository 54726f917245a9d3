/**
 * A codec registry of its own for the HTTP tests (sharding, pure-TS and WASM codecs),
 * so they do not depend on what the zarrkit entry package registers on import.
 */
import { registerPureCodecs, registerWasmCodecs } from "@zarrkit/codecs";
import { CodecRegistry, registerShardingCodec } from "@zarrkit/core";

export function testRegistry(): CodecRegistry {
  const registry = registerShardingCodec(new CodecRegistry());
  registerPureCodecs(registry);
  registerWasmCodecs(registry);
  return registry;
}
