/**
 * The decode pool under stress, through zarrkit's default `open`: a worker killed
 * mid-read, the default pool terminated mid-read, many reads aborted at random, and
 * reads that stop (abort, a corrupt chunk) while workers still write into the caller's
 * shared `out`. A read rejects with a typed error or resolves right; later reads work.
 */
import { createNodeWorker } from "@zarrkit/workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BAD_KEY,
  chunkMap,
  expectValues,
  hostileStore,
  MODES,
  openArray,
  rejectionOf,
  TIMEOUT,
  values,
} from "./adversarial.test-util.js";
import {
  AbortError,
  configureWorkers,
  create,
  decodeWorkerUrl,
  getWorkerPool,
  MemoryStore,
  type PortLike,
  type Store,
  slice,
  ZarrError,
} from "./index.js";

let map: Map<string, Uint8Array>;
let honest: Store;
beforeAll(async () => {
  map = await chunkMap();
  honest = hostileStore(map, async (_key, bytes) => bytes?.slice());
  // start the default pool's workers before the timed tests
  expectValues((await (await openArray(honest, {})).get()).data);
});
afterAll(() => configureWorkers({}));

const POOL_MODES = MODES.filter(([, options]) => options.workers === undefined);

describe.each(POOL_MODES)("a worker killed mid-read (%s)", (_mode, options) => {
  it(
    "rejects that read with ZarrError('worker'); a fresh worker serves the next reads",
    async () => {
      let killNext = true;
      configureWorkers({
        createWorker: async () => {
          const port = await createNodeWorker(decodeWorkerUrl(), { name: "zarrkit-decode" });
          const killing: PortLike = {
            ...port,
            postMessage: (message, transfer) => {
              port.postMessage(message, transfer);
              // the worker dies with the task on its plate (its thread stops, as on a crash)
              if (killNext && (message as { type?: string }).type === "task") {
                killNext = false;
                void port.terminate();
              }
            },
          };
          return killing;
        },
      });
      const arr = await openArray(honest, options);
      const error = await rejectionOf(arr.get());
      expect(error).toBeInstanceOf(ZarrError);
      expect((error as ZarrError).code).toBe("worker");
      expect(error.message).toMatch(/worker died while running/);
      expectValues((await arr.get()).data);
      expectValues((await arr.get()).data);
      expect((await getWorkerPool()).stats().replaced).toBe(1);
      configureWorkers({});
    },
    TIMEOUT,
  );
});

describe.each(POOL_MODES)("the default pool terminated mid-read (%s)", (_mode, options) => {
  it(
    "rejects that read with ZarrError('worker'); later reads start a new default pool",
    async () => {
      const arr = await openArray(honest, options);
      const pool = await getWorkerPool();
      // the rejection is observed from the start: terminate() rejects it at once
      const rejected = rejectionOf(arr.get());
      // terminate once the read's first task is on a worker
      while (pool.stats().busy === 0) await new Promise((resolve) => setImmediate(resolve));
      await pool.terminate();
      const error = await rejected;
      expect(error).toBeInstanceOf(ZarrError);
      expect((error as ZarrError).code).toBe("worker");
      // a terminated default pool is zarrkit's to replace: reads must not fail forever
      expectValues((await arr.get()).data);
      expectValues((await (await openArray(honest, options)).get()).data);
    },
    TIMEOUT,
  );
});

describe.each(MODES)("50 concurrent reads, half aborted at random times (%s)", (_mode, options) => {
  it(
    "no unhandled rejections; aborted reads reject with AbortError, the others read right",
    async () => {
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      process.on("unhandledRejection", onUnhandled);
      try {
        // a store that answers after a random few milliseconds, so aborts land everywhere
        const slow = hostileStore(map, async (_key, bytes) => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 6));
          return bytes?.slice();
        });
        const arr = await openArray(slow, options);
        const outcomes = await Promise.all(
          Array.from({ length: 50 }, async (_, i) => {
            const y0 = (i * 13) % 128;
            const controller = new AbortController();
            const reading = arr.get([slice(y0, y0 + 128), null], { signal: controller.signal });
            if (i % 2 === 1) setTimeout(() => controller.abort(), Math.random() * 40);
            try {
              const data = (await reading).data as Float32Array;
              const wrong = data.findIndex((v, j) => v !== values[y0 * 256 + j]);
              return wrong === -1 ? "right" : `read ${i} wrong at ${wrong}`;
            } catch (error) {
              return i % 2 === 1 && error instanceof AbortError ? "aborted" : `read ${i}: ${error}`;
            }
          }),
        );
        const unexpected = outcomes.filter((o) => o !== "right" && o !== "aborted");
        expect(unexpected).toEqual([]);
        // every read that was not aborted resolved
        expect(outcomes.filter((o) => o === "right").length).toBeGreaterThanOrEqual(25);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(unhandled).toEqual([]);
        if (options.workers === undefined) expect((await getWorkerPool()).stats().queued).toBe(0);
        expectValues((await arr.get()).data);
      } finally {
        process.off("unhandledRejection", onUnhandled);
      }
    },
    TIMEOUT,
  );
});

