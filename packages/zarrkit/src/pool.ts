/**
 * The shared decode pool zarrkit's arrays use by default: one WorkerPool for the
 * page or process, created on first use with one worker per logical processor.
 * Workers are unref'd while idle (Node scripts exit when done).
 *
 *   configureWorkers({ size: 4 })   // before or between reads; 0 decodes inline
 *   setWorkerPool(myPool)           // a pool of your own
 *
 * Workers start with no configuration (worker-starters.ts): in a browser from the
 * worker file the app's bundler emitted, else from the worker code this package
 * carries (a blob: URL); in Node from dist/decode-worker.js. The first worker must
 * post `ready` (worker-start.ts); when no way works (a CSP without blob:, no Worker),
 * reads decode on the calling thread and one console warning says why. A worker asks
 * the pool for each WebAssembly module the first time one of its chunks needs it; the
 * pool compiles it once and shares it with every worker, so a zstd read never loads
 * Blosc, and reads never load encoders.
 */
import { compileWasmModule, WASM_MODULE_NAMES, type WasmModuleName } from "@zarrkit/codecs/wasm";
import { type CodecRegistry, defaultCodecRegistry, ZarrError } from "@zarrkit/core";
import {
  defaultPoolSize,
  type PoolRequestHandlers,
  type PortLike,
  WorkerPool,
} from "@zarrkit/workers";
import { decodeHandlers } from "./decode-handlers.js";
import { startAndWait, startFirstWorker, type WorkerStarter } from "./worker-start.js";
import { defaultWorkerStarters, workerFile } from "./worker-starters.js";
import { WORKER_STORES } from "./worker-stores.js";

export interface WorkerConfig {
  /** Workers in the pool (default: logical processors); 0 decodes on the calling thread. */
  size?: number;
  /**
   * Starts one decode worker (default: the bundled worker file, else the carried worker
   * code; in Node decode-worker.js next to this module). Its script must serve the
   * decode handlers (`import "zarrkit/decode-worker"`).
   */
  createWorker?: () => PortLike | Promise<PortLike>;
  /** Milliseconds after which an idle worker is terminated (default: never). */
  idleTimeout?: number;
  /**
   * Milliseconds a new worker has to say it runs before the pool tries the next way to
   * start one, and in the end decodes on the calling thread (default: 10 s in browsers,
   * 60 s in Node, where a failed start is reported at once anyway).
   */
  startTimeout?: number;
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

/** A new pool of decode workers (or an inline pool, with one warning, if none starts). */
export async function createDecodePool(options: DecodePoolOptions = {}): Promise<WorkerPool> {
  const size = options.size ?? defaultPoolSize();
  const inline = () =>
    new WorkerPool({
      size: 0,
      inline: decodeHandlers(options.registry ?? defaultCodecRegistry, WORKER_STORES),
    });
  if (size === 0) return inline();
  const given = options.createWorker;
  const starters: WorkerStarter[] = given
    ? [{ name: "createWorker", start: given }]
    : defaultWorkerStarters(options.entry);
  const timeout = options.startTimeout ?? (isNode() ? 60_000 : 10_000);
  const first = await startFirstWorker(starters, timeout);
  if (first.starter === undefined) {
    warnOnce(
      `zarrkit: no decode worker could start, so chunks decode on the calling thread (${first.failures.join("; ")})`,
    );
    return inline();
  }
  const { starter } = first;
  let ready: PortLike | undefined = first.port;
  return new WorkerPool({
    size,
    createWorker: () => {
      const port = ready;
      ready = undefined;
      return port ?? startAndWait(starter, timeout);
    },
    requests: decodePoolRequests,
    idleTimeout: options.idleTimeout,
  });
}

/** decode-worker.js (or .ts when running from source) next to this module. */
export const decodeWorkerUrl: () => URL = workerFile;

/** What decode workers ask their pool for: a WebAssembly module, compiled once here. */
const decodePoolRequests: PoolRequestHandlers = {
  wasm: async (name) => {
    if (!(WASM_MODULE_NAMES as readonly unknown[]).includes(name)) {
      throw new ZarrError(
        "worker",
        `a worker asked for an unknown WebAssembly module ${String(name)}`,
      );
    }
    return { result: await compileWasmModule(name as WasmModuleName) };
  },
};

let warned = false;

function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  console.warn(message);
}

function isNode(): boolean {
  const versions = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions;
  return versions?.node !== undefined;
}
