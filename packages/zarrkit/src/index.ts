/**
 * zarrkit: the batteries-included entry point. Re-exports the core API (open, slice,
 * coords, ZarrArray, ZarrGroup, errors, ...) and the stores, registers every codec in
 * the default registry (as lazy loaders: a codec's code and WASM load on first use),
 * and lets `open` take a URL or path as well as a store.
 */
import {
  type ChunkDecoder,
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
import { WorkerPool } from "@zarrkit/workers";
import { workerPoolSize } from "./pool.js";
// the registration entry points, not the codecs package index: bundlers that split
// code (esbuild) would otherwise load every codec module with the first chunk
import { registerAllCodecs } from "./register-codecs.js";
import { createWorkerDecoder } from "./worker-decoder.js";

export { registerPureCodecs } from "@zarrkit/codecs/register-pure";
export { registerWasmCodecs, registerWasmZlibCodecs } from "@zarrkit/codecs/wasm";
export * from "@zarrkit/core";
export * from "@zarrkit/storage";
export { type PortLike, WorkerPool, type WorkerPoolOptions } from "@zarrkit/workers";
export {
  configureWorkers,
  createDecodePool,
  type DecodePoolOptions,
  decodeWorkerUrl,
  getWorkerPool,
  setWorkerPool,
  type WorkerConfig,
  workerPoolSize,
} from "./pool.js";
export {
  createWorkerDecoder,
  INLINE_BELOW_BYTES,
  type WorkerDecoderOptions,
} from "./worker-decoder.js";

export { registerAllCodecs };

registerAllCodecs();

export interface ZarrkitOpenOptions extends OpenOptions {
  /**
   * Where chunks decode when no `decoder` is given: a pool of your own, or 0 / false
   * for the calling thread. Default: the shared pool (pool.ts; configureWorkers), or
   * inline when a custom `registry` is given (workers only know the built-in codecs).
   */
  workers?: 0 | false | WorkerPool;
  /**
   * Reads allocate their result in a SharedArrayBuffer that workers write into
   * directly, so this thread assembles nothing (default: wherever workers can share
   * memory: Node, and cross-origin-isolated pages). Set false where a result must be
   * an ordinary ArrayBuffer (a few web APIs refuse shared views).
   */
  shared?: boolean;
}

/**
 * Opens an array or group in a store, or at a URL / local path / .zip file (resolved
 * with resolveStore). `kind` narrows the result and fails on the other kind. Chunks
 * decode in a worker pool unless `decoder` or `workers: 0` says otherwise.
 */
export function open(
  storeOrUrl: Store | string,
  options: ZarrkitOpenOptions & { kind: "array" },
): Promise<ZarrArray<DataTypeName>>;
export function open(
  storeOrUrl: Store | string,
  options: ZarrkitOpenOptions & { kind: "group" },
): Promise<ZarrGroup>;
export function open(storeOrUrl: Store | string, options?: ZarrkitOpenOptions): Promise<ZarrNode>;
export async function open(
  storeOrUrl: Store | string,
  options: ZarrkitOpenOptions = {},
): Promise<ZarrNode> {
  registerAllCodecs();
  const store = typeof storeOrUrl === "string" ? await resolveStore(storeOrUrl) : storeOrUrl;
  const { workers, shared, ...coreOptions } = options;
  const decoder = chooseDecoder(options);
  return coreOpen(store, decoder ? { ...coreOptions, decoder } : coreOptions);
}

let defaultDecoders: Map<boolean, ChunkDecoder> | undefined;

function chooseDecoder(options: ZarrkitOpenOptions): ChunkDecoder | undefined {
  if (options.decoder !== undefined) return options.decoder;
  const { workers } = options;
  const shared = options.shared ?? (isNode() || isCrossOriginIsolated());
  if (workers === 0 || workers === false) return undefined;
  if (workers instanceof WorkerPool) return createWorkerDecoder({ pool: workers, shared });
  if (options.registry !== undefined && options.registry !== defaultCodecRegistry) return undefined;
  if (workerPoolSize() === 0 || !workersAvailable()) return undefined;
  defaultDecoders ??= new Map();
  let decoder = defaultDecoders.get(shared);
  if (decoder === undefined) {
    decoder = createWorkerDecoder({ shared });
    defaultDecoders.set(shared, decoder);
  }
  return decoder;
}

function isCrossOriginIsolated(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

function isNode(): boolean {
  return (
    (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !==
    undefined
  );
}

function workersAvailable(): boolean {
  return isNode() || typeof (globalThis as { Worker?: unknown }).Worker === "function";
}

// writing: create/createGroup taking a path and plugging in the default decoder (create.ts)
export {
  create,
  createGroup,
  type ZarrkitCreateGroupOptions,
  type ZarrkitCreateOptions,
  type ZarrkitNodeOptions,
} from "./create.js";
