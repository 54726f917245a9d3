import { afterEach, describe, expect, it, vi } from "vitest";
import { SelectionError } from "../errors.js";
import { copyPoints, copyProjection, fillPoints, fillProjection, projectionRuns } from "./copy.js";
import type { DimProjection } from "./types.js";

const r = (start: number, step: number, count: number): DimProjection => ({
  kind: "range",
  start,
  step,
  count,
});
const ix = (...indices: number[]): DimProjection => ({
  kind: "indices",
  indices: Float64Array.from(indices),
});
const iota = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => i);

afterEach(() => {
  vi.restoreAllMocks();
});

describe("projectionRuns", () => {
  it("merges a whole chunk into row-aligned output into one run", () => {
    const l = projectionRuns(
      [500, 1000],
      [r(0, 1, 500), r(0, 1, 1000)],
      [1000, 1000],
      [r(500, 1, 500), r(0, 1, 1000)],
    );
    expect(l.runCount).toBe(1);
    expect(l.runLength).toBe(500_000);
  });
  it("a chunk into a column block of a wider output is one run per row", () => {
    const l = projectionRuns(
      [100, 100],
      [r(0, 1, 100), r(0, 1, 100)],
      [300, 300],
      [r(100, 1, 100), r(200, 1, 100)],
    );
    expect(l.runCount).toBe(100);
    expect(l.runLength).toBe(100);
  });
  it("merges through size-1 (integer-indexed) dimensions", () => {
    const l = projectionRuns(
      [10, 4, 8],
      [r(3, 1, 1), r(0, 1, 4), r(0, 1, 8)],
      [1, 4, 8],
      [r(0, 1, 1), r(0, 1, 4), r(0, 1, 8)],
    );
    expect(l.runCount).toBe(1);
    expect(l.runLength).toBe(32);
  });
  it("falls back to single elements for strided or indexed innermost dimensions", () => {
    expect(
      projectionRuns([8, 8], [r(0, 1, 8), r(0, 2, 4)], [8, 4], [r(0, 1, 8), r(0, 1, 4)]),
    ).toMatchObject({ runLength: 1, runCount: 32 });
    expect(projectionRuns([8], [ix(3, 1)], [2], [r(0, 1, 2)])).toMatchObject({
      runLength: 1,
      runCount: 2,
    });
  });
  it("rejects mismatched counts", () => {
    expect(() => projectionRuns([4], [r(0, 1, 4)], [4], [r(0, 1, 3)])).toThrow(
      new SelectionError("dimension 0 selects 4 source elements but 3 destination elements"),
    );
  });
});

describe("copyProjection", () => {
  it("copies a whole chunk into a row-aligned output region with one set() call", () => {
    const src = iota(500 * 1000);
    const dst = new Float32Array(1000 * 1000);
    const proto = Object.getPrototypeOf(Float32Array.prototype) as { set: unknown };
    const spy = vi.spyOn(proto as { set: (a: ArrayLike<number>, o?: number) => void }, "set");
    copyProjection(
      src,
      [500, 1000],
      [r(0, 1, 500), r(0, 1, 1000)],
      dst,
      [1000, 1000],
      [r(500, 1, 500), r(0, 1, 1000)],
    );
    expect(spy.mock.calls.length).toBe(1);
    spy.mockRestore();
    expect(dst[500_000]).toBe(0);
    expect(dst[999_999]).toBe(499_999);
    expect(dst[499_999]).toBe(0);
  });

  it("copies a sub-box with offsets on both sides", () => {
    const src = iota(4 * 5);
    const dst = new Float32Array(3 * 3).fill(-1);
    copyProjection(src, [4, 5], [r(1, 1, 2), r(2, 1, 3)], dst, [3, 3], [r(1, 1, 2), r(0, 1, 3)]);
    expect(Array.from(dst)).toEqual([-1, -1, -1, 7, 8, 9, 12, 13, 14]);
  });

  it("handles negative steps and indices on either side", () => {
    const src = iota(6);
    const dst = new Float32Array(6);
    copyProjection(src, [6], [r(0, 1, 6)], dst, [6], [r(5, -1, 6)]);
    expect(Array.from(dst)).toEqual([5, 4, 3, 2, 1, 0]);
    const dst2 = new Float32Array(3);
    copyProjection(src, [6], [ix(4, 0, 4)], dst2, [3], [ix(2, 0, 1)]);
    expect(Array.from(dst2)).toEqual([0, 4, 4]);
  });

  it("gathers (the write direction) with strides on the destination", () => {
    const user = Float64Array.of(1, 2, 3, 4);
    const chunk = new Float64Array(16);
    copyProjection(user, [2, 2], [r(0, 1, 2), r(0, 1, 2)], chunk, [4, 4], [r(1, 2, 2), r(0, 3, 2)]);
    const want = new Float64Array(16);
    want[4] = 1;
    want[7] = 2;
    want[12] = 3;
    want[15] = 4;
    expect(chunk).toEqual(want);
  });

  it("copies interleaved complex elements (2 components)", () => {
    const src = Float64Array.of(0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5);
    const dst = new Float64Array(4);
    copyProjection(src, [4], [r(1, 2, 2)], dst, [2], [r(1, -1, 2)], 2);
    expect(Array.from(dst)).toEqual([3, 3.5, 1, 1.5]);
  });

  it("copies long runs of a 3-d box with set() per run", () => {
    const src = iota(2 * 3 * 100);
    const dst = new Float32Array(2 * 3 * 100);
    copyProjection(
      src,
      [2, 3, 100],
      [r(0, 1, 2), r(0, 1, 3), r(0, 1, 100)],
      dst,
      [2, 3, 100],
      [r(0, 1, 2), r(0, 1, 3), r(0, 1, 100)],
    );
    expect(dst).toEqual(src);
  });

  it("copies strings and byte strings", () => {
    const src = ["a", "b", "c", "d"];
    const dst = new Array<string>(2).fill("");
    copyProjection(src, [2, 2], [r(0, 1, 2), r(1, 1, 1)], dst, [2, 1], [r(0, 1, 2), r(0, 1, 1)]);
    expect(dst).toEqual(["b", "d"]);
    const bsrc = [Uint8Array.of(1), Uint8Array.of(2)];
    const bdst = [new Uint8Array(0), new Uint8Array(0)];
    copyProjection(bsrc, [2], [r(1, -1, 2)], bdst, [2], [r(0, 1, 2)]);
    expect(bdst.map((b) => b[0])).toEqual([2, 1]);
  });

  it("copies a 0-d element", () => {
    const dst = new Int32Array(1);
    copyProjection(Int32Array.of(42), [], [], dst, [], []);
    expect(dst[0]).toBe(42);
  });

  it("does nothing for empty selections", () => {
    const dst = new Float32Array(4).fill(7);
    copyProjection(iota(4), [4], [r(0, 1, 0)], dst, [4], [ix()]);
    expect(Array.from(dst)).toEqual([7, 7, 7, 7]);
  });

  it("rejects ranges outside the shape and short buffers", () => {
    expect(() =>
      copyProjection(iota(4), [4], [r(2, 1, 3)], new Float32Array(3), [3], [r(0, 1, 3)]),
    ).toThrow("source range 2 step 1 count 3 is outside dimension 0 of size 4");
    expect(() =>
      copyProjection(iota(3), [4], [r(0, 1, 3)], new Float32Array(3), [3], [r(0, 1, 3)]),
    ).toThrow("source buffer holds 3 slots, shape [4] needs 4");
    expect(() => copyProjection(iota(4), [4], [], new Float32Array(4), [4], [r(0, 1, 4)])).toThrow(
      SelectionError,
    );
  });
});

