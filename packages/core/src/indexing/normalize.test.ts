import { describe, expect, it } from "vitest";
import { SelectionError } from "../errors.js";
import {
  expandSelection,
  normalizeCoordinates,
  normalizeIndex,
  normalizeSelection,
  normalizeSlice,
} from "./normalize.js";
import { coords, slice } from "./slice.js";

/** [size, start, stop, step, list(range(size))[start:stop:step]], generated with CPython. */
type Row = [number, number | null, number | null, number | null, number[]];
// biome-ignore format: table
const PYTHON: Row[] = [
  [0,null,null,null,[]], [0,null,null,-1,[]], [0,null,null,2,[]], [0,null,null,-3,[]], [0,null,-7,null,[]], [0,null,-7,-1,[]],
  [0,null,-7,2,[]], [0,null,-7,-3,[]], [0,null,-2,null,[]], [0,null,-2,-1,[]], [0,null,-2,2,[]], [0,null,-2,-3,[]],
  [0,null,0,null,[]], [0,null,0,-1,[]], [0,null,0,2,[]], [0,null,0,-3,[]], [0,null,3,null,[]], [0,null,3,-1,[]],
  [0,null,3,2,[]], [0,null,3,-3,[]], [0,null,7,null,[]], [0,null,7,-1,[]], [0,null,7,2,[]], [0,null,7,-3,[]],
  [0,-7,null,null,[]], [0,-7,null,-1,[]], [0,-7,null,2,[]], [0,-7,null,-3,[]], [0,-7,-7,null,[]], [0,-7,-7,-1,[]],
  [0,-7,-7,2,[]], [0,-7,-7,-3,[]], [0,-7,-2,null,[]], [0,-7,-2,-1,[]], [0,-7,-2,2,[]], [0,-7,-2,-3,[]],
  [0,-7,0,null,[]], [0,-7,0,-1,[]], [0,-7,0,2,[]], [0,-7,0,-3,[]], [0,-7,3,null,[]], [0,-7,3,-1,[]],
  [0,-7,3,2,[]], [0,-7,3,-3,[]], [0,-7,7,null,[]], [0,-7,7,-1,[]], [0,-7,7,2,[]], [0,-7,7,-3,[]],
  [0,-2,null,null,[]], [0,-2,null,-1,[]], [0,-2,null,2,[]], [0,-2,null,-3,[]], [0,-2,-7,null,[]], [0,-2,-7,-1,[]],
  [0,-2,-7,2,[]], [0,-2,-7,-3,[]], [0,-2,-2,null,[]], [0,-2,-2,-1,[]], [0,-2,-2,2,[]], [0,-2,-2,-3,[]],
  [0,-2,0,null,[]], [0,-2,0,-1,[]], [0,-2,0,2,[]], [0,-2,0,-3,[]], [0,-2,3,null,[]], [0,-2,3,-1,[]],
  [0,-2,3,2,[]], [0,-2,3,-3,[]], [0,-2,7,null,[]], [0,-2,7,-1,[]], [0,-2,7,2,[]], [0,-2,7,-3,[]],
  [0,0,null,null,[]], [0,0,null,-1,[]], [0,0,null,2,[]], [0,0,null,-3,[]], [0,0,-7,null,[]], [0,0,-7,-1,[]],
  [0,0,-7,2,[]], [0,0,-7,-3,[]], [0,0,-2,null,[]], [0,0,-2,-1,[]], [0,0,-2,2,[]], [0,0,-2,-3,[]],
  [0,0,0,null,[]], [0,0,0,-1,[]], [0,0,0,2,[]], [0,0,0,-3,[]], [0,0,3,null,[]], [0,0,3,-1,[]],
  [0,0,3,2,[]], [0,0,3,-3,[]], [0,0,7,null,[]], [0,0,7,-1,[]], [0,0,7,2,[]], [0,0,7,-3,[]],
  [0,3,null,null,[]], [0,3,null,-1,[]], [0,3,null,2,[]], [0,3,null,-3,[]], [0,3,-7,null,[]], [0,3,-7,-1,[]],
  [0,3,-7,2,[]], [0,3,-7,-3,[]], [0,3,-2,null,[]], [0,3,-2,-1,[]], [0,3,-2,2,[]], [0,3,-2,-3,[]],
  [0,3,0,null,[]], [0,3,0,-1,[]], [0,3,0,2,[]], [0,3,0,-3,[]], [0,3,3,null,[]], [0,3,3,-1,[]],
  [0,3,3,2,[]], [0,3,3,-3,[]], [0,3,7,null,[]], [0,3,7,-1,[]], [0,3,7,2,[]], [0,3,7,-3,[]],
  [0,7,null,null,[]], [0,7,null,-1,[]], [0,7,null,2,[]], [0,7,null,-3,[]], [0,7,-7,null,[]], [0,7,-7,-1,[]],
  [0,7,-7,2,[]], [0,7,-7,-3,[]], [0,7,-2,null,[]], [0,7,-2,-1,[]], [0,7,-2,2,[]], [0,7,-2,-3,[]],
  [0,7,0,null,[]], [0,7,0,-1,[]], [0,7,0,2,[]], [0,7,0,-3,[]], [0,7,3,null,[]], [0,7,3,-1,[]],
  [0,7,3,2,[]], [0,7,3,-3,[]], [0,7,7,null,[]], [0,7,7,-1,[]], [0,7,7,2,[]], [0,7,7,-3,[]],
  [5,null,null,null,[0,1,2,3,4]], [5,null,null,-1,[4,3,2,1,0]], [5,null,null,2,[0,2,4]], [5,null,null,-3,[4,1]], [5,null,-7,null,[]], [5,null,-7,-1,[4,3,2,1,0]],
  [5,null,-7,2,[]], [5,null,-7,-3,[4,1]], [5,null,-2,null,[0,1,2]], [5,null,-2,-1,[4]], [5,null,-2,2,[0,2]], [5,null,-2,-3,[4]],
  [5,null,0,null,[]], [5,null,0,-1,[4,3,2,1]], [5,null,0,2,[]], [5,null,0,-3,[4,1]], [5,null,3,null,[0,1,2]], [5,null,3,-1,[4]],
  [5,null,3,2,[0,2]], [5,null,3,-3,[4]], [5,null,7,null,[0,1,2,3,4]], [5,null,7,-1,[]], [5,null,7,2,[0,2,4]], [5,null,7,-3,[]],
  [5,-7,null,null,[0,1,2,3,4]], [5,-7,null,-1,[]], [5,-7,null,2,[0,2,4]], [5,-7,null,-3,[]], [5,-7,-7,null,[]], [5,-7,-7,-1,[]],
  [5,-7,-7,2,[]], [5,-7,-7,-3,[]], [5,-7,-2,null,[0,1,2]], [5,-7,-2,-1,[]], [5,-7,-2,2,[0,2]], [5,-7,-2,-3,[]],
  [5,-7,0,null,[]], [5,-7,0,-1,[]], [5,-7,0,2,[]], [5,-7,0,-3,[]], [5,-7,3,null,[0,1,2]], [5,-7,3,-1,[]],
  [5,-7,3,2,[0,2]], [5,-7,3,-3,[]], [5,-7,7,null,[0,1,2,3,4]], [5,-7,7,-1,[]], [5,-7,7,2,[0,2,4]], [5,-7,7,-3,[]],
  [5,-2,null,null,[3,4]], [5,-2,null,-1,[3,2,1,0]], [5,-2,null,2,[3]], [5,-2,null,-3,[3,0]], [5,-2,-7,null,[]], [5,-2,-7,-1,[3,2,1,0]],
  [5,-2,-7,2,[]], [5,-2,-7,-3,[3,0]], [5,-2,-2,null,[]], [5,-2,-2,-1,[]], [5,-2,-2,2,[]], [5,-2,-2,-3,[]],
  [5,-2,0,null,[]], [5,-2,0,-1,[3,2,1]], [5,-2,0,2,[]], [5,-2,0,-3,[3]], [5,-2,3,null,[]], [5,-2,3,-1,[]],
  [5,-2,3,2,[]], [5,-2,3,-3,[]], [5,-2,7,null,[3,4]], [5,-2,7,-1,[]], [5,-2,7,2,[3]], [5,-2,7,-3,[]],
  [5,0,null,null,[0,1,2,3,4]], [5,0,null,-1,[0]], [5,0,null,2,[0,2,4]], [5,0,null,-3,[0]], [5,0,-7,null,[]], [5,0,-7,-1,[0]],
  [5,0,-7,2,[]], [5,0,-7,-3,[0]], [5,0,-2,null,[0,1,2]], [5,0,-2,-1,[]], [5,0,-2,2,[0,2]], [5,0,-2,-3,[]],
  [5,0,0,null,[]], [5,0,0,-1,[]], [5,0,0,2,[]], [5,0,0,-3,[]], [5,0,3,null,[0,1,2]], [5,0,3,-1,[]],
  [5,0,3,2,[0,2]], [5,0,3,-3,[]], [5,0,7,null,[0,1,2,3,4]], [5,0,7,-1,[]], [5,0,7,2,[0,2,4]], [5,0,7,-3,[]],
  [5,3,null,null,[3,4]], [5,3,null,-1,[3,2,1,0]], [5,3,null,2,[3]], [5,3,null,-3,[3,0]], [5,3,-7,null,[]], [5,3,-7,-1,[3,2,1,0]],
  [5,3,-7,2,[]], [5,3,-7,-3,[3,0]], [5,3,-2,null,[]], [5,3,-2,-1,[]], [5,3,-2,2,[]], [5,3,-2,-3,[]],
  [5,3,0,null,[]], [5,3,0,-1,[3,2,1]], [5,3,0,2,[]], [5,3,0,-3,[3]], [5,3,3,null,[]], [5,3,3,-1,[]],
  [5,3,3,2,[]], [5,3,3,-3,[]], [5,3,7,null,[3,4]], [5,3,7,-1,[]], [5,3,7,2,[3]], [5,3,7,-3,[]],
  [5,7,null,null,[]], [5,7,null,-1,[4,3,2,1,0]], [5,7,null,2,[]], [5,7,null,-3,[4,1]], [5,7,-7,null,[]], [5,7,-7,-1,[4,3,2,1,0]],
  [5,7,-7,2,[]], [5,7,-7,-3,[4,1]], [5,7,-2,null,[]], [5,7,-2,-1,[4]], [5,7,-2,2,[]], [5,7,-2,-3,[4]],
  [5,7,0,null,[]], [5,7,0,-1,[4,3,2,1]], [5,7,0,2,[]], [5,7,0,-3,[4,1]], [5,7,3,null,[]], [5,7,3,-1,[4]],
  [5,7,3,2,[]], [5,7,3,-3,[4]], [5,7,7,null,[]], [5,7,7,-1,[]], [5,7,7,2,[]], [5,7,7,-3,[]],
];

