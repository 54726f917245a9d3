import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { CorruptChunkError, HttpError, ZarrError } from "@zarrkit/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createNodeWorker } from "./node-worker.js";
import type { PortLike } from "./port-like.js";
import { allocateBuffer, isSharedArrayBuffer } from "./shared-buffer.js";
import { WorkerPool, type WorkerPoolOptions } from "./worker-pool.js";

// A TypeScript worker entry: createNodeWorker runs it through tsx (see node-worker.ts).
const entry = new URL("./__fixtures__/pool-test-worker.ts", import.meta.url);

const pools: WorkerPool[] = [];
function makePool(options: Partial<WorkerPoolOptions> = {}): WorkerPool {
  const pool = new WorkerPool({ size: 1, createWorker: () => createNodeWorker(entry), ...options });
  pools.push(pool);
  return pool;
}
// Not afterEach: the fresh-pool tests run concurrently.
afterAll(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.terminate()));
});

/** Milliseconds until `promise` settles. */
async function settleTime(promise: Promise<unknown>): Promise<number> {
  const start = performance.now();
  await promise.catch(() => {});
  return performance.now() - start;
}

// A WebAssembly module exporting add(i32, i32) -> i32, to show compiled modules reach workers.
const ADD_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01,
  0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x0a, 0x09,
  0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
]);

