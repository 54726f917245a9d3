/**
 * zarrkit: the batteries-included entry point. Re-exports the core API (open, slice,
 * coords, ZarrArray, ZarrGroup, errors, ...) and the stores, registers every codec in
 * the default registry (as lazy loaders: a codec's code and WASM load on first use),
 * and lets `open` take a URL or path as well as a store.
 */
import { registerPureCodecs, registerWasmCodecs } from "@zarrkit/codecs";
import {
  type CodecRegistry,
  open as coreOpen,
  type DataTypeName,
  defaultCodecRegistry,
  type OpenOptions,
  type Store,
  type ZarrArray,
  type ZarrGroup,
  type ZarrNode,
} from "@zarrkit/core";
import { resolveStore } from "@zarrkit/storage";

export { registerPureCodecs, registerWasmCodecs } from "@zarrkit/codecs";
export * from "@zarrkit/core";
export * from "@zarrkit/storage";

const filled = new WeakSet<CodecRegistry>();

/**
 * Registers the pure-TS and WASM codecs in `registry` (default: the one arrays use).
 * Runs on import for the default registry; call it for a registry of your own.
 */
export function registerAllCodecs(registry: CodecRegistry = defaultCodecRegistry): CodecRegistry {
  if (filled.has(registry)) return registry;
  filled.add(registry);
  registerPureCodecs(registry);
  registerWasmCodecs(registry);
  return registry;
}

registerAllCodecs();

/**
 * Opens an array or group in a store, or at a URL / local path / .zip file (resolved
 * with resolveStore). `kind` narrows the result and fails on the other kind.
 */
export function open(
  storeOrUrl: Store | string,
  options: OpenOptions & { kind: "array" },
): Promise<ZarrArray<DataTypeName>>;
export function open(
  storeOrUrl: Store | string,
  options: OpenOptions & { kind: "group" },
): Promise<ZarrGroup>;
export function open(storeOrUrl: Store | string, options?: OpenOptions): Promise<ZarrNode>;
export async function open(
  storeOrUrl: Store | string,
  options: OpenOptions = {},
): Promise<ZarrNode> {
  registerAllCodecs();
  const store = typeof storeOrUrl === "string" ? await resolveStore(storeOrUrl) : storeOrUrl;
  return coreOpen(store, options);
}
