/**
 * Long loops over chunks must let the event loop run: a store that answers without
 * I/O (MemoryStore, a cache) resolves every await as a microtask, so a read, write or
 * reduction over many chunks would otherwise hold the thread for seconds, starving
 * timers, rendering and the abort() that would stop it. Loops call `yieldIfDue()`
 * per item: a clock read when no yield is due, a macrotask hop every YIELD_INTERVAL_MS.
 */

/** Work between two yields, in milliseconds: short enough for timers and input. */
export const YIELD_INTERVAL_MS = 8;

const now: () => number =
  typeof performance !== "undefined" ? () => performance.now() : () => Date.now();

let lastYield = now();
/** The hop in progress: every loop waits for it, or the others would keep the thread. */
let pending: Promise<void> | undefined;

/** Resolves in a new macrotask; concurrent callers share one hop. */
export function yieldToEventLoop(): Promise<void> {
  pending ??= macrotask().then(() => {
    pending = undefined;
    lastYield = now();
  });
  return pending;
}

/** setImmediate in Node, a MessageChannel message in browsers. */
function macrotask(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
  if (immediate) return new Promise((resolve) => immediate(resolve));
  if (typeof MessageChannel !== "undefined") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(undefined);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A macrotask hop when the thread has run YIELD_INTERVAL_MS since the last one (or
 * when one is under way), else nothing.
 */
export function yieldIfDue(): Promise<void> | undefined {
  if (pending) return pending;
  return now() - lastYield >= YIELD_INTERVAL_MS ? yieldToEventLoop() : undefined;
}
