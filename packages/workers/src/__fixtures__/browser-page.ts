/** Page script for worker-pool.browser.test.ts: runs the pool against real Web Workers. */
import { CorruptChunkError } from "@zarrkit/core";
import { defaultPoolSize } from "../default-pool-size.js";
import { allocateBuffer, isSharedArrayBuffer, sharedMemoryAvailable } from "../shared-buffer.js";
import { createWebWorker } from "../web-worker.js";
import { WorkerPool } from "../worker-pool.js";

const ADD_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01,
  0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x0a, 0x09,
  0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
]);

async function outcome(promise: Promise<unknown>) {
  const start = performance.now();
  try {
    return { ok: true, value: await promise, ms: performance.now() - start };
  } catch (e) {
    const error = e as Error & { code?: string };
    return {
      ok: false,
      name: error.name,
      code: error.code,
      message: error.message,
      corrupt: e instanceof CorruptChunkError,
      ms: performance.now() - start,
    };
  }
}

async function main() {
  const module = await WebAssembly.compile(ADD_WASM);
  const pool = new WorkerPool({
    size: 2,
    init: { tag: "v1", module },
    createWorker: () => createWebWorker(new URL("./worker.js", location.href)),
  });
  const report: Record<string, unknown> = {};
  report.defaultSize = defaultPoolSize();
  report.echo = await outcome(pool.run("echo", { a: 1 }));
  report.init = await outcome(pool.run("init", null));
  const buffer = new Float64Array([1, 2, 3]).buffer;
  report.sum = await outcome(pool.run("sum", { buffer }, { transfer: [buffer] }));
  report.detached = buffer.byteLength === 0;
  report.isolated = globalThis.crossOriginIsolated;
  report.sharedAvailable = sharedMemoryAvailable();
  const shared = allocateBuffer(8);
  report.sharedIsSab = isSharedArrayBuffer(shared);
  await pool.run("fillShared", { buffer: shared, value: 9 }, { transfer: [shared] });
  report.sharedValues = Array.from(new Int32Array(shared));
  report.corrupt = await outcome(pool.run("corrupt", null));
  report.uncaught = await outcome(pool.run("uncaught", null));
  report.unhandled = await outcome(pool.run("unhandled", null));
  report.afterCrash = await outcome(pool.run("echo", "still here"));
  const controller = new AbortController();
  const sleeping = pool.run("sleep", { ms: 10_000 }, { signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 100));
  controller.abort();
  report.aborted = await outcome(sleeping);
  report.busyRightAfterAbort = pool.stats().busy; // until the worker answers the cancel
  await new Promise((resolve) => setTimeout(resolve, 100));
  report.stats = pool.stats();
  await pool.terminate();
  return report;
}

const w = window as unknown as { __report?: unknown; __error?: string };
main().then(
  (report) => {
    w.__report = report;
  },
  (error: unknown) => {
    w.__error = String((error as Error)?.stack ?? error);
  },
);
