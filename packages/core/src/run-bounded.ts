/**
 * Runs async work over a (lazy) iterable with at most `limit` items in flight. Items are
 * pulled only when a slot frees up, so memory stays proportional to `limit`. Rejects
 * with the first error, or promptly with AbortError when `signal` fires; after that no
 * new item starts, and `isStopped()` tells running work to drop its result.
 */
import { AbortError } from "./errors.js";

export async function runBounded<T>(
  items: Iterable<T>,
  limit: number,
  work: (item: T, isStopped: () => boolean) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
  const iterator = items[Symbol.iterator]();
  let stopped = false;
  const isStopped = (): boolean => stopped || signal?.aborted === true;
  const runner = async (): Promise<void> => {
    for (;;) {
      if (isStopped()) return;
      const next = iterator.next();
      if (next.done) return;
      await work(next.value, isStopped);
    }
  };
  const runners: Promise<void>[] = [];
  for (let i = 0; i < limit; i++) runners.push(runner());
  const all = Promise.all(runners);
  if (!signal) {
    try {
      await all;
    } finally {
      stopped = true;
    }
    return;
  }
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new AbortError(undefined, { cause: signal.reason }));
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([all, aborted]);
  } finally {
    stopped = true;
    if (onAbort) signal.removeEventListener("abort", onAbort);
    // the losing promise's rejection is handled here, not reported as unhandled
    all.catch(() => {});
    aborted.catch(() => {});
  }
}