function indicesOf(r: { start: number; step: number; count: number }): number[] {
  return Array.from({ length: r.count }, (_, i) => r.start + i * r.step);
}

describe("normalizeSlice", () => {
  it("matches CPython's slicing, including negative steps and clamping", () => {
    for (const [n, a, b, s, want] of PYTHON) {
      expect([n, a, b, s, indicesOf(normalizeSlice(slice(a, b, s), n))]).toEqual([
        n,
        a,
        b,
        s,
        want,
      ]);
    }
  });
  it("rejects a zero step, naming the dimension", () => {
    expect(() => normalizeSlice(slice(0, 4, 0), 4, 2)).toThrow(SelectionError);
    expect(() => normalizeSlice(slice(0, 4, 0), 4, 2)).toThrow(
      "slice step cannot be zero (dimension 2)",
    );
  });
  it("rejects non-integer bounds", () => {
    expect(() => normalizeSlice(slice(0.5, 4), 4, 1)).toThrow(
      "slice start 0.5 for dimension 1 is not an integer",
    );
  });
  it("clamps huge bounds", () => {
    expect(normalizeSlice(slice(-1e12, 1e12), 7)).toEqual({ start: 0, step: 1, count: 7 });
    expect(normalizeSlice(slice(1e12, -1e12, -1), 7)).toEqual({ start: 6, step: -1, count: 7 });
  });
});

