/**
 * WorkerPool: runs named tasks on a few workers (Web Workers in browsers,
 * worker_threads in Node). It knows tasks and messages, never codecs: the worker
 * entry script decides what a method does (see serve-worker.ts).
 *
 * Design notes
 * - Slots. Each worker is a slot holding at most one task, so at most `size` tasks
 *   execute at once. Other tasks wait in a FIFO queue (a Set: ordered, O(1) removal
 *   on abort). The queue is unbounded; callers bound it (the read path keeps a
 *   fixed number of chunk tasks outstanding).
 * - Lazy. No worker exists until a task needs one. A worker that dies while idle is
 *   simply dropped and a new one is spawned when a task next needs it.
 * - Init. `init` (e.g. compiled WebAssembly.Modules, which structured clone shares
 *   rather than recompiles) is posted to every worker before its first task.
 * - Transfer. `transfer` buffers are moved, not cloned; the list is de-duplicated
 *   and SharedArrayBuffers dropped from it (they are shared by postMessage itself).
 * - Abort. A queued task leaves the queue and rejects with AbortError at once. An
 *   in-flight task rejects at once too; its worker gets a `cancel` message (the
 *   handler's ctx.signal fires) and stays busy until it replies, whose result is
 *   discarded, so the concurrency bound stays honest. `abortInFlight: "terminate"`
 *   kills that worker instead, for handlers that cannot stop early.
 * - Death. An error event, an exit or a `crash` message from a worker rejects the
 *   task it was running with ZarrError("worker") naming the method; the worker is
 *   dropped (counted in stats().replaced) and the queue goes on with a fresh one.
 *   Handler errors are not deaths: they come back as serialized errors and are
 *   rethrown with their class, name and code (serialized-error.ts).
 * - Process lifetime (Node). Idle workers are unref'd and busy ones ref'd, so an
 *   idle pool never keeps a process alive while a pending task does (unref'ing a
 *   busy worker would let `await pool.run()` at top level exit mid-task).
 *   `idleTimeout` terminates workers idle that long, releasing their memory.
 * - Requests. A worker may ask the pool for something (`requests` handlers, e.g. a
 *   WebAssembly module compiled once here the first time a worker needs it); the
 *   answer goes back to that worker only. A worker's `ready` message is ignored here
 *   (zarrkit waits for it before handing a new worker to the pool).
 * - Inline. size 0 runs `inline` handlers on the calling thread, with the same
 *   abort semantics, for environments without workers and for debugging.
 */
import { AbortError, ZarrError } from "@zarrkit/core";
import { defaultPoolSize } from "./default-pool-size.js";
import type { PortLike, Transferable } from "./port-like.js";
import { deserializeError, serializeError } from "./serialized-error.js";
import { cleanTransferList } from "./transfer-list.js";
import {
  type FromWorkerMessage,
  isFromWorkerMessage,
  type PoolRequestHandlers,
  type ToWorkerMessage,
  unknownMethodError,
  type WorkerHandler,
  type WorkerHandlers,
} from "./worker-protocol.js";

export interface WorkerPoolOptions {
  /** Number of workers; defaults to the logical processor count. 0 runs `inline` handlers. */
  size?: number;
  /** Starts one worker (required when size > 0). */
  createWorker?: () => PortLike | Promise<PortLike>;
  /** Posted once to each worker before its first task (received by serveWorker's onInit). */
  init?: unknown;
  /** Handlers run on the calling thread when size is 0. */
  inline?: WorkerHandlers;
  /** Answers to what workers ask the pool for (serveWorker's `request`). */
  requests?: PoolRequestHandlers;
  /** Milliseconds after which an idle worker is terminated; default: never. */
  idleTimeout?: number;
  /** What to do with a worker whose task was aborted; default "cancel". */
  abortInFlight?: "cancel" | "terminate";
}

export interface RunOptions {
  /** Buffers in the payload to move to the worker instead of copying. */
  transfer?: Transferable[];
  signal?: AbortSignal;
}

export interface WorkerPoolStats {
  size: number;
  /** Live workers (started or starting). */
  workers: number;
  /** Tasks executing (including aborted ones whose worker has not replied yet). */
  busy: number;
  queued: number;
  /** Workers ever started. */
  spawned: number;
  /** Workers that died unexpectedly and were dropped for a fresh one. */
  replaced: number;
}

