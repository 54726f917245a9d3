/**
 * The default number of workers: the logical processors the runtime reports
 * (navigator.hardwareConcurrency in browsers and Node >= 21, os.availableParallelism
 * on older Node), at least 1. Node's os module is reached through
 * process.getBuiltinModule so that no `node:` import sits in the browser path.
 */
export function defaultPoolSize(): number {
  const fromNavigator = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  if (typeof fromNavigator === "number" && fromNavigator >= 1) return Math.floor(fromNavigator);
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const os = proc?.getBuiltinModule?.("node:os") as
    | { availableParallelism?: () => number; cpus?: () => unknown[] }
    | undefined;
  const fromOs = os?.availableParallelism?.() ?? os?.cpus?.().length;
  return typeof fromOs === "number" && fromOs >= 1 ? Math.floor(fromOs) : 1;
}
