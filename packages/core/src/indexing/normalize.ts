/**
 * Per-dimension normalization of a selection against an array shape, following numpy's
 * rules: negative indices count from the end, slices clamp like `slice.indices(n)`,
 * `...` expands to whole axes, missing trailing dimensions mean whole axes.
 */
import { SelectionError } from "../errors.js";
import { isSlice } from "./slice.js";
import {
  type CoordinateSelection,
  type DimSelection,
  ELLIPSIS,
  type OrthogonalSelection,
  type Slice,
} from "./types.js";

/** One dimension after normalization; every index is in [0, size). */
export type DimIndexer =
  /** A single index: the axis is dropped from the result's shape. */
  | { readonly kind: "integer"; readonly index: number }
  /** Elements start + i * step for i in [0, count); step is nonzero, may be negative. */
  | {
      readonly kind: "slice";
      readonly start: number;
      readonly step: number;
      readonly count: number;
    }
  /** Explicit indices in output order (unsorted, duplicates allowed). */
  | { readonly kind: "indices"; readonly indices: Float64Array };

/** numpy's `slice(start, stop, step).indices(size)`, as (start, step, count). */
export function normalizeSlice(
  s: Slice,
  size: number,
  dim = 0,
): { start: number; step: number; count: number } {
  const step = s.step ?? 1;
  for (const [name, v] of [
    ["start", s.start],
    ["stop", s.stop],
    ["step", s.step],
  ] as const) {
    if (v !== null && !Number.isInteger(v)) {
      throw new SelectionError(`slice ${name} ${v} for dimension ${dim} is not an integer`);
    }
  }
  if (step === 0) throw new SelectionError(`slice step cannot be zero (dimension ${dim})`);
  const lower = step > 0 ? 0 : -1;
  const upper = step > 0 ? size : size - 1;
  const clamp = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) {
      v += size;
      return v < lower ? lower : v;
    }
    return v > upper ? upper : v;
  };
  const start = clamp(s.start, step > 0 ? lower : upper);
  const stop = clamp(s.stop, step > 0 ? upper : lower);
  let count = 0;
  if (step > 0 && stop > start) count = Math.floor((stop - start - 1) / step) + 1;
  else if (step < 0 && start > stop) count = Math.floor((start - stop - 1) / -step) + 1;
  return { start, step, count };
}

/** A single integer index, negative counting from the end; throws when out of bounds. */
export function normalizeIndex(index: number, size: number, dim: number): number {
  if (!Number.isInteger(index)) {
    throw new SelectionError(`index ${index} for dimension ${dim} is not an integer`);
  }
  const i = index < 0 ? index + size : index;
  if (i < 0 || i >= size) {
    throw new SelectionError(
      `index ${index} is out of bounds for dimension ${dim} with size ${size}`,
    );
  }
  return i;
}

function isBooleanMask(sel: ArrayLike<unknown>): boolean {
  if (sel instanceof Uint8Array) return true;
  return sel.length > 0 && typeof sel[0] === "boolean";
}

/** Integer list or boolean mask -> normalized indices in output order. */
function normalizeIndexArray(sel: ArrayLike<unknown>, size: number, dim: number): Float64Array {
  if (isBooleanMask(sel)) {
    if (sel.length !== size) {
      throw new SelectionError(
        `boolean mask of length ${sel.length} does not match dimension ${dim} with size ${size}`,
      );
    }
    let n = 0;
    for (let i = 0; i < sel.length; i++) {
      const v = sel[i];
      if (typeof v !== "boolean" && typeof v !== "number") {
        throw new SelectionError(`boolean mask for dimension ${dim} holds a non-boolean ${v}`);
      }
      if (v) n++;
    }
    const out = new Float64Array(n);
    for (let i = 0, j = 0; i < sel.length; i++) if (sel[i]) out[j++] = i;
    return out;
  }
  const out = new Float64Array(sel.length);
  for (let i = 0; i < sel.length; i++) {
    const v = sel[i];
    if (typeof v !== "number") {
      throw new SelectionError(`index array for dimension ${dim} holds a non-integer ${v}`);
    }
    out[i] = normalizeIndex(v, size, dim);
  }
  return out;
}

function normalizeDim(sel: DimSelection | undefined, size: number, dim: number): DimIndexer {
  if (sel === null || sel === undefined) return { kind: "slice", start: 0, step: 1, count: size };
  if (typeof sel === "number") return { kind: "integer", index: normalizeIndex(sel, size, dim) };
  if (isSlice(sel)) return { kind: "slice", ...normalizeSlice(sel, size, dim) };
  if (Array.isArray(sel) || ArrayBuffer.isView(sel)) {
    return { kind: "indices", indices: normalizeIndexArray(sel as ArrayLike<unknown>, size, dim) };
  }
  throw new SelectionError(`unsupported selection for dimension ${dim}: ${String(sel)}`);
}

/** Expands `...` and missing trailing dimensions; returns one DimSelection per dimension. */
export function expandSelection(
  selection: OrthogonalSelection,
  rank: number,
): (DimSelection | undefined)[] {
  if (!Array.isArray(selection)) {
    throw new SelectionError(`selection must be an array of per-dimension selections`);
  }
  let ellipsisAt = -1;
  for (let i = 0; i < selection.length; i++) {
    if (selection[i] === ELLIPSIS) {
      if (ellipsisAt >= 0) throw new SelectionError(`a selection can only have a single "..."`);
      ellipsisAt = i;
    }
  }
  const given = selection.length - (ellipsisAt >= 0 ? 1 : 0);
  if (given > rank) {
    throw new SelectionError(
      `too many indices: the selection has ${given} dimensions but the array has ${rank}`,
    );
  }
  const out: (DimSelection | undefined)[] = [];
  for (let i = 0; i < selection.length; i++) {
    if (i === ellipsisAt) {
      for (let j = 0; j < rank - given; j++) out.push(null);
    } else {
      out.push(selection[i] as DimSelection);
    }
  }
  while (out.length < rank) out.push(null);
  return out;
}

/** Normalizes an orthogonal selection against `shape`: one DimIndexer per dimension. */
export function normalizeSelection(
  shape: readonly number[],
  selection: OrthogonalSelection = [],
): DimIndexer[] {
  const dims = expandSelection(selection, shape.length);
  return dims.map((sel, d) => normalizeDim(sel, shape[d], d));
}

/** Normalizes a coordinate selection: one Float64Array of in-bounds indices per dimension. */
export function normalizeCoordinates(
  shape: readonly number[],
  selection: CoordinateSelection,
): Float64Array[] {
  const { coordinates } = selection;
  if (coordinates.length !== shape.length) {
    throw new SelectionError(
      `coordinate selection has ${coordinates.length} index arrays but the array has ${shape.length} dimensions`,
    );
  }
  if (shape.length === 0) {
    throw new SelectionError("coordinate selection needs an array with at least one dimension");
  }
  const n = coordinates[0].length;
  return coordinates.map((arr, d) => {
    if (arr.length !== n) {
      throw new SelectionError(
        `coordinate arrays differ in length: dimension 0 has ${n} points, dimension ${d} has ${arr.length}`,
      );
    }
    if (isBooleanMask(arr as ArrayLike<unknown>)) {
      throw new SelectionError(`coordinate selection for dimension ${d} must be integers`);
    }
    return normalizeIndexArray(arr as ArrayLike<unknown>, shape[d], d);
  });
}