describe("normalizeIndex", () => {
  it("counts negative indices from the end", () => {
    expect(normalizeIndex(-1, 5, 0)).toBe(4);
    expect(normalizeIndex(-5, 5, 0)).toBe(0);
    expect(normalizeIndex(4, 5, 0)).toBe(4);
  });
  it("names dimension, index and size when out of bounds", () => {
    expect(() => normalizeIndex(5, 5, 1)).toThrow(
      new SelectionError("index 5 is out of bounds for dimension 1 with size 5"),
    );
    expect(() => normalizeIndex(-6, 5, 0)).toThrow(
      "index -6 is out of bounds for dimension 0 with size 5",
    );
    expect(() => normalizeIndex(0, 0, 3)).toThrow(
      "index 0 is out of bounds for dimension 3 with size 0",
    );
  });
  it("rejects non-integers", () => {
    expect(() => normalizeIndex(1.5, 5, 0)).toThrow("index 1.5 for dimension 0 is not an integer");
  });
});

describe("expandSelection", () => {
  it("expands ... and missing trailing dimensions to null", () => {
    expect(expandSelection(["...", 1], 3)).toEqual([null, null, 1]);
    expect(expandSelection([1, "..."], 3)).toEqual([1, null, null]);
    expect(expandSelection([1, "...", 2], 3)).toEqual([1, null, 2]);
    expect(expandSelection([1, "...", 2, 3], 3)).toEqual([1, 2, 3]);
    expect(expandSelection([1], 3)).toEqual([1, null, null]);
    expect(expandSelection([], 2)).toEqual([null, null]);
    expect(expandSelection(["..."], 0)).toEqual([]);
  });
  it("allows at most one ...", () => {
    expect(() => expandSelection(["...", "..."], 3)).toThrow(
      'a selection can only have a single "..."',
    );
  });
  it("rejects too many dimensions", () => {
    expect(() => expandSelection([1, 2, 3], 2)).toThrow(
      "too many indices: the selection has 3 dimensions but the array has 2",
    );
    expect(() => expandSelection([0], 0)).toThrow(SelectionError);
  });
});