interface Task {
  readonly id: number;
  readonly method: string;
  readonly payload: unknown;
  readonly transfer: Transferable[] | undefined;
  settled: boolean;
  slot: Slot | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  detachAbort(): void;
}

interface Slot {
  port: PortLike | undefined;
  task: Task | undefined;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Terminated by the pool or dead: every later event from it is ignored. */
  gone: boolean;
}

export class WorkerPool {
  readonly size: number;
  readonly #createWorker: (() => PortLike | Promise<PortLike>) | undefined;
  readonly #init: unknown;
  readonly #inline: WorkerHandlers | undefined;
  readonly #requests: PoolRequestHandlers;
  readonly #idleTimeout: number;
  readonly #abortInFlight: "cancel" | "terminate";
  readonly #queue = new Set<Task>();
  #slots: Slot[] = [];
  #nextId = 1;
  #spawned = 0;
  #replaced = 0;
  #inlineBusy = 0;
  #terminated = false;

  constructor(options: WorkerPoolOptions = {}) {
    const size = options.size ?? defaultPoolSize();
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new ZarrError("worker", `WorkerPool size must be a non-negative integer, got ${size}`);
    }
    if (size > 0 && options.createWorker === undefined) {
      throw new ZarrError("worker", `WorkerPool of size ${size} needs a createWorker function`);
    }
    if (size === 0 && options.inline === undefined) {
      throw new ZarrError("worker", "WorkerPool of size 0 runs inline and needs `inline` handlers");
    }
    const idleTimeout = options.idleTimeout ?? Number.POSITIVE_INFINITY;
    if (!(idleTimeout >= 0)) {
      throw new ZarrError("worker", `WorkerPool idleTimeout must be >= 0 ms, got ${idleTimeout}`);
    }
    this.size = size;
    this.#createWorker = options.createWorker;
    this.#init = options.init;
    this.#inline = options.inline;
    this.#requests = options.requests ?? {};
    this.#idleTimeout = idleTimeout;
    this.#abortInFlight = options.abortInFlight ?? "cancel";
  }

  /** Runs `method` on a worker; resolves with the handler's `result`. */
  run<T>(method: string, payload: unknown, options: RunOptions = {}): Promise<T> {
    const { signal } = options;
    if (this.#terminated) {
      return Promise.reject(
        new ZarrError("worker", `cannot run "${method}": the worker pool is terminated`),
      );
    }
    if (signal?.aborted) return Promise.reject(abortError(method, signal));
    if (this.size === 0) return this.#runInline<T>(method, payload, signal);
    return new Promise<T>((resolve, reject) => {
      const task: Task = {
        id: this.#nextId++,
        method,
        payload,
        transfer: options.transfer,
        settled: false,
        slot: undefined,
        resolve: resolve as (value: unknown) => void,
        reject,
        detachAbort: () => {},
      };
      if (signal !== undefined) {
        const onAbort = () => this.#abort(task, signal);
        signal.addEventListener("abort", onAbort, { once: true });
        task.detachAbort = () => signal.removeEventListener("abort", onAbort);
      }
      this.#queue.add(task);
      this.#dispatch();
    });
  }

  /** True once terminate() was called: every later run() rejects. */
  get terminated(): boolean {
    return this.#terminated;
  }

  /** Terminates every worker; queued and running tasks reject with ZarrError("worker"). */
  async terminate(): Promise<void> {
    this.#terminated = true;
    for (const task of this.#queue) {
      this.#settle(task, false, terminatedError(task));
    }
    this.#queue.clear();
    const slots = this.#slots;
    this.#slots = [];
    const stopping: unknown[] = [];
    for (const slot of slots) {
      slot.gone = true;
      clearTimeout(slot.idleTimer);
      if (slot.task !== undefined) this.#settle(slot.task, false, terminatedError(slot.task));
      if (slot.port !== undefined) stopping.push(safeTerminate(slot.port));
    }
    await Promise.all(stopping);
  }

  stats(): WorkerPoolStats {
    let busy = this.#inlineBusy;
    for (const slot of this.#slots) if (slot.task !== undefined) busy++;
    return {
      size: this.size,
      workers: this.#slots.length,
      busy,
      queued: this.#queue.size,
      spawned: this.#spawned,
      replaced: this.#replaced,
    };
  }

  /** Starts queued tasks while a worker is idle or another may be spawned. */
  #dispatch(): void {
    while (this.#queue.size > 0 && !this.#terminated) {
      const idle = this.#slots.find((s) => s.task === undefined && s.port !== undefined);
      if (idle === undefined && this.#slots.length >= this.size) return;
      const task = this.#queue.values().next().value as Task;
      this.#queue.delete(task);
      if (idle !== undefined) {
        idle.task = task;
        task.slot = idle;
        this.#start(idle);
      } else {
        this.#spawn(task);
      }
    }
  }

  #spawn(task: Task): void {
    const slot: Slot = { port: undefined, task, idleTimer: undefined, gone: false };
    task.slot = slot;
    this.#slots.push(slot);
    this.#spawned++;
    let created: PortLike | Promise<PortLike>;
    try {
      created = this.#createWorker!();
    } catch (error) {
      created = Promise.reject(error);
    }
    if (isPromiseLike(created)) {
      created.then(
        (port) => this.#attach(slot, port),
        (error: unknown) => this.#startFailed(slot, error),
      );
    } else {
      this.#attach(slot, created);
    }
  }

  #attach(slot: Slot, port: PortLike): void {
    if (slot.gone) {
      void safeTerminate(port); // the pool was terminated while this worker started
      return;
    }
    slot.port = port;
    port.onMessage((message) => this.#onMessage(slot, message));
    port.onError((error) => this.#onDeath(slot, `uncaught error: ${error.message}`, error));
    port.onExit((code) => this.#onDeath(slot, `exited with code ${code}`, undefined));
    try {
      this.#post(port, { type: "init", init: this.#init });
    } catch (error) {
      this.#onDeath(slot, `could not send the init payload: ${messageOf(error)}`, error);
      return;
    }
    this.#start(slot);
  }

  #startFailed(slot: Slot, error: unknown): void {
    if (slot.gone) return;
    this.#drop(slot);
    const task = slot.task;
    if (task !== undefined) {
      const message = `could not start a worker for "${task.method}": ${messageOf(error)}`;
      this.#settle(task, false, new ZarrError("worker", message, { cause: error }));
    }
    this.#dispatch();
  }

  /** Posts the slot's task to its (started) worker. */
  #start(slot: Slot): void {
    const task = slot.task!;
    const port = slot.port!;
    if (task.settled) {
      this.#release(slot); // aborted while its worker was starting
      return;
    }
    clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    port.ref?.();
    const message: ToWorkerMessage = {
      type: "task",
      id: task.id,
      method: task.method,
      payload: task.payload,
    };
    try {
      this.#post(port, message, cleanTransferList(task.transfer));
    } catch (error) {
      // Not cloneable (DataCloneError): the worker never saw the task and stays healthy.
      this.#settle(task, false, error);
      this.#release(slot);
    }
  }

  #onMessage(slot: Slot, message: unknown): void {
    if (slot.gone || !isFromWorkerMessage(message)) return;
    if (message.type === "crash") {
      const cause = deserializeError(message.error);
      this.#onDeath(slot, `crashed: ${cause.message}`, cause);
      return;
    }
    if (message.type === "ready") return;
    if (message.type === "request") {
      void this.#answer(slot, message.id, message.method, message.payload);
      return;
    }
    const task = slot.task;
    if (task === undefined || task.id !== message.id) return; // a stale reply
    this.#settleFromReply(task, message);
    this.#release(slot);
  }

  /** Runs a worker's request and posts the answer to that worker (if it still lives). */
  async #answer(slot: Slot, id: number, method: string, payload: unknown): Promise<void> {
    let answer: ToWorkerMessage;
    let transfer: ArrayBuffer[] | undefined;
    try {
      if (!Object.hasOwn(this.#requests, method)) {
        throw new ZarrError("worker", `the pool answers no request "${method}"`);
      }
      const output = await this.#requests[method]!(payload);
      answer = { type: "response", id, ok: true, result: output.result };
      transfer = cleanTransferList(output.transfer);
    } catch (error) {
      answer = { type: "response", id, ok: false, error: serializeError(error) };
    }
    if (slot.gone || slot.port === undefined) return;
    try {
      this.#post(slot.port, answer, transfer);
    } catch (error) {
      // not cloneable: tell the worker why; if even that fails, it dies by its own timeout
      const failed: ToWorkerMessage = {
        type: "response",
        id,
        ok: false,
        error: serializeError(error),
      };
      try {
        this.#post(slot.port, failed);
      } catch {}
    }
  }

  #settleFromReply(task: Task, message: FromWorkerMessage): void {
    if (message.type === "result") this.#settle(task, true, message.result);
    else if (message.type === "error") this.#settle(task, false, deserializeError(message.error));
  }

  #onDeath(slot: Slot, reason: string, cause: unknown): void {
    if (slot.gone) return;
    this.#drop(slot);
    this.#replaced++;
    if (slot.port !== undefined) void safeTerminate(slot.port);
    const task = slot.task;
    if (task !== undefined && !task.settled) {
      const message = `worker died while running "${task.method}": ${reason}`;
      this.#settle(task, false, new ZarrError("worker", message, { cause }));
    }
    this.#dispatch();
  }

  /** The slot's task is over: the worker goes idle and takes the next task. */
  #release(slot: Slot): void {
    slot.task = undefined;
    if (slot.gone) return;
    slot.port?.unref?.();
    this.#dispatch();
    // Arm the idle timer only if no queued task took the worker straight back.
    if (slot.task === undefined && !slot.gone && Number.isFinite(this.#idleTimeout)) {
      clearTimeout(slot.idleTimer);
      slot.idleTimer = setTimeout(() => this.#retire(slot), this.#idleTimeout);
      // Never let the idle timer itself keep a Node process alive.
      (slot.idleTimer as { unref?: () => void }).unref?.();
    }
  }

  #retire(slot: Slot): void {
    if (slot.gone || slot.task !== undefined) return;
    this.#drop(slot);
    if (slot.port !== undefined) void safeTerminate(slot.port);
  }

  #drop(slot: Slot): void {
    slot.gone = true;
    clearTimeout(slot.idleTimer);
    this.#slots = this.#slots.filter((s) => s !== slot);
  }

  #abort(task: Task, signal: AbortSignal): void {
    if (task.settled) return;
    this.#settle(task, false, abortError(task.method, signal));
    if (this.#queue.delete(task)) return;
    const slot = task.slot;
    if (slot === undefined || slot.gone || slot.port === undefined) return;
    if (this.#abortInFlight === "terminate") {
      this.#drop(slot);
      void safeTerminate(slot.port);
      this.#dispatch();
      return;
    }
    try {
      this.#post(slot.port, { type: "cancel", id: task.id });
    } catch {
      // The reply (or the worker's death) frees the slot either way.
    }
  }

  #settle(task: Task, ok: boolean, value: unknown): void {
    if (task.settled) return;
    task.settled = true;
    task.detachAbort();
    if (ok) task.resolve(value);
    else task.reject(value);
  }

  #post(port: PortLike, message: ToWorkerMessage, transfer?: ArrayBuffer[]): void {
    port.postMessage(message, transfer);
  }

  #runInline<T>(method: string, payload: unknown, signal: AbortSignal | undefined): Promise<T> {
    const handler = this.#inline![method] as WorkerHandler | undefined;
    if (handler === undefined || !Object.hasOwn(this.#inline!, method)) {
      return Promise.reject(unknownMethodError(method, Object.keys(this.#inline!)));
    }
    return new Promise<T>((resolve, reject) => {
      const controller = new AbortController();
      const onAbort = () => {
        controller.abort(signal?.reason);
        reject(abortError(method, signal!));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#inlineBusy++;
      const finish = () => {
        this.#inlineBusy--;
        signal?.removeEventListener("abort", onAbort);
      };
      Promise.resolve()
        .then(() => handler(payload, { signal: controller.signal, method }))
        .then(
          (output) => {
            finish();
            resolve(output.result as T);
          },
          (error: unknown) => {
            finish();
            reject(error);
          },
        );
    });
  }
}

function abortError(method: string, signal: AbortSignal): AbortError {
  return new AbortError(`worker task "${method}" was aborted`, { cause: signal.reason });
}

function terminatedError(task: Task): ZarrError {
  return new ZarrError("worker", `worker pool terminated while "${task.method}" was pending`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isPromiseLike<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

async function safeTerminate(port: PortLike): Promise<void> {
  try {
    await port.terminate();
  } catch {
    // Already gone.
  }
}
