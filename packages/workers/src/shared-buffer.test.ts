import { afterEach, describe, expect, it } from "vitest";
import { allocateBuffer, isSharedArrayBuffer, sharedMemoryAvailable } from "./shared-buffer.js";
import { cleanTransferList } from "./transfer-list.js";

describe("shared buffers", () => {
  const g = globalThis as { crossOriginIsolated?: boolean };
  afterEach(() => {
    delete g.crossOriginIsolated;
  });

  it("are available in Node, and in browsers only when cross-origin isolated", () => {
    expect(sharedMemoryAvailable()).toBe(true);
    g.crossOriginIsolated = false;
    expect(sharedMemoryAvailable()).toBe(false);
    expect(isSharedArrayBuffer(allocateBuffer(8))).toBe(false);
    g.crossOriginIsolated = true;
    expect(isSharedArrayBuffer(allocateBuffer(8))).toBe(true);
  });

  it("are allocated on request only", () => {
    expect(isSharedArrayBuffer(allocateBuffer(8, { shared: false }))).toBe(false);
    expect(allocateBuffer(8).byteLength).toBe(8);
    expect(() => allocateBuffer(-1)).toThrow("non-negative integer, got -1");
  });

  it("are never put in a transfer list, which is de-duplicated", () => {
    const a = new ArrayBuffer(4);
    const s = new SharedArrayBuffer(4);
    expect(cleanTransferList([a, s, a])).toEqual([a]);
    expect(cleanTransferList(undefined)).toEqual([]);
  });
});
