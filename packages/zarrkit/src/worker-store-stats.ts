/**
 * What a worker's copy of a store counted since its last report (a FetchStore's
 * requests, bytes and retries), sent back with each readInto batch so that the calling
 * thread's store adds it to its own statistics (ReadableStore.addWorkerStats). Reports
 * are differences of running totals, so batches that run at once, or one that failed,
 * are counted by the next report.
 */
import type { ReadableStore, WorkerStoreStats } from "@zarrkit/core";

const reported = new WeakMap<object, Record<string, number>>();

export function statsSinceLastReport(store: ReadableStore): WorkerStoreStats | undefined {
  const stats = (store as { stats?: unknown }).stats;
  if (typeof stats !== "object" || stats === null) return undefined;
  const last = reported.get(store) ?? {};
  const now: Record<string, number> = {};
  const delta: Record<string, number> = {};
  for (const [name, value] of Object.entries(stats)) {
    if (typeof value !== "number") continue;
    now[name] = value;
    const change = value - (last[name] ?? 0);
    if (change !== 0) delta[name] = change;
  }
  reported.set(store, now);
  return Object.keys(delta).length > 0 ? delta : undefined;
}