// Starting a tsx-run worker costs ~0.5-1 s, so tests that need no fresh pool share one
// (size 1, in order) and check stats as differences.
// Starting a tsx-run worker costs ~0.5-1 s, so tests that need no fresh pool share one
// (size 1; tests run in order) and check stats as differences.
describe("WorkerPool with worker_threads, one shared worker", () => {
  let pool: WorkerPool;
  beforeAll(() => {
    pool = new WorkerPool({ size: 1, createWorker: () => createNodeWorker(entry) });
  });
  afterAll(() => pool.terminate());

  it("runs tasks and returns results, spawning lazily", async () => {
    expect(pool.stats()).toMatchObject({ workers: 0, spawned: 0 });
    const result = await pool.run<{ a: number[] }>("echo", { a: [1, 2, 3] });
    expect(result).toEqual({ a: [1, 2, 3] });
    expect(pool.stats()).toMatchObject({ workers: 1, spawned: 1, busy: 0, queued: 0 });
  });

  it("transfers buffers instead of cloning them, both ways", async () => {
    const buffer = new Float64Array([1, 2, 3.5]).buffer;
    const pending = pool.run<{ total: number; buffer: ArrayBuffer }>(
      "sum",
      { buffer },
      { transfer: [buffer, buffer] }, // listed twice: de-duplicated, not a DataCloneError
    );
    const result = await pending;
    expect(buffer.byteLength).toBe(0); // detached: it moved to the worker
    expect(result.total).toBe(6.5);
    expect(Array.from(new Float64Array(result.buffer))).toEqual([1, 2, 3.5]);
  });

  it("passes SharedArrayBuffers through untouched, even when listed for transfer", async () => {
    const buffer = allocateBuffer(16);
    expect(isSharedArrayBuffer(buffer)).toBe(true); // Node: always available
    await pool.run("fillShared", { buffer, value: 7 }, { transfer: [buffer] });
    expect(Array.from(new Int32Array(buffer))).toEqual([7, 7, 7, 7]);
  });

  it("rejects an aborted queued task at once and drops it from the queue", async () => {
    await pool.run("echo", 0); // warm up: the worker exists
    const blocker = pool.run("sleep", { ms: 300 });
    const controller = new AbortController();
    const queued = pool.run("echo", 1, { signal: controller.signal });
    expect(pool.stats().queued).toBe(1);
    controller.abort();
    await expect(queued).rejects.toMatchObject({ name: "AbortError", code: "aborted" });
    expect(pool.stats().queued).toBe(0);
    await expect(blocker).resolves.toBe("slept");
  });

  it("rejects an already-aborted signal without queueing", async () => {
    await expect(pool.run("echo", 1, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: "aborted",
    });
    expect(pool.stats()).toMatchObject({ queued: 0, busy: 0 });
  });

  it("rejects an aborted in-flight task at once and cancels it in the worker", async () => {
    await pool.run("echo", 0);
    const { spawned } = pool.stats();
    const controller = new AbortController();
    const running = pool.run("sleep", { ms: 10_000 }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort(new Error("user gave up"));
    const elapsed = await settleTime(running);
    expect(elapsed).toBeLessThan(50);
    await expect(running).rejects.toMatchObject({ code: "aborted" });
    // The worker heard the cancel: the next task does not wait for the 10 s sleep.
    const next = pool.run("echo", "next");
    expect(await settleTime(next)).toBeLessThan(2_000);
    await expect(next).resolves.toBe("next");
    expect(pool.stats().spawned).toBe(spawned); // the same worker served it
  });

  it("rethrows handler errors with their class, name, code and fields", async () => {
    const before = pool.stats();
    const corrupt = await pool.run("corrupt", null).catch((e: unknown) => e);
    expect(corrupt).toBeInstanceOf(CorruptChunkError);
    expect(corrupt).toMatchObject({
      name: "CorruptChunkError",
      code: "corrupt-chunk",
      message: "chunk c/0/1 of array 'a' is truncated",
    });
    const http = await pool.run("http", null).catch((e: unknown) => e);
    expect(http).toBeInstanceOf(HttpError);
    expect(http).toMatchObject({ status: 404, url: "https://example.test/a/zarr.json" });
    const typeError = await pool.run("typeError", null).catch((e: unknown) => e);
    expect(typeError).toBeInstanceOf(TypeError);
    expect((typeError as Error).message).toBe("expected a number");
    await expect(pool.run("nope", null)).rejects.toThrow(/no worker handler for method "nope"/);
    // Handler errors are not deaths.
    expect(pool.stats()).toMatchObject({ replaced: before.replaced, spawned: before.spawned });
  });

  it("rejects a result that cannot be cloned, and a payload that cannot be sent", async () => {
    const before = pool.stats();
    await expect(pool.run("unclonable", null)).rejects.toMatchObject({ name: "DataCloneError" });
    await expect(pool.run("echo", { fn: () => 1 })).rejects.toMatchObject({
      name: "DataCloneError",
    });
    await expect(pool.run("echo", "still fine")).resolves.toBe("still fine");
    expect(pool.stats()).toMatchObject({ replaced: before.replaced, spawned: before.spawned });
  });

  it("rejects a task that would transfer a detached buffer, rather than wait forever", async () => {
    // Node's postMessage neither throws nor delivers a message transferring one
    const buffer = new Float64Array([1, 2]).buffer;
    const view = new Float64Array(buffer);
    await pool.run("sum", { buffer }, { transfer: [buffer] });
    expect(buffer.byteLength).toBe(0);
    const pending = pool.run("echo", { view }, { transfer: [view.buffer] });
    await expect(pending).rejects.toThrow(ZarrError);
    await expect(pending).rejects.toThrow(/detached ArrayBuffer/);
    await expect(pool.run("echo", "still fine")).resolves.toBe("still fine");
  });

  it("rejects the task of a worker that calls process.exit, and keeps serving", async () => {
    const before = pool.stats();
    const error = await pool.run("exit", null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZarrError);
    expect(error).toMatchObject({ code: "worker" });
    expect((error as Error).message).toBe('worker died while running "exit": exited with code 3');
    await expect(pool.run("echo", "after")).resolves.toBe("after");
    expect(pool.stats()).toMatchObject({
      replaced: before.replaced + 1,
      spawned: before.spawned + 1,
      workers: 1,
    });
  });
});

// Independent pools: run concurrently to overlap worker start-up.
describe.concurrent("WorkerPool with worker_threads, fresh pools", () => {
  it("never runs more than `size` tasks at once", async () => {
    const pool = makePool({ size: 2 });
    // Both workers up first: under load one could otherwise finish every task alone.
    await Promise.all([pool.run("echo", 0), pool.run("echo", 1)]);
    const counters = new SharedArrayBuffer(8);
    const tasks = Array.from({ length: 8 }, () => pool.run("track", { counters, ms: 100 }));
    expect(pool.stats()).toMatchObject({ busy: 2, queued: 6 });
    await Promise.all(tasks);
    expect(new Int32Array(counters)[1]).toBe(2);
    expect(pool.stats()).toMatchObject({ busy: 0, queued: 0, workers: 2, spawned: 2 });
  });

  it('with abortInFlight: "terminate", kills the worker of an aborted task', async () => {
    const pool = makePool({ abortInFlight: "terminate" });
    await pool.run("echo", 0);
    const controller = new AbortController();
    const running = pool.run("stubbornSleep", { ms: 10_000 }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: "aborted" });
    await expect(pool.run("echo", "fresh")).resolves.toBe("fresh");
    expect(pool.stats()).toMatchObject({ spawned: 2, replaced: 0, workers: 1 });
  });

  it("rejects the task of a worker with an uncaught error, other tasks unaffected", async () => {
    const pool = makePool({ size: 2 });
    await Promise.all([pool.run("echo", 0), pool.run("echo", 1)]); // both workers up
    const other = pool.run("sleep", { ms: 1_000 });
    const error = await pool.run("uncaught", null).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "worker" });
    expect((error as Error).message).toMatch(/"uncaught".*boom from a timer/);
    await expect(other).resolves.toBe("slept");
    await expect(pool.run("echo", 2)).resolves.toBe(2);
    expect(pool.stats().replaced).toBe(1);
  });

  it("replaces a worker that dies while idle, lazily", async () => {
    const ports: PortLike[] = [];
    const pool = makePool({
      createWorker: async () => {
        const port = await createNodeWorker(entry);
        ports.push(port);
        return port;
      },
    });
    const first = await pool.run<number>("threadId", null);
    await ports[0].terminate();
    await vi.waitFor(() => expect(pool.stats()).toMatchObject({ workers: 0, spawned: 1 }));
    const second = await pool.run<number>("threadId", null);
    expect(second).not.toBe(first);
    expect(pool.stats()).toMatchObject({ workers: 1, spawned: 2 });
  });

  it("sends the init payload, including a compiled WebAssembly.Module, to every worker", async () => {
    const module = await WebAssembly.compile(ADD_WASM);
    const pool = makePool({ size: 2, init: { module, tag: "codecs-v1" } });
    type InitReport = { init: { tag: string }; threadId: number; sum: number };
    const reports = await Promise.all([
      pool.run<InitReport>("init", null),
      pool.run<InitReport>("init", null),
    ]);
    expect(new Set(reports.map((r) => r.threadId)).size).toBe(2);
    for (const report of reports) {
      expect(report.init.tag).toBe("codecs-v1");
      expect(report.sum).toBe(5);
    }
  });

  it("reports a worker whose onInit fails as a worker error naming the method", async () => {
    const pool = makePool({ init: { failInit: true } });
    const error = await pool.run("echo", 1).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "worker" });
    expect((error as Error).message).toBe(
      'worker died while running "echo": crashed: onInit failed: cannot load codecs',
    );
  });

  it("terminates workers idle longer than idleTimeout", async () => {
    const exits: number[] = [];
    const pool = makePool({
      idleTimeout: 100,
      createWorker: async () => {
        const port = await createNodeWorker(entry);
        port.onExit((code) => exits.push(code));
        return port;
      },
    });
    await pool.run("echo", 1);
    expect(pool.stats().workers).toBe(1);
    await vi.waitFor(
      () => {
        expect(pool.stats().workers).toBe(0);
        expect(exits).toHaveLength(1);
      },
      { timeout: 5_000, interval: 50 },
    );
    await expect(pool.run("echo", 2)).resolves.toBe(2);
    expect(pool.stats()).toMatchObject({ spawned: 2, replaced: 0 });
  });

  it("rejects pending tasks on terminate, and later runs", async () => {
    const pool = makePool();
    const running = pool.run("sleep", { ms: 5_000 });
    const queued = pool.run("echo", 1);
    await pool.terminate();
    await expect(running).rejects.toMatchObject({ code: "worker" });
    await expect(queued).rejects.toThrow(/terminated while "echo" was pending/);
    await expect(pool.run("echo", 1)).rejects.toThrow(/terminated/);
  });

  it("starts plain JavaScript entries directly (the built-package path)", async () => {
    // The raw protocol, without serveWorker: a task message in, a result message out.
    const source = `import { parentPort } from "node:worker_threads";
      parentPort.on("message", (m) => {
        if (m.type === "task") parentPort.postMessage({ type: "result", id: m.id, result: m.payload * 2 });
      });`;
    const url = new URL(`data:text/javascript,${encodeURIComponent(source)}`);
    const pool = makePool({ createWorker: () => createNodeWorker(url) });
    await expect(pool.run("double", 21)).resolves.toBe(42);
  });

  it("never keeps a Node process alive: a script that forgets terminate() exits", () => {
    const script = fileURLToPath(
      new URL("./__fixtures__/exit-without-terminate.ts", import.meta.url),
    );
    const child = spawnSync(
      process.execPath,
      ["--conditions=zarrkit-source", "--import", "tsx", script],
      {
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(child.stderr).toBe("");
    expect(child.stdout.trim()).toBe("result: 42");
    expect(child.status).toBe(0);
  });
});
