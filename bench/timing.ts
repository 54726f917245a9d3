/**
 * Timing helpers. Each timed run starts after a forced GC so garbage from earlier
 * runs (zarrita's fresh results, decoded chunks) is not collected inside the next one.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Bun's `Bun.gc(true)` (Bun has no V8 `gc`), else V8's `gc` exposed at run time (Node, Deno). */
function findGc(): (() => void) | undefined {
  const bun = (globalThis as { Bun?: { gc(force: boolean): void } }).Bun;
  if (bun !== undefined) return () => bun.gc(true);
  setFlagsFromString("--expose-gc");
  try {
    return runInNewContext("gc") as () => void;
  } catch {
    console.warn("bench: no way to force a GC in this runtime; runs are timed without one");
    return undefined;
  }
}

const gcFn = findGc();

export function collectGarbage(): void {
  gcFn?.();
}

/** "node v24.22.3", "bun 1.4.5", "deno 2.9.6": the runtime the figures come from. */
export function runtimeLabel(): string {
  const { Bun: bun, Deno: deno } = globalThis as {
    Bun?: { version: string };
    Deno?: { version: { deno: string } };
  };
  if (bun !== undefined) return `bun ${bun.version}`;
  if (deno !== undefined) return `deno ${deno.version.deno}`;
  return `node ${process.version}`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function timeOnce(fn: () => Promise<unknown>): Promise<number> {
  collectGarbage();
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
