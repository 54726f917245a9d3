/**
 * Runs async work over a (lazy) iterable with at most `limit` items in flight. Items are
 * pulled only when a slot frees up, so memory stays proportional to `limit`. Rejects
 * with the first error, or promptly with AbortError when `signal` fires; after that no
 * new item starts, `isStopped()` tells running work to drop its result, and the signal
 * handed to `work` fires so in-flight requests (HTTP retries included) stop too.
 * Runners yield to the event loop every few milliseconds (event-loop-yield.ts).
 */
import { AbortError, SelectionError } from "./errors.js";
import { yieldIfDue } from "./event-loop-yield.js";

export async function runBounded<T>(
  items: Iterable<T>,
  limit: number,
  work: (item: T, isStopped: () => boolean, signal: AbortSignal) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new SelectionError(`concurrency must be a positive integer, got ${limit}`);
  }
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
  const iterator = items[Symbol.iterator]();
  // fires on the caller's abort and on the first failure, cancelling in-flight work
  const inner = new AbortController();
  allowManyListeners(inner.signal, limit);
  const onAbort = (): void => inner.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  const isStopped = (): boolean => inner.signal.aborted;
  const runner = async (): Promise<void> => {
    for (;;) {
      // stores that answer without I/O would otherwise never let timers (or abort) run
      const due = yieldIfDue();
      if (due) await due;
      if (isStopped()) return;
      const next = iterator.next();
      if (next.done) return;
      await work(next.value, isStopped, inner.signal);
    }
  };
  const runners: Promise<void>[] = [];
  for (let i = 0; i < limit; i++) {
    runners.push(
      runner().catch((error: unknown) => {
        inner.abort(error);
        throw error;
      }),
    );
  }
  const all = Promise.all(runners);
  let rejectNow: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    if (!signal) return;
    rejectNow = () => reject(new AbortError(undefined, { cause: signal.reason }));
    if (signal.aborted) rejectNow();
    else signal.addEventListener("abort", rejectNow, { once: true });
  });
  try {
    await Promise.race([all, aborted]);
  } finally {
    if (!inner.signal.aborted) inner.abort(new AbortError("stopped"));
    signal?.removeEventListener("abort", onAbort);
    if (rejectNow) signal?.removeEventListener("abort", rejectNow);
    // the losing promise's rejection is handled here, not reported as unhandled
    all.catch(() => {});
    aborted.catch(() => {});
  }
}

interface NodeEvents {
  setMaxListeners(n: number, ...targets: EventTarget[]): void;
}

/**
 * Every in-flight item listens on the shared signal (a pool task, a fetch), so Node's
 * "possible EventTarget memory leak" warning (past 10 listeners) would fire at any
 * concurrency above a few. Browsers have no such limit.
 */
export function allowManyListeners(signal: AbortSignal, limit: number): void {
  const process = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const events = process?.getBuiltinModule?.("node:events") as NodeEvents | undefined;
  events?.setMaxListeners(Math.max(10, 4 * limit), signal);
}
