/**
 * A priority queue of requests (chunk fetch + decode, byte ranges) for viewers: each
 * request carries a priority (lower runs sooner, e.g. distance from the viewport's
 * centre); identical keys from several callers share one run; a caller's abort drops
 * only that caller, and the run is cancelled once no caller is left; at most
 * `concurrency` runs per pool (an origin, a store) at once.
 *
 * Runs start in a microtask after the request, so a batch of requests made in one
 * synchronous step starts in priority order, not in submission order.
 */
import { AbortError, SelectionError } from "../errors.js";
import { RequestQueue } from "./request-queue.js";

export interface ScheduleOptions {
  /** Lower runs sooner (default 0). Ties run in submission order. */
  priority?: number;
  /** Drops this caller (its promise rejects with AbortError); the run stops when none is left. */
  signal?: AbortSignal;
  /** The concurrency group, e.g. an origin (default "default"). */
  pool?: string;
}

export interface ScheduledRequest<T> {
  /** Resolves to the run's value (shared with the other callers of the key: read it only). */
  readonly promise: Promise<T>;
  /** Changes this caller's priority; the request runs at its callers' lowest. */
  setPriority(priority: number): void;
}

export interface RequestSchedulerOptions {
  /** Runs in flight per pool (default 6, a browser's connections per HTTP/1.1 origin). */
  concurrency?: number;
}

export interface SchedulerStats {
  /** Requests waiting for a slot. */
  queued: number;
  /** Runs in flight (cancelled runs count until they settle). */
  running: number;
  /** Callers waiting for a queued or running request. */
  callers: number;
  /** Runs started so far. */
  started: number;
  /** Callers that joined a request already queued or running. */
  shared: number;
  /** Runs cancelled (queued or running) because their last caller left. */
  cancelled: number;
}

interface Caller {
  priority: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  detach(): void;
}

interface Entry {
  readonly key: string;
  readonly pool: string;
  readonly seq: number;
  readonly run: (signal: AbortSignal) => Promise<unknown>;
  readonly callers: Set<Caller>;
  /** The callers' lowest priority (what the queue orders by). */
  priority: number;
  state: "queued" | "running";
  controller?: AbortController;
}

export class RequestScheduler {
  readonly concurrency: number;
  readonly #entries = new Map<string, Entry>();
  readonly #queues = new Map<string, RequestQueue<Entry>>();
  readonly #running = new Map<string, number>();
  #seq = 0;
  #pumpQueued = false;
  #started = 0;
  #shared = 0;
  #cancelled = 0;

