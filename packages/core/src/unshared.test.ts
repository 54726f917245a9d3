import { describe, expect, it } from "vitest";
import { unshared } from "./unshared.js";

describe("unshared", () => {
  it("copies a view of shared memory into ordinary memory, and keeps others as they are", () => {
    const shared = new Uint8Array(new SharedArrayBuffer(8), 2, 4);
    shared.set([1, 2, 3, 4]);
    const copy = unshared(shared);
    expect(copy.buffer).toBeInstanceOf(ArrayBuffer);
    expect(Array.from(copy)).toEqual([1, 2, 3, 4]);
    const plain = new Uint8Array([5, 6]);
    expect(unshared(plain)).toBe(plain);
  });
});