describe("fillProjection", () => {
  it("fills runs and strided positions", () => {
    const dst = new Float32Array(12);
    fillProjection(dst, [3, 4], [r(1, 1, 2), r(0, 1, 4)], 5);
    expect(Array.from(dst)).toEqual([0, 0, 0, 0, 5, 5, 5, 5, 5, 5, 5, 5]);
    fillProjection(dst, [3, 4], [ix(0, 2), r(3, -2, 2)], -1);
    expect(Array.from(dst)).toEqual([0, -1, 0, -1, 5, 5, 5, 5, 5, -1, 5, -1]);
  });
  it("fills complex pairs, bigints, booleans and strings", () => {
    const c = new Float32Array(6);
    fillProjection(c, [3], [r(1, 1, 2)], [1, 2], 2);
    expect(Array.from(c)).toEqual([0, 0, 1, 2, 1, 2]);
    const b = new BigInt64Array(3);
    fillProjection(b, [3], [r(0, 2, 2)], 7);
    expect(Array.from(b)).toEqual([7n, 0n, 7n]);
    const u = new Uint8Array(2);
    fillProjection(u, [2], [r(0, 1, 2)], true);
    expect(Array.from(u)).toEqual([1, 1]);
    const s = ["", "", ""];
    fillProjection(s, [3], [r(1, 1, 2)], "x");
    expect(s).toEqual(["", "x", "x"]);
  });
});

describe("copyPoints / fillPoints", () => {
  it("copies by flat offsets", () => {
    const dst = new Float32Array(3);
    copyPoints(iota(10), Float64Array.of(9, 0, 4), dst, Float64Array.of(0, 2, 1));
    expect(Array.from(dst)).toEqual([9, 4, 0]);
  });
  it("copies complex points", () => {
    const dst = new Float64Array(4);
    copyPoints(
      Float64Array.of(0, 1, 2, 3, 4, 5),
      Float64Array.of(2, 0),
      dst,
      Float64Array.of(0, 1),
      2,
    );
    expect(Array.from(dst)).toEqual([4, 5, 0, 1]);
  });
  it("fills points", () => {
    const dst = new Float64Array(6);
    fillPoints(dst, Float64Array.of(2), [7, 8], 2);
    expect(Array.from(dst)).toEqual([0, 0, 0, 0, 7, 8]);
  });
  it("rejects mismatched offset counts", () => {
    expect(() =>
      copyPoints(iota(3), Float64Array.of(1), new Float32Array(2), Float64Array.of(0, 1)),
    ).toThrow("copyPoints: 1 source offsets but 2 destination offsets");
  });
});