  constructor(options: RequestSchedulerOptions = {}) {
    const concurrency = options.concurrency ?? 6;
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
      throw new SelectionError(
        `scheduler concurrency must be a positive integer, got ${concurrency}`,
      );
    }
    this.concurrency = concurrency;
  }

  /**
   * Requests `key`: joins the queued or running request of that key, or queues `run`
   * (called with a signal that fires when every caller has left).
   */
  request<T>(
    key: string,
    run: (signal: AbortSignal) => Promise<T>,
    options: ScheduleOptions = {},
  ): ScheduledRequest<T> {
    const { signal } = options;
    const priority = checkPriority(options.priority ?? 0);
    if (signal?.aborted) {
      return {
        promise: Promise.reject(new AbortError(undefined, { cause: signal.reason })),
        setPriority: () => {},
      };
    }
    let entry = this.#entries.get(key);
    if (entry) {
      this.#shared++;
    } else {
      entry = {
        key,
        pool: options.pool ?? "default",
        seq: this.#seq++,
        run: run as (signal: AbortSignal) => Promise<unknown>,
        callers: new Set(),
        priority,
        state: "queued",
      };
      this.#entries.set(key, entry);
      this.#schedulePump();
    }
    const joined = entry;
    let caller!: Caller;
    const promise = new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        caller.detach();
        reject(new AbortError(undefined, { cause: signal?.reason }));
        this.#leave(joined, caller);
      };
      caller = {
        priority,
        resolve: (value) => {
          caller.detach();
          resolve(value as T);
        },
        reject: (error) => {
          caller.detach();
          reject(error);
        },
        detach: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    joined.callers.add(caller);
    this.#requeue(joined);
    return {
      promise,
      setPriority: (p) => {
        caller.priority = checkPriority(p);
        if (joined.callers.has(caller)) this.#requeue(joined);
      },
    };
  }

  /**
   * Re-prioritises every queued request: `priorityOf(key)` gives its new priority (for
   * all its callers), or undefined to leave it as it is.
   */
  reprioritize(priorityOf: (key: string) => number | undefined): void {
    for (const queue of this.#queues.values()) {
      for (const entry of [...queue]) {
        const p = priorityOf(entry.key);
        if (p === undefined) continue;
        const priority = checkPriority(p);
        for (const caller of entry.callers) caller.priority = priority;
        this.#requeue(entry);
      }
    }
  }

  /** Whether a request of `key` is queued or running. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  get stats(): SchedulerStats {
    let queued = 0;
    for (const queue of this.#queues.values()) queued += queue.size;
    let running = 0;
    for (const n of this.#running.values()) running += n;
    let callers = 0;
    for (const entry of this.#entries.values()) callers += entry.callers.size;
    return {
      queued,
      running,
      callers,
      started: this.#started,
      shared: this.#shared,
      cancelled: this.#cancelled,
    };
  }

  /** Queues a queued entry at its callers' lowest priority (again, if that changed). */
  #requeue(entry: Entry): void {
    if (entry.state !== "queued" || entry.callers.size === 0) return;
    let p = Number.POSITIVE_INFINITY;
    for (const caller of entry.callers) if (caller.priority < p) p = caller.priority;
    entry.priority = p;
    let queue = this.#queues.get(entry.pool);
    if (!queue) {
      queue = new RequestQueue();
      this.#queues.set(entry.pool, queue);
    }
    queue.push(entry);
  }

  #leave(entry: Entry, caller: Caller): void {
    if (!entry.callers.delete(caller)) return;
    if (entry.callers.size > 0) {
      this.#requeue(entry); // its best priority may have left with the caller
      return;
    }
    // the last caller left: forget the request so a later one of this key starts afresh
    if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
    this.#cancelled++;
    if (entry.state === "queued") {
      this.#dropQueued(entry);
    } else {
      entry.controller?.abort(new AbortError("no caller is left for this request"));
    }
  }

  #dropQueued(entry: Entry): void {
    const queue = this.#queues.get(entry.pool);
    queue?.delete(entry);
    if (queue?.size === 0) this.#queues.delete(entry.pool);
  }

  #schedulePump(): void {
    if (this.#pumpQueued) return;
    this.#pumpQueued = true;
    queueMicrotask(() => {
      this.#pumpQueued = false;
      this.#pump();
    });
  }

  #pump(): void {
    for (const [pool, queue] of [...this.#queues]) {
      while ((this.#running.get(pool) ?? 0) < this.concurrency) {
        const next = queue.pop();
        if (next === undefined) break;
        if (queue.size === 0) this.#queues.delete(pool);
        this.#start(next);
      }
    }
  }

  #start(entry: Entry): void {
    entry.state = "running";
    entry.controller = new AbortController();
    this.#running.set(entry.pool, (this.#running.get(entry.pool) ?? 0) + 1);
    this.#started++;
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(entry.run(entry.controller.signal));
    } catch (error) {
      result = Promise.reject(error);
    }
    const settle = (ok: boolean, value: unknown): void => {
      const left = (this.#running.get(entry.pool) ?? 1) - 1;
      if (left > 0) this.#running.set(entry.pool, left);
      else this.#running.delete(entry.pool);
      if (this.#entries.get(entry.key) === entry) this.#entries.delete(entry.key);
      const callers = [...entry.callers];
      entry.callers.clear();
      for (const caller of callers) {
        if (ok) caller.resolve(value);
        else caller.reject(value);
      }
      this.#pump();
    };
    result.then(
      (value) => settle(true, value),
      (error) => settle(false, error),
    );
  }
}

function checkPriority(priority: number): number {
  if (Number.isNaN(priority)) throw new SelectionError("a request priority must not be NaN");
  return priority;
}
