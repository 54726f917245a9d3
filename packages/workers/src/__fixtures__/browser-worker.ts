/** Web Worker entry for worker-pool.browser.test.ts (bundled by esbuild). */
import { CorruptChunkError } from "@zarrkit/core";
import { serveWorker } from "../serve-worker.js";

let init: { tag?: string; module?: WebAssembly.Module } | undefined;

void serveWorker(
  {
    echo: (payload: unknown) => ({ result: payload }),
    init: async () => {
      const module = init?.module;
      const add = module
        ? ((await WebAssembly.instantiate(module)).exports.add as (a: number, b: number) => number)
        : undefined;
      return { result: { tag: init?.tag, sum: add?.(2, 3) } };
    },
    sum: ({ buffer }: { buffer: ArrayBuffer }) => {
      let total = 0;
      for (const v of new Float64Array(buffer)) total += v;
      return { result: { total, buffer }, transfer: [buffer] };
    },
    fillShared: ({ buffer, value }: { buffer: SharedArrayBuffer; value: number }) => {
      new Int32Array(buffer).fill(value);
      return { result: null };
    },
    corrupt: () => {
      throw new CorruptChunkError("chunk c/0 is truncated");
    },
    sleep: ({ ms }: { ms: number }, ctx) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve({ result: "slept" }), ms);
        ctx.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          reject(ctx.signal.reason);
        });
      }),
    uncaught: () => {
      setTimeout(() => {
        throw new Error("boom from a timer");
      });
      return new Promise<never>(() => {});
    },
    unhandled: () => {
      void Promise.reject(new Error("nobody catches this"));
      return new Promise<never>(() => {});
    },
  },
  {
    onInit: (value) => {
      init = value as typeof init;
    },
  },
);
