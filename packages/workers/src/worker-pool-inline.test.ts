import { ZarrError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { WorkerPool } from "./worker-pool.js";

describe("WorkerPool inline (size 0)", () => {
  it("runs handlers on the calling thread without copying", async () => {
    const data = new Float32Array([1, 2]);
    const pool = new WorkerPool({
      size: 0,
      inline: {
        double: (payload: { data: Float32Array }) => ({ result: payload.data.map((v) => v * 2) }),
        same: (payload: { data: Float32Array }) => ({ result: payload.data }),
      },
    });
    await expect(pool.run("double", { data })).resolves.toEqual(new Float32Array([2, 4]));
    expect(await pool.run("same", { data }, { transfer: [data.buffer] })).toBe(data);
    expect(data.byteLength).toBe(8); // nothing is transferred inline
    expect(pool.stats()).toMatchObject({ size: 0, workers: 0, busy: 0, spawned: 0 });
  });

  it("rethrows handler errors as they are, and names unknown methods", async () => {
    const pool = new WorkerPool({
      size: 0,
      inline: {
        fail: () => {
          throw new ZarrError("codec", "bad blosc header");
        },
      },
    });
    await expect(pool.run("fail", null)).rejects.toMatchObject({ code: "codec" });
    await expect(pool.run("toString", null)).rejects.toThrow(
      'no worker handler for method "toString" (known: "fail")',
    );
  });

  it("rejects at once on abort and fires the handler's signal", async () => {
    let handlerSignal: AbortSignal | undefined;
    const pool = new WorkerPool({
      size: 0,
      inline: {
        wait: (_: unknown, ctx) => {
          handlerSignal = ctx.signal;
          return new Promise(() => {});
        },
      },
    });
    const controller = new AbortController();
    const pending = pool.run("wait", null, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pool.stats().busy).toBe(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError", code: "aborted" });
    expect(handlerSignal?.aborted).toBe(true);
  });
});

describe("WorkerPool options", () => {
  it("are validated", () => {
    expect(() => new WorkerPool({ size: -1, createWorker: () => never() })).toThrow(
      "WorkerPool size must be a non-negative integer, got -1",
    );
    expect(() => new WorkerPool({ size: 2 })).toThrow("needs a createWorker function");
    expect(() => new WorkerPool({ size: 0 })).toThrow("needs `inline` handlers");
    expect(() => new WorkerPool({ size: 1, createWorker: never, idleTimeout: -5 })).toThrow(
      "idleTimeout must be >= 0 ms",
    );
  });

  it("default the size to the processor count", () => {
    const pool = new WorkerPool({ createWorker: never });
    expect(pool.size).toBeGreaterThanOrEqual(1);
  });

  it("reject a task whose worker cannot start, naming the method", async () => {
    const pool = new WorkerPool({
      size: 1,
      createWorker: () => Promise.reject(new Error("no such file worker.js")),
    });
    await expect(pool.run("decode", null)).rejects.toThrow(
      'could not start a worker for "decode": no such file worker.js',
    );
    expect(pool.stats()).toMatchObject({ workers: 0, spawned: 1 });
  });
});

function never(): never {
  throw new Error("not called");
}
