/**
 * A Node script that uses a pool and never terminates it: it must still exit
 * (idle workers are unref'd), after printing the result of a task that kept the
 * process alive while it ran (busy workers are ref'd). Run by worker-pool.test.ts.
 */
import { createNodeWorker } from "../node-worker.js";
import { WorkerPool } from "../worker-pool.js";

const pool = new WorkerPool({
  size: 1,
  createWorker: () => createNodeWorker(new URL("./pool-test-worker.ts", import.meta.url)),
});
// Not awaited at top level: only the ref'd busy worker keeps the process alive for it.
pool
  .run("sleep", { ms: 300 })
  .then(() => pool.run<number>("echo", 42))
  .then((value) => {
    console.log(`result: ${value}`);
  });
