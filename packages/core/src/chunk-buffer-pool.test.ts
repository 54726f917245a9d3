import { describe, expect, it } from "vitest";
import {
  ChunkBufferPool,
  chunkBuffersFor,
  localChunkBuffers,
  sharedChunkBuffers,
} from "./chunk-buffer-pool.js";

const plainPool = (idle?: number) => new ChunkBufferPool((n) => new ArrayBuffer(n), idle);

describe("ChunkBufferPool", () => {
  it("hands a released buffer to the next taker of a similar size", () => {
    const pool = plainPool();
    const a = pool.take(1000);
    expect(a.byteLength).toBeGreaterThanOrEqual(1000);
    pool.release(a.subarray(0, 10));
    const b = pool.take(900);
    expect(b.buffer).toBe(a.buffer);
    expect(pool.idleBytes).toBe(0);
  });

  it("does not hand out a buffer far larger than asked for", () => {
    const pool = plainPool();
    const big = pool.take(4 << 20);
    pool.release(big);
    const small = pool.take(1000);
    expect(small.buffer).not.toBe(big.buffer);
    expect(pool.idleBytes).toBe(big.byteLength);
  });

  it("never recycles memory it did not lend", () => {
    const pool = plainPool();
    const foreign = new Uint8Array(64 * 1024);
    pool.release(foreign);
    expect(pool.idleBytes).toBe(0);
    expect(pool.take(1000).buffer).not.toBe(foreign.buffer);
  });

  it("drops buffers that were transferred away (detached)", () => {
    const pool = plainPool();
    const a = pool.take(1000);
    structuredClone(a, { transfer: [a.buffer as ArrayBuffer] });
    pool.release(a);
    expect(pool.idleBytes).toBe(0);
  });

  it("ignores a second release of the same buffer", () => {
    const pool = plainPool();
    const a = pool.take(1000);
    pool.release(a);
    pool.release(a);
    expect(pool.idleBytes).toBe(a.byteLength);
    const b = pool.take(1000);
    const c = pool.take(1000);
    expect(b.buffer).not.toBe(c.buffer);
  });

  it("keeps at most its idle budget, letting the oldest go", () => {
    const pool = plainPool(3 * 64 * 1024);
    const taken = [1, 2, 3, 4].map(() => pool.take(64 * 1024));
    for (const t of taken) pool.release(t);
    expect(pool.idleBytes).toBe(3 * 64 * 1024);
    expect(pool.take(64 * 1024).buffer).not.toBe(taken[0].buffer);
  });

  it("lend() takes back every scratch buffer, also when the work fails", async () => {
    const pool = plainPool();
    await expect(
      pool.lend(async (scratch) => {
        scratch(100);
        scratch(200);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(pool.idleBytes).toBe(2 * 64 * 1024);
  });

  it("shares memory for worker reads and not otherwise", () => {
    expect(sharedChunkBuffers.take(10).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(localChunkBuffers.take(10).buffer).toBeInstanceOf(ArrayBuffer);
    expect(chunkBuffersFor({}, true)).toBe(sharedChunkBuffers);
    expect(chunkBuffersFor({}, false)).toBe(localChunkBuffers);
    // a decoder that may transfer bytes to a worker gets no pooled buffers
    expect(chunkBuffersFor({ decodeInto: () => {} }, false)).toBeUndefined();
  });
});