describe("normalizeSelection", () => {
  it("normalizes each kind of dimension", () => {
    const dims = normalizeSelection(
      [10, 10, 10, 4, 3],
      [-1, slice(null, null, -2), null, [3, -4, 3], [true, false, true]],
    );
    expect(dims[0]).toEqual({ kind: "integer", index: 9 });
    expect(dims[1]).toEqual({ kind: "slice", start: 9, step: -2, count: 5 });
    expect(dims[2]).toEqual({ kind: "slice", start: 0, step: 1, count: 10 });
    expect(dims[3]).toEqual({ kind: "indices", indices: Float64Array.of(3, 0, 3) });
    expect(dims[4]).toEqual({ kind: "indices", indices: Float64Array.of(0, 2) });
  });
  it("accepts typed index arrays and Uint8Array masks", () => {
    const dims = normalizeSelection([4, 4], [Int32Array.of(-1, 0), Uint8Array.of(0, 1, 1, 0)]);
    expect(Array.from((dims[0] as { indices: Float64Array }).indices)).toEqual([3, 0]);
    expect(Array.from((dims[1] as { indices: Float64Array }).indices)).toEqual([1, 2]);
  });
  it("checks mask length and index-array bounds", () => {
    expect(() => normalizeSelection([4], [[true, false]])).toThrow(
      "boolean mask of length 2 does not match dimension 0 with size 4",
    );
    expect(() => normalizeSelection([4, 3], [null, [0, 3]])).toThrow(
      "index 3 is out of bounds for dimension 1 with size 3",
    );
  });
  it("rejects unsupported values", () => {
    expect(() => normalizeSelection([4], ["x" as unknown as number])).toThrow(
      "unsupported selection for dimension 0: x",
    );
  });
  it("handles 0-d arrays", () => {
    expect(normalizeSelection([], [])).toEqual([]);
    expect(normalizeSelection([], ["..."])).toEqual([]);
  });
});

describe("normalizeCoordinates", () => {
  it("normalizes negative coordinates", () => {
    const c = normalizeCoordinates([4, 5], coords([0, -1], [-5, 4]));
    expect(c.map((a) => Array.from(a))).toEqual([
      [0, 3],
      [0, 4],
    ]);
  });
  it("checks rank, lengths and bounds", () => {
    expect(() => normalizeCoordinates([4, 5], coords([0]))).toThrow(
      "coordinate selection has 1 index arrays but the array has 2 dimensions",
    );
    expect(() => normalizeCoordinates([4, 5], coords([0, 1], [1]))).toThrow(
      "coordinate arrays differ in length: dimension 0 has 2 points, dimension 1 has 1",
    );
    expect(() => normalizeCoordinates([4, 5], coords([0], [5]))).toThrow(
      "index 5 is out of bounds for dimension 1 with size 5",
    );
    expect(() => normalizeCoordinates([], coords())).toThrow(SelectionError);
  });
});
