import { describe, expect, it } from "vitest";
import { coords, isSlice, slice } from "./slice.js";

describe("slice", () => {
  it("slice(stop) is :stop", () => {
    expect(slice(5)).toEqual({ kind: "slice", start: null, stop: 5, step: null });
    expect(slice(null)).toEqual({ kind: "slice", start: null, stop: null, step: null });
  });
  it("slice(start, stop, step)", () => {
    expect(slice(1, 10)).toEqual({ kind: "slice", start: 1, stop: 10, step: null });
    expect(slice(null, null, -1)).toEqual({ kind: "slice", start: null, stop: null, step: -1 });
    expect(slice(-3, null, 2)).toEqual({ kind: "slice", start: -3, stop: null, step: 2 });
  });
  it("isSlice", () => {
    expect(isSlice(slice(3))).toBe(true);
    expect(isSlice(null)).toBe(false);
    expect(isSlice([1, 2])).toBe(false);
  });
});

describe("coords", () => {
  it("wraps per-dimension index arrays", () => {
    const c = coords([0, 5], Int32Array.of(2, 7));
    expect(c.kind).toBe("coordinates");
    expect(c.coordinates.length).toBe(2);
    expect(Array.from(c.coordinates[1])).toEqual([2, 7]);
  });
});
