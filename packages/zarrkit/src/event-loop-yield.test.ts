/**
 * Loops over chunks yield to the event loop (issue 13, item 12): on a MemoryStore every
 * await resolves as a microtask, so without yields a reduction over many chunks held
 * the thread for its whole run, no timer fired and an abort was never seen.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { AbortError, create, MemoryStore, open, type ZarrArray } from "./index.js";

const CHUNKS = 4000;
let arr: ZarrArray;

beforeAll(async () => {
  const store = new MemoryStore();
  // small uncompressed chunks decode inline: no worker message ever reaches the event loop
  const a = await create(store, {
    shape: [CHUNKS * 16],
    chunks: [16],
    dtype: "float32",
    compressor: null,
    zarrFormat: 2,
  });
  await a.set(null, 1.5, { concurrency: 8 });
  arr = (await open(store, { kind: "array", workers: 0 })) as ZarrArray;
});

/** Runs `work` with a 0 ms interval timer; how many times the timer fired meanwhile. */
async function ticksDuring(work: () => Promise<unknown>): Promise<number> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return ticks;
}

describe("long loops over an in-memory store", () => {
  it("let timers run during stats(), get(), set() and blocks()", async () => {
    expect(await ticksDuring(() => arr.stats())).toBeGreaterThan(0);
    expect(await ticksDuring(() => arr.get(null))).toBeGreaterThan(0);
    expect(await ticksDuring(() => arr.set(null, 2.5))).toBeGreaterThan(0);
    const drain = async () => {
      for await (const _ of arr.blocks()) {
        // consume
      }
    };
    expect(await ticksDuring(drain)).toBeGreaterThan(0);
    expect((await arr.stats()).mean).toBe(2.5);
  });

  it("stop with AbortError soon after an abort from a timer", async () => {
    const controller = new AbortController();
    let done = 0;
    setTimeout(() => controller.abort(), 0);
    const stats = arr.stats(null, {
      signal: controller.signal,
      onProgress: (p) => {
        done = p.done;
      },
    });
    await expect(stats).rejects.toBeInstanceOf(AbortError);
    // the abort was seen mid-way, not after every chunk was reduced
    expect(done).toBeLessThan(CHUNKS);
  });

  it("stop blocks() iteration on abort", async () => {
    const controller = new AbortController();
    let seen = 0;
    setTimeout(() => controller.abort(), 0);
    const drain = async () => {
      for await (const _ of arr.blocks(null, { signal: controller.signal })) seen++;
    };
    await expect(drain()).rejects.toBeInstanceOf(AbortError);
    expect(seen).toBeLessThan(CHUNKS);
  });
});
