/**
 * Constructors for selections: numpy's `start:stop:step` and coordinate (point) lists.
 */
import type { CoordinateSelection, IndexArray, Slice } from "./types.js";

/** `slice(stop)` is numpy's `:stop`; `slice(start, stop, step?)` is `start:stop:step`. */
export function slice(stop: number | null): Slice;
export function slice(start: number | null, stop: number | null, step?: number | null): Slice;
export function slice(a: number | null, b?: number | null, step: number | null = null): Slice {
  if (b === undefined) return { kind: "slice", start: null, stop: a, step: null };
  return { kind: "slice", start: a, stop: b, step };
}

/** A coordinate selection: `coords([0, 5], [2, 7])` picks points (0, 2) and (5, 7). */
export function coords(...perDimIndexArrays: IndexArray[]): CoordinateSelection {
  return { kind: "coordinates", coordinates: perDimIndexArrays };
}

/** True for a `Slice` object (as made by `slice()`). */
export function isSlice(value: unknown): value is Slice {
  return (
    typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "slice"
  );
}
