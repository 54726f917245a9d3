/**
 * Worker entry used by worker-pool.test.ts, in TypeScript: started through
 * createNodeWorker, which runs .ts entries via tsx (see node-worker.ts).
 */
import { threadId } from "node:worker_threads";
import { CorruptChunkError, HttpError } from "@zarrkit/core";
import { serveWorker } from "../serve-worker.js";

let initValue: unknown;
let add: ((a: number, b: number) => number) | undefined;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

await serveWorker(
  {
    echo: (payload: unknown) => ({ result: payload }),
    threadId: () => ({ result: threadId }),
    init: () => ({ result: { init: initValue, threadId, sum: add?.(2, 3) } }),
    /** Sums a Float64Array's buffer and hands the buffer back (transferred). */
    sum: ({ buffer }: { buffer: ArrayBuffer }) => {
      let total = 0;
      for (const v of new Float64Array(buffer)) total += v;
      return { result: { total, buffer }, transfer: [buffer] };
    },
    /** Writes into a SharedArrayBuffer the caller also sees. */
    fillShared: ({ buffer, value }: { buffer: SharedArrayBuffer; value: number }) => {
      new Int32Array(buffer).fill(value);
      return { result: buffer.byteLength };
    },
    /** Counts concurrent tasks across workers in a shared [current, max] pair. */
    track: async ({ counters, ms }: { counters: SharedArrayBuffer; ms: number }) => {
      const c = new Int32Array(counters);
      const now = Atomics.add(c, 0, 1) + 1;
      let max = Atomics.load(c, 1);
      while (now > max) {
        const seen = Atomics.compareExchange(c, 1, max, now);
        if (seen === max) break;
        max = seen;
      }
      await sleep(ms);
      Atomics.sub(c, 0, 1);
      return { result: now };
    },
    /** Sleeps, stopping early (with a rejection) when the pool cancels it. */
    sleep: async ({ ms }: { ms: number }, ctx) => {
      await sleep(ms, ctx.signal);
      return { result: "slept" };
    },
    /** Sleeps ignoring cancellation (for abortInFlight: "terminate"). */
    stubbornSleep: async ({ ms }: { ms: number }) => {
      await sleep(ms);
      return { result: "slept" };
    },
    corrupt: () => {
      throw new CorruptChunkError("chunk c/0/1 of array 'a' is truncated");
    },
    http: () => {
      throw new HttpError(404, "https://example.test/a/zarr.json");
    },
    typeError: () => {
      throw new TypeError("expected a number");
    },
    exit: async () => {
      await sleep(5);
      process.exit(3);
    },
    uncaught: () => {
      setTimeout(() => {
        throw new Error("boom from a timer");
      });
      return new Promise<never>(() => {});
    },
    unclonable: () => ({ result: { fn: () => 1 } }),
  },
  {
    onInit: async (init) => {
      initValue = init;
      const module = (init as { module?: WebAssembly.Module } | undefined)?.module;
      if (module !== undefined) {
        const instance = await WebAssembly.instantiate(module);
        add = instance.exports.add as (a: number, b: number) => number;
      }
      if ((init as { failInit?: boolean } | undefined)?.failInit) {
        throw new Error("cannot load codecs");
      }
    },
  },
);
