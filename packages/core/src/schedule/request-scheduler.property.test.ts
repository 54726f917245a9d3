/**
 * Property test: after any 10,000 random operations (requests, aborts, re-prioritising,
 * runs finishing or failing) and then every run settling, nothing is left: no queued or
 * running request, no caller waiting, every caller's promise settled once, every run
 * whose callers all left was told to stop, and no pool ever ran over its limit.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AbortError } from "../errors.js";
import { RequestScheduler } from "./request-scheduler.js";

type Op =
  | { kind: "request"; key: number; priority: number; pool: number }
  | { kind: "abort"; which: number }
  | { kind: "setPriority"; which: number; priority: number }
  | { kind: "reprioritize"; shift: number }
  | { kind: "settle"; which: number; fail: boolean }
  | { kind: "tick" };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("request" as const),
    key: fc.nat(40),
    priority: fc.integer({ min: -5, max: 5 }),
    pool: fc.nat(2),
  }),
  fc.record({ kind: fc.constant("abort" as const), which: fc.nat() }),
  fc.record({
    kind: fc.constant("setPriority" as const),
    which: fc.nat(),
    priority: fc.integer({ min: -5, max: 5 }),
  }),
  fc.record({ kind: fc.constant("reprioritize" as const), shift: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant("settle" as const), which: fc.nat(), fail: fc.boolean() }),
  fc.constant({ kind: "tick" as const }),
);

interface Run {
  key: string;
  signal: AbortSignal;
  settle(fail: boolean): void;
}

const LIMIT = 3;

async function play(ops: Op[]): Promise<void> {
  const scheduler = new RequestScheduler({ concurrency: LIMIT });
  const running: Run[] = [];
  const runningPerPool = new Map<string, number>();
  const callers: { controller: AbortController; setPriority(p: number): void }[] = [];
  let settledCallers = 0;
  let doubleSettled = 0;
  let over = 0;
  let startedWithoutCaller = 0;
  const microtasks = () => new Promise<void>((resolve) => setImmediate(resolve));

  for (const o of ops) {
    switch (o.kind) {
      case "request": {
        const key = `k${o.key}`;
        const pool = `p${o.pool % 2}`;
        const controller = new AbortController();
        const request = scheduler.request(
          key,
          (signal) => {
            if (!scheduler.has(key)) startedWithoutCaller++;
            const n = (runningPerPool.get(pool) ?? 0) + 1;
            runningPerPool.set(pool, n);
            if (n > LIMIT) over++;
            return new Promise<string>((resolve, reject) => {
              running.push({
                key,
                signal,
                settle: (fail) => {
                  runningPerPool.set(pool, (runningPerPool.get(pool) ?? 1) - 1);
                  if (fail) reject(new Error(`run of ${key} failed`));
                  else resolve(key);
                },
              });
            });
          },
          { priority: o.priority, signal: controller.signal, pool },
        );
        let settled = false;
        const once = () => {
          if (settled) doubleSettled++;
          settled = true;
          settledCallers++;
        };
        request.promise.then(once, (error) => {
          if (!(error instanceof AbortError) && !(error instanceof Error)) doubleSettled++;
          once();
        });
        callers.push({ controller, setPriority: request.setPriority });
        break;
      }
      case "abort":
        if (callers.length > 0) callers[o.which % callers.length].controller.abort();
        break;
      case "setPriority":
        if (callers.length > 0) callers[o.which % callers.length].setPriority(o.priority);
        break;
      case "reprioritize":
        scheduler.reprioritize((key) => (Number(key.slice(1)) + o.shift) % 41);
        break;
      case "settle":
        if (running.length > 0) running.splice(o.which % running.length, 1)[0].settle(o.fail);
        break;
      case "tick":
        await microtasks();
        break;
    }
  }
  // drain: settle every run until nothing is queued or running
  for (let rounds = 0; rounds < 100_000; rounds++) {
    await microtasks();
    if (running.length === 0 && scheduler.stats.queued === 0) break;
    running.shift()?.settle(false);
  }
  await microtasks();
  expect(over).toBe(0);
  expect(startedWithoutCaller).toBe(0);
  expect(doubleSettled).toBe(0);
  expect(settledCallers).toBe(callers.length);
  expect(scheduler.stats).toMatchObject({ queued: 0, running: 0, callers: 0 });
}

describe("RequestScheduler under random operations", () => {
  it("leaks no request after 10,000 random operations", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 10_000, maxLength: 10_000 }), play),
      { numRuns: 5, endOnFailure: true },
    );
  });

  it("cancels every run whose callers all aborted", async () => {
    const scheduler = new RequestScheduler({ concurrency: 2 });
    const signals: AbortSignal[] = [];
    const controllers: AbortController[] = [];
    for (let i = 0; i < 50; i++) {
      const controller = new AbortController();
      controllers.push(controller);
      scheduler
        .request(
          `k${i % 10}`,
          (signal) => {
            signals.push(signal);
            return new Promise((_, reject) =>
              signal.addEventListener("abort", () => reject(signal.reason)),
            );
          },
          { signal: controller.signal },
        )
        .promise.catch(() => {});
    }
    for (let round = 0; round < 20; round++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const c of controllers) c.abort();
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(signals.length).toBeGreaterThan(0);
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(scheduler.stats).toMatchObject({ queued: 0, running: 0, callers: 0 });
  });
});