describe("a read that stops while workers write into the caller's shared out", () => {
  // 16 chunks of 256 KiB that take a while to decode: several batches in flight
  const BIG = [1024, 1024];
  const bigValues = Float32Array.from({ length: BIG[0] * BIG[1] }, (_, i) => 1 + (i % 1000));
  let bigMap: Map<string, Uint8Array>;
  beforeAll(async () => {
    const memory = new MemoryStore();
    const arr = await create(memory, {
      shape: BIG,
      chunks: [256, 256],
      dtype: "float32",
      workers: 0,
      codecs: [
        { name: "bytes", configuration: { endian: "little" } },
        { name: "gzip", configuration: { level: 6 } },
      ],
    });
    await arr.set(null, { data: bigValues, shape: BIG });
    bigMap = memory.map;
  });

  /** Whether anything wrote into `out` in the 100 ms after it was zeroed. */
  const writtenAfter = async (out: Float32Array): Promise<boolean> => {
    out.fill(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return out.some((v) => v !== 0);
  };

  for (const [mode, options] of POOL_MODES) {
    it(
      `an aborted read writes nothing into out once it has rejected (${mode})`,
      async () => {
        const arr = await openArray(
          hostileStore(bigMap, async (_key, bytes) => bytes?.slice()),
          options,
        );
        const out = new Float32Array(new SharedArrayBuffer(bigValues.length * 4));
        let late = 0;
        for (let trial = 0; trial < 12; trial++) {
          const controller = new AbortController();
          const reading = arr.get(undefined, { out, signal: controller.signal });
          await new Promise((resolve) => setTimeout(resolve, 1 + (trial % 6)));
          controller.abort();
          await reading.catch(() => {});
          if (await writtenAfter(out)) late++;
        }
        expect(late, "reads that wrote into out after they rejected").toBe(0);
        // out is reused for a read that completes: it holds that read's values only
        await arr.get(undefined, { out });
        expect(out.every((v, i) => v === bigValues[i])).toBe(true);
      },
      TIMEOUT * 2,
    );

    it(
      `a read failing on a corrupt chunk writes nothing into out once it has rejected (${mode})`,
      async () => {
        const arr = await openArray(
          hostileStore(bigMap, async (key, bytes) =>
            key === "c/0/0" ? bytes?.slice(0, 100) : bytes?.slice(),
          ),
          options,
        );
        const out = new Float32Array(new SharedArrayBuffer(bigValues.length * 4));
        let late = 0;
        for (let trial = 0; trial < 6; trial++) {
          const error = await rejectionOf(arr.get(undefined, { out }));
          expect(error.message).toContain("c/0/0");
          if (await writtenAfter(out)) late++;
        }
        expect(late, "reads that wrote into out after they rejected").toBe(0);
      },
      TIMEOUT * 2,
    );
  }
});

describe("store errors racing the pool", () => {
  it(
    "a store failing on one chunk of a batch rejects the read once, typed; the pool goes on",
    async () => {
      for (const [, options] of MODES) {
        const arr = await openArray(
          hostileStore(map, async (key, bytes) => {
            if (key === BAD_KEY) throw new Error("disk on fire");
            await new Promise((resolve) => setTimeout(resolve, 5));
            return bytes?.slice();
          }),
          options,
        );
        const error = await rejectionOf(arr.get());
        expect(error).toBeInstanceOf(ZarrError);
        expect(error.message).toContain(BAD_KEY);
        expectValues((await (await openArray(honest, options)).get()).data);
      }
    },
    TIMEOUT,
  );
});
