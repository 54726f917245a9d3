/** Values the fixtures README gives for zarrs' arrays, shared by the tests that read them. */

/** rows x cols values f(r, c), in C order. */
export function grid(rows: number, cols: number, f: (r: number, c: number) => number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out.push(f(r, c));
  return out;
}

/** zarrs' array_write_read.zarr/group/array (8 x 8 float32); null is NaN (the fill value). */
export const WRITE_READ: readonly (readonly (number | null)[])[] = [
  [null, null, null, null, 0.1, 0.1, -0.6, 0.1],
  [null, null, null, null, 0.1, 0.1, -1.6, 0.1],
  [null, null, null, null, 0.1, 0.1, -2.6, 0.1],
  [null, null, null, null, -3.4, -3.5, -3.6, 0.1],
  [1.0, 1.0, 1.0, -4.3, -4.4, -4.5, -4.6, 1.1],
  [1.0, 1.0, 1.0, -5.3, -5.4, -5.5, -5.6, 1.1],
  [1.0, 1.0, 1.0, 1.0, 1.1, 1.1, -6.6, 1.1],
  [1.0, 1.0, 1.0, 1.0, -7.4, -7.5, -7.6, -7.7],
];

/** WRITE_READ flat, NaN written "NaN" (as expected.json files write it). */
export function writeReadElements(): (number | "NaN")[] {
  return WRITE_READ.flat().map((v) => (v === null ? "NaN" : v));
}
