import { describe, expect, it } from "vitest";
import { AbortError, SelectionError } from "../errors.js";
import { RequestScheduler } from "./request-scheduler.js";

/** A run the test settles by hand, recording when it started and whether it was cancelled. */
function manualRuns() {
  const started: string[] = [];
  const cancelled: string[] = [];
  const pending = new Map<string, (value: string) => void>();
  const run = (key: string) => (signal: AbortSignal) => {
    started.push(key);
    signal.addEventListener("abort", () => cancelled.push(key));
    return new Promise<string>((resolve) => pending.set(key, resolve));
  };
  const finish = (key: string) => {
    pending.get(key)?.(`value of ${key}`);
    pending.delete(key);
  };
  return { started, cancelled, run, finish };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("RequestScheduler", () => {
  it("starts queued requests in priority order, ties in submission order", async () => {
    const scheduler = new RequestScheduler({ concurrency: 1 });
    const runs = manualRuns();
    const order: [string, number][] = [
      ["far", 9],
      ["centre", 0],
      ["near-a", 3],
      ["near-b", 3],
      ["edge", 5],
    ];
    const promises = order.map(
      ([key, priority]) => scheduler.request(key, runs.run(key), { priority }).promise,
    );
    for (let i = 0; i < order.length; i++) {
      await tick();
      runs.finish(runs.started[i]);
    }
    await Promise.all(promises);
    expect(runs.started).toEqual(["centre", "near-a", "near-b", "edge", "far"]);
  });

  it("shares one run between callers of the same key", async () => {
    const scheduler = new RequestScheduler();
    let calls = 0;
    const run = async () => {
      calls++;
      return { decoded: true };
    };
    const a = scheduler.request("array/c/0/0", run).promise;
    const b = scheduler.request("array/c/0/0", run, { priority: 4 }).promise;
    const [va, vb] = await Promise.all([a, b]);
    expect(calls).toBe(1);
    expect(va).toBe(vb);
    expect(scheduler.stats).toMatchObject({ shared: 1, started: 1, queued: 0, running: 0 });
    // after it settles, the key runs afresh (caching is the chunk cache's job)
    await scheduler.request("array/c/0/0", run).promise;
    expect(calls).toBe(2);
  });

  it("an abort drops only that caller; the run is cancelled when no caller is left", async () => {
    const scheduler = new RequestScheduler();
    const runs = manualRuns();
    const first = new AbortController();
    const second = new AbortController();
    const a = scheduler.request("k", runs.run("k"), { signal: first.signal }).promise;
    const b = scheduler.request("k", runs.run("k"), { signal: second.signal }).promise;
    await tick();
    expect(runs.started).toEqual(["k"]);
    first.abort();
    await expect(a).rejects.toBeInstanceOf(AbortError);
    expect(runs.cancelled).toEqual([]);
    second.abort();
    await expect(b).rejects.toBeInstanceOf(AbortError);
    expect(runs.cancelled).toEqual(["k"]);
    expect(scheduler.has("k")).toBe(false);
    runs.finish("k");
    await tick();
    expect(scheduler.stats).toMatchObject({ queued: 0, running: 0, callers: 0, cancelled: 1 });
  });

  it("a queued request whose callers all left never starts", async () => {
    const scheduler = new RequestScheduler({ concurrency: 1 });
    const runs = manualRuns();
    const stale = new AbortController();
    scheduler.request("busy", runs.run("busy"));
    const gone = scheduler.request("out-of-view", runs.run("out-of-view"), {
      signal: stale.signal,
    }).promise;
    gone.catch(() => {});
    await tick();
    stale.abort();
    runs.finish("busy");
    await tick();
    expect(runs.started).toEqual(["busy"]);
    expect(scheduler.stats.queued).toBe(0);
  });

  it("re-prioritises queued requests, per caller and all at once", async () => {
    const scheduler = new RequestScheduler({ concurrency: 1 });
    const runs = manualRuns();
    scheduler.request("blocker", runs.run("blocker"));
    const a = scheduler.request("a", runs.run("a"), { priority: 1 });
    scheduler.request("b", runs.run("b"), { priority: 2 });
    scheduler.request("c", runs.run("c"), { priority: 3 });
    await tick();
    a.setPriority(10); // the viewport moved away from a
    scheduler.reprioritize((key) => (key === "c" ? 0 : undefined)); // and onto c
    for (let i = 0; i < 4; i++) {
      runs.finish(runs.started[i]);
      await tick();
    }
    expect(runs.started).toEqual(["blocker", "c", "b", "a"]);
  });

  it("a request runs at its callers' best priority", async () => {
    const scheduler = new RequestScheduler({ concurrency: 1 });
    const runs = manualRuns();
    scheduler.request("blocker", runs.run("blocker"));
    scheduler.request("x", runs.run("x"), { priority: 5 });
    scheduler.request("y", runs.run("y"), { priority: 7 });
    scheduler.request("y", runs.run("y"), { priority: 1 }); // a second caller wants y soon
    await tick();
    runs.finish("blocker");
    await tick();
    expect(runs.started).toEqual(["blocker", "y"]);
  });

  it("limits runs per pool, not overall", async () => {
    const scheduler = new RequestScheduler({ concurrency: 2 });
    const runs = manualRuns();
    for (const key of ["a1", "a2", "a3"]) scheduler.request(key, runs.run(key), { pool: "a" });
    for (const key of ["b1", "b2"]) scheduler.request(key, runs.run(key), { pool: "b" });
    await tick();
    expect(runs.started.sort()).toEqual(["a1", "a2", "b1", "b2"]);
    expect(scheduler.stats).toMatchObject({ running: 4, queued: 1 });
    runs.finish("a1");
    await tick();
    expect(runs.started).toContain("a3");
  });

  it("passes a run's failure to every caller", async () => {
    const scheduler = new RequestScheduler();
    const boom = new Error("boom");
    const run = () => Promise.reject(boom);
    const a = scheduler.request("k", run).promise;
    const b = scheduler.request("k", run).promise;
    await expect(a).rejects.toBe(boom);
    await expect(b).rejects.toBe(boom);
    const thrower = () => {
      throw boom;
    };
    await expect(scheduler.request("sync", thrower).promise).rejects.toBe(boom);
    expect(scheduler.stats).toMatchObject({ queued: 0, running: 0, callers: 0 });
  });

  it("rejects bad settings and priorities", () => {
    expect(() => new RequestScheduler({ concurrency: 0 })).toThrow(SelectionError);
    const scheduler = new RequestScheduler();
    expect(() => scheduler.request("k", async () => 1, { priority: Number.NaN })).toThrow(
      SelectionError,
    );
  });

  it("an already-aborted signal rejects without queueing", async () => {
    const scheduler = new RequestScheduler();
    const controller = new AbortController();
    controller.abort();
    let ran = false;
    const request = scheduler.request("k", async () => (ran = true), { signal: controller.signal });
    await expect(request.promise).rejects.toBeInstanceOf(AbortError);
    expect(ran).toBe(false);
    expect(scheduler.has("k")).toBe(false);
  });
});
