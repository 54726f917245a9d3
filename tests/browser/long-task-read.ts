/**
 * A whole-array read in a page, observed: what the main thread did (WebAssembly
 * instances it made, messages and chunk bytes it posted to workers) and the long tasks
 * it had. tests/browser/long-tasks.spec.ts decides on the counts, which do not depend on
 * how loaded the machine is; bench/long-tasks.ts reports the long-task durations.
 *
 * The page imports the CDN bundle and reads the float32 8192² blosc-lz4 bench array
 * (256 MiB decoded, ~131 MB stored, 64 chunks of 4 MiB) from an in-memory store of its
 * files (fetched first, so the read measures decode scheduling, not Chromium's slow
 * localhost fetch: DESIGN.md "Measuring").
 *
 * Firefox has no Long Tasks API (no PerformanceLongTaskTiming): there `longTaskApi` is
 * false, the durations stay empty, and the longest gap between 10 ms timer ticks
 * (`maxTimerGapMs`, every browser) stands in as the main thread's busiest stretch.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ARRAYS, DATA_DIR } from "../../bench/data.js";
import { BUNDLE_PATH } from "./harness.js";
import type { PageLike } from "./page-like.js";

export const LONG_TASK_ARRAY = ARRAYS.f32BloscLz4;
/** The RAIL / Long Tasks API bar for a main-thread task. */
export const LONG_TASK_MS = 50;

export interface ObservedRead {
  storedBytes: number;
  /** The array's chunk files (every key but the metadata). */
  chunkCount: number;
  readMs: number;
  /** Long tasks (ms) during the read, and while the first read started the pool. */
  durations: number[];
  startDurations: number[];
  /** Long tasks around a deliberate 80 ms busy loop (proves the observer works). */
  probe: number[];
  /** Whether the browser has the Long Tasks API (Chromium yes, Firefox no). */
  longTaskApi: boolean;
  /** The longest gap between 10 ms timer ticks during the read (a stalled main thread). */
  maxTimerGapMs: number;
  /** WebAssembly instances the page's main thread made, from its start to the read's end. */
  mainThreadWasmInstances: number;
  /** Messages the main thread posted to workers during the read, and the bytes they moved. */
  postedMessages: number;
  transferredBytes: number;
  workersSpawned: number;
  workersReplaced: number;
  shape: number[];
  isolated: boolean;
  /** Whether the result is a SharedArrayBuffer the workers wrote into. */
  sharedResult: boolean;
}

/**
 * Loads a blank page from `siteUrl` and reads the whole array from `dataUrl` with the
 * CDN bundle. With `reuseOut`, an unobserved read first allocates the result and the
 * observed read writes into it.
 */
export async function observeRead(
  page: PageLike,
  siteUrl: string,
  dataUrl: string,
  reuseOut: boolean,
): Promise<ObservedRead> {
  await page.goto(new URL("tests/browser/pages/blank.html", siteUrl).href);
  const keys = readdirSync(join(DATA_DIR, LONG_TASK_ARRAY.path));
  return page.evaluate(
    async ([bundle, base, names, reuse]) => {
      // count before the bundle loads: instances the main thread makes, posts to workers
      let wasmInstances = 0;
      const wasm = WebAssembly as unknown as Record<string, unknown>;
      const instantiate = WebAssembly.instantiate;
      wasm.instantiate = (...args: Parameters<typeof instantiate>) => {
        wasmInstances++;
        return instantiate(...args);
      };
      const Instance = WebAssembly.Instance;
      wasm.Instance = (module: WebAssembly.Module, imports?: WebAssembly.Imports) => {
        wasmInstances++;
        return new Instance(module, imports);
      };
      let posted = 0;
      let transferred = 0;
      const post = Worker.prototype.postMessage as (message: unknown, transfer?: unknown) => void;
      Worker.prototype.postMessage = function (this: Worker, message: unknown, transfer?: unknown) {
        posted++;
        const list = Array.isArray(transfer)
          ? transfer
          : ((transfer as { transfer?: unknown[] } | undefined)?.transfer ?? []);
        for (const item of list) if (item instanceof ArrayBuffer) transferred += item.byteLength;
        return post.call(this, message, transfer);
      } as typeof Worker.prototype.postMessage;

      const zk = await import(bundle);
      // every file of the array in memory first (untimed, unobserved)
      const files = new Map<string, Uint8Array>();
      await Promise.all(
        names.map(async (name) => {
          const response = await fetch(base + name);
          files.set(name, new Uint8Array(await response.arrayBuffer()));
        }),
      );
      let storedBytes = 0;
      let chunkCount = 0;
      for (const [name, bytes] of files) {
        if (name.startsWith(".")) continue;
        storedBytes += bytes.length;
        chunkCount++;
      }
      // the store's own buffers: zarrkit copies what its workers take (bytesForDecoder)
      const store = { get: async (key: string) => files.get(key) };

      const durations: number[] = [];
      const observer = new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) durations.push(entry.duration);
      });
      const longTaskApi = PerformanceObserver.supportedEntryTypes.includes("longtask");
      if (longTaskApi) observer.observe({ type: "longtask" });
      const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
      await settle();
      const busyUntil = performance.now() + 80;
      while (performance.now() < busyUntil) {}
      await settle();
      const probe = durations.splice(0);

      const array = await zk.open(store, { kind: "array", zarrFormat: 2 });
      // starts the pool and its WASM codecs: one chunk
      await array.get([zk.slice(0, 1024), zk.slice(0, 1024)]);
      await settle();
      const startDurations = durations.splice(0);

      const out = reuse ? (await array.get()).data : undefined;
      await settle();
      durations.length = 0;
      posted = 0;
      transferred = 0;
      let maxTimerGapMs = 0;
      let lastTick = performance.now();
      const ticker = setInterval(() => {
        const now = performance.now();
        maxTimerGapMs = Math.max(maxTimerGapMs, now - lastTick);
        lastTick = now;
      }, 10);
      const t0 = performance.now();
      const { shape, data: result } = await array.get(undefined, out ? { out } : {});
      const readMs = performance.now() - t0;
      clearInterval(ticker);
      const postedMessages = posted;
      const transferredBytes = transferred;
      await settle();
      for (const entry of observer.takeRecords()) durations.push(entry.duration);
      observer.disconnect();
      const stats = (await zk.getWorkerPool()).stats();
      return {
        storedBytes,
        chunkCount,
        readMs,
        durations,
        startDurations,
        probe,
        longTaskApi,
        maxTimerGapMs,
        mainThreadWasmInstances: wasmInstances,
        postedMessages,
        transferredBytes,
        workersSpawned: stats.spawned,
        workersReplaced: stats.replaced,
        shape: [...shape],
        isolated: globalThis.crossOriginIsolated,
        sharedResult:
          typeof SharedArrayBuffer === "function" && result.buffer instanceof SharedArrayBuffer,
      };
    },
    [
      new URL(BUNDLE_PATH, siteUrl).href,
      new URL(`${LONG_TASK_ARRAY.path}/`, dataUrl).href,
      keys,
      reuseOut,
    ] as const,
  );
}

