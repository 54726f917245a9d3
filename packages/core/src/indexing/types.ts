/**
 * Selection types (numpy semantics) and the read plan they compile to.
 * Index arithmetic uses plain numbers: exact for every index below 2^53.
 */

/** numpy's `start:stop:step`; null means the default for that position. */
export interface Slice {
  readonly kind: "slice";
  readonly start: number | null;
  readonly stop: number | null;
  readonly step: number | null;
}

export const ELLIPSIS = "...";
export type Ellipsis = typeof ELLIPSIS;

/** Integer index arrays (negative allowed) or boolean masks, for orthogonal selection. */
export type IndexArray = readonly number[] | Int32Array | Uint32Array | Float64Array;
export type BooleanMask = readonly boolean[] | Uint8Array;

/** One dimension: an integer (drops the axis), a slice, null (whole axis), an index array or mask. */
export type DimSelection = number | Slice | null | IndexArray | BooleanMask;

/** Orthogonal selection: one entry per dimension, at most one `...`, missing trailing entries mean null. */
export type OrthogonalSelection = readonly (DimSelection | Ellipsis)[];

/** Coordinate (point) selection: `coordinates[dim][i]` is point i's index along dim. */
export interface CoordinateSelection {
  readonly kind: "coordinates";
  readonly coordinates: readonly IndexArray[];
}

export type Selection = OrthogonalSelection | CoordinateSelection;

/**
 * How one dimension of a chunk or of the output is addressed by a task:
 * a strided range (element i at start + i * step, for i < count) or explicit
 * sorted-or-not indices. In a task's chunkSelection a range's step is always > 0;
 * in its outSelection the step may be negative (-1 for a negative-step slice, which
 * fills the output backwards). copyProjection accepts either sign on both sides.
 */
export type DimProjection =
  | {
      readonly kind: "range";
      readonly start: number;
      readonly step: number;
      readonly count: number;
    }
  | { readonly kind: "indices"; readonly indices: Int32Array | Float64Array };

/** A box-shaped part of one chunk and where it lands in the output. */
export interface BoxTask {
  readonly kind: "box";
  readonly chunkCoords: readonly number[];
  /** Per dimension, the elements read from the chunk (rank = array rank). */
  readonly chunkSelection: readonly DimProjection[];
  /** Per dimension, where they go in the output, relative to `ReadPlan.fullShape`. */
  readonly outSelection: readonly DimProjection[];
}

/** Points of a coordinate selection that fall in one chunk. */
export interface PointsTask {
  readonly kind: "points";
  readonly chunkCoords: readonly number[];
  /** Flat C-order offsets inside the chunk. */
  readonly chunkOffsets: Float64Array;
  /** Flat C-order offsets in the output, one per chunk offset. */
  readonly outOffsets: Float64Array;
}

export type ChunkTask = BoxTask | PointsTask;

export interface ReadPlan {
  /** The result's shape as numpy gives it (integer-indexed axes dropped). */
  readonly shape: number[];
  /**
   * Same rank as the array, with 1 for integer-indexed axes (for points: [n]); the
   * result's C-order buffer is identical for `shape` and `fullShape`.
   */
  readonly fullShape: number[];
  /** Number of elements in the result. */
  readonly size: number;
  /** Number of chunk tasks (may be large; tasks() is lazy). */
  readonly taskCount: number;
  /** Tasks in chunk C order, generated lazily (never proportional to the whole array). */
  tasks(): Iterable<ChunkTask>;
}
