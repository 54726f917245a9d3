/**
 * What each scenario reads. Selections are plain data (null = whole axis, an integer
 * drops the axis, [start, stop] is a slice) so the same scenario drives zarrkit,
 * zarrita and the python reference.
 */
import { ARRAYS, type BenchArray } from "./data.js";

export type DimSpec = null | number | readonly [number, number];

export interface Scenario {
  readonly name: string;
  readonly array: BenchArray;
  /** One entry per dimension; [] reads everything. */
  readonly selection: readonly DimSpec[];
}

export const SCENARIOS: readonly Scenario[] = [
  { name: "f32 raw full", array: ARRAYS.f32Raw, selection: [] },
  { name: "f32 gzip full", array: ARRAYS.f32Gzip, selection: [] },
  {
    name: "f32 raw partial [1000:3000, 500:7000]",
    array: ARRAYS.f32Raw,
    selection: [
      [1000, 3000],
      [500, 7000],
    ],
  },
  {
    name: "f32 gzip partial [1000:3000, 500:7000]",
    array: ARRAYS.f32Gzip,
    selection: [
      [1000, 3000],
      [500, 7000],
    ],
  },
  { name: "f32 blosc-lz4 full", array: ARRAYS.f32BloscLz4, selection: [] },
  { name: "f32 blosc-zstd full", array: ARRAYS.f32BloscZstd, selection: [] },
  { name: "f32 zstd full", array: ARRAYS.f32Zstd, selection: [] },
  { name: "u16 volume full", array: ARRAYS.u16Volume, selection: [] },
  { name: "u16 volume z-plane [100, :, :]", array: ARRAYS.u16Volume, selection: [100, null, null] },
  { name: "u16 volume x-plane [:, :, 100]", array: ARRAYS.u16Volume, selection: [null, null, 100] },
];

/** The result's shape (integer-indexed axes dropped). */
export function resultShape(s: Scenario): number[] {
  const shape: number[] = [];
  s.array.shape.forEach((n, d) => {
    const sel = s.selection[d] ?? null;
    if (sel === null) shape.push(n);
    else if (Array.isArray(sel)) shape.push(Math.max(0, Math.min(sel[1], n) - sel[0]));
  });
  return shape;
}

export function resultBytes(s: Scenario): number {
  const itemSize = s.array.dtype === "float32" ? 4 : 2;
  return resultShape(s).reduce((a, b) => a * b, itemSize);
}