/** One line for logs: the read and its long tasks. */
export function describeRead(report: ObservedRead): string {
  const list = (d: number[]) => d.map((x) => x.toFixed(0)).join(", ") || "none";
  const longTasks = report.longTaskApi
    ? `long tasks during the read: ${list(report.durations)} (longest ${Math.max(0, ...report.durations).toFixed(0)} ms); while the pool started: ${list(report.startDurations)}`
    : "long tasks: no Long Tasks API in this browser";
  return `read ${report.readMs.toFixed(0)} ms of ${(report.storedBytes / 1e6).toFixed(0)} MB stored in ${report.chunkCount} chunks; main thread: ${report.mainThreadWasmInstances} WASM instances, ${report.postedMessages} messages to workers moving ${(report.transferredBytes / 1e6).toFixed(0)} MB, longest timer gap ${report.maxTimerGapMs.toFixed(0)} ms; ${longTasks}`;
}

/**
 * What says "no jank" for a read, on counts that hold on a loaded machine in every
 * browser (long-tasks.spec.ts explains why not durations): the problems found, none
 * when the main thread decoded nothing. `isolated`: the page is cross-origin isolated,
 * so the fresh result must be shared memory the workers wrote into.
 */
export function mainThreadDecodingProblems(report: ObservedRead, isolated: boolean): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  if (report.longTaskApi) {
    check(
      report.probe.some((d) => d >= 80),
      `the long-task observer missed an 80 ms busy loop: ${report.probe}`,
    );
  }
  const expectedShape = [...LONG_TASK_ARRAY.shape];
  check(
    JSON.stringify(report.shape) === JSON.stringify(expectedShape),
    `shape ${report.shape}, expected ${expectedShape}`,
  );
  check(report.isolated === isolated, `crossOriginIsolated is ${report.isolated}`);
  check(report.sharedResult === isolated, `the result is shared memory: ${report.sharedResult}`);
  // no codec ran on the main thread, from the bundle's import to the read's end
  check(
    report.mainThreadWasmInstances === 0,
    `${report.mainThreadWasmInstances} WASM instances on the main thread`,
  );
  // every chunk's bytes went to a worker (copied from the store's buffers, then moved)...
  check(
    report.transferredBytes >= report.storedBytes,
    `${report.transferredBytes} bytes moved to workers of ${report.storedBytes} stored`,
  );
  // ...in at most two messages per chunk (batches, plus a message per worker)
  check(
    report.postedMessages <= 2 * report.chunkCount,
    `${report.postedMessages} messages for ${report.chunkCount} chunks`,
  );
  check(report.workersSpawned > 0, "no worker started");
  check(report.workersReplaced === 0, `${report.workersReplaced} workers replaced`);
  return problems;
}
