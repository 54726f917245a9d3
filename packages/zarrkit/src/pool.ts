/**
 * The shared decode pool zarrkit's arrays use by default: one WorkerPool for the
 * page or process, created on first use with one worker per logical processor.
 * Workers are unref'd while idle (Node scripts exit when done) and receive the
 * WebAssembly codec modules compiled once here.
 *
 *   configureWorkers({ size: 4 })   // before or between reads; 0 decodes inline
 *   setWorkerPool(myPool)           // a pool of your own (e.g. a bundler-made Worker)
 */
import { compileWasmModule, WASM_MODULE_NAMES, type WasmModuleName } from "@zarrkit/codecs/wasm";
import { type CodecRegistry, defaultCodecRegistry, ZarrError } from "@zarrkit/core";
import {
  createNodeWorker,
  createWebWorker,
  defaultPoolSize,
  type PortLike,
  WorkerPool,
} from "@zarrkit/workers";
import { decodeHandlers } from "./decode-handlers.js";
import type { DecodeWorkerInit } from "./serve-decode-worker.js";

export interface WorkerConfig {
  /** Workers in the pool (default: logical processors); 0 decodes on the calling thread. */
  size?: number;
  /** Starts one decode worker (default: decode-worker.js next to this module). */
  createWorker?: () => PortLike | Promise<PortLike>;
  /** Milliseconds after which an idle worker is terminated (default: never). */
  idleTimeout?: number;
}

export interface DecodePoolOptions extends WorkerConfig {
  /** The worker entry script (default: this package's decode-worker). */
  entry?: URL | string;
  /** Codecs for a size-0 (inline) pool (default: the default registry). */
  registry?: CodecRegistry;
}

let config: WorkerConfig = {};
let current: Promise<WorkerPool> | undefined;
/** True when `current` was made here (and so is ours to terminate on reconfigure). */
let owned = false;
/** `current` once started, when made here. */
let started: WorkerPool | undefined;

/** Changes the default pool's settings; the next read starts a pool with them. */
export function configureWorkers(options: WorkerConfig): void {
  const size = options.size;
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) {
    throw new ZarrError("worker", `worker pool size must be a non-negative integer, got ${size}`);
  }
  config = { ...options };
  replace(undefined);
}

/** Uses `pool` as the default pool (undefined: go back to a lazily created one). */
export function setWorkerPool(pool: WorkerPool | undefined): void {
  replace(pool === undefined ? undefined : Promise.resolve(pool));
}

/**
 * The default pool, created on first call, and again after someone terminated it (at
 * shutdown, in a test's teardown): it is shared by every array of the process, and a
 * terminated one would fail all their reads from then on.
 */
export function getWorkerPool(): Promise<WorkerPool> {
  if (owned && started?.terminated) current = undefined;
  if (current === undefined) {
    const pending = createDecodePool(config);
    current = pending;
    owned = true;
    started = undefined;
    pending.then(
      (pool) => {
        if (current === pending) started = pool;
      },
      // a failed start (no Worker support) may succeed with another configuration
      () => {
        if (current === pending) current = undefined;
      },
    );
  }
  return current;
}

/** The default pool's size without starting it (0 means reads decode inline). */
export function workerPoolSize(): number {
  return config.size ?? defaultPoolSize();
}

function replace(next: Promise<WorkerPool> | undefined): void {
  const previous = owned ? current : undefined;
  current = next;
  owned = false;
  started = undefined;
  void previous?.then(retireWhenIdle, () => {});
}

/** Terminates a replaced pool once the reads still running on it are done. */
function retireWhenIdle(pool: WorkerPool): void {
  const { busy, queued } = pool.stats();
  if (busy === 0 && queued === 0) {
    void pool.terminate();
    return;
  }
  const timer = setTimeout(() => retireWhenIdle(pool), 100);
  (timer as { unref?: () => void }).unref?.();
}

/** A new pool of decode workers, with the WASM codec modules compiled once for all. */
export async function createDecodePool(options: DecodePoolOptions = {}): Promise<WorkerPool> {
  const size = options.size ?? defaultPoolSize();
  if (size === 0) {
    return new WorkerPool({
      size: 0,
      inline: decodeHandlers(options.registry ?? defaultCodecRegistry),
    });
  }
  const entry = options.entry ?? decodeWorkerUrl();
  const createWorker = options.createWorker ?? (() => startWorker(entry));
  return new WorkerPool({
    size,
    createWorker,
    init: await compiledModules(),
    idleTimeout: options.idleTimeout,
  });
}

/** decode-worker.js (or .ts when running from source) next to this module. */
export function decodeWorkerUrl(): URL {
  const here = new URL(import.meta.url);
  const ext = /\.[mc]?ts$/.test(here.pathname) ? "ts" : "js";
  return new URL(`./decode-worker.${ext}`, here);
}

function startWorker(entry: URL | string): PortLike | Promise<PortLike> {
  const versions = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions;
  if (versions?.node !== undefined) return createNodeWorker(entry, { name: "zarrkit-decode" });
  return createWebWorker(entry, { name: "zarrkit-decode" });
}

let modules: Promise<DecodeWorkerInit> | undefined;

/** Every codec module, compiled in parallel (a failed one is left to the worker). */
function compiledModules(): Promise<DecodeWorkerInit> {
  modules ??= Promise.all(
    WASM_MODULE_NAMES.map((name) =>
      compileWasmModule(name).then(
        (module) => [name, module] as const,
        () => undefined,
      ),
    ),
  ).then((entries) => {
    const wasm: Partial<Record<WasmModuleName, WebAssembly.Module>> = {};
    for (const entry of entries) if (entry) wasm[entry[0]] = entry[1];
    return { wasm };
  });
  return modules;
}
