import { AbortError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { ByteLruCache } from "./byte-lru-cache.js";
import { crc32 } from "./crc32.js";
import { coalesceRanges } from "./range-coalescing.js";
import { backoffDelay, parseRetryAfter } from "./retry-policy.js";
import { Semaphore } from "./semaphore.js";

describe("coalesceRanges", () => {
  it("merges ranges within the gap, keeps suffixes apart", () => {
    const { merged, suffixes } = coalesceRanges(
      [
        { offset: 100, length: 10 },
        { suffixLength: 3 },
        { offset: 0, length: 10 },
        { offset: 201, length: 10 },
        { offset: 5, length: 2 },
      ],
      { gapBytes: 90 },
    );
    expect(suffixes).toEqual([1]);
    expect(merged).toEqual([
      { offset: 0, length: 110, members: [2, 4, 0] },
      { offset: 201, length: 10, members: [3] },
    ]);
  });
});

describe("Semaphore", () => {
  it("admits `limit` tasks, first in first out, and drops aborted waiters", async () => {
    const semaphore = new Semaphore(1);
    const order: number[] = [];
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const aborted = semaphore.acquire(controller.signal);
    const second = semaphore.run(async () => order.push(2));
    const third = semaphore.run(async () => order.push(3));
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    release();
    release(); // twice is harmless
    await Promise.all([second, third]);
    expect(order).toEqual([2, 3]);
    expect(semaphore.active).toBe(0);
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});

describe("retry policy", () => {
  it("backs off exponentially with jitter, capped", () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(2, options, () => 1)).toBe(400);
    expect(backoffDelay(10, options, () => 1)).toBe(1000);
  });

  it("parses Retry-After seconds and dates", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:10 GMT", Date.UTC(2015, 9, 21, 7, 28, 0))).toBe(
      10_000,
    );
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe("ByteLruCache and crc32", () => {
  it("evicts least recently used entries past the byte budget", () => {
    const evicted: string[] = [];
    const cache = new ByteLruCache<number>(10, (id) => evicted.push(id));
    cache.set("a", 1, 4);
    cache.set("b", 2, 4);
    cache.get("a");
    cache.set("c", 3, 4);
    expect(evicted).toEqual(["b"]);
    cache.set("huge", 4, 11);
    expect(cache.has("huge")).toBe(false);
    expect(cache.bytes).toBe(8);
  });

  it("computes the zip CRC-32", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });
});
