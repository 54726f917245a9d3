/**
 * copyProjection for a source stored with its axes permuted (a chunk still in the
 * layout of a `transpose` codec): the read skips the transpose pass and gathers
 * straight from the encoded chunk into the output. The two innermost dimensions are
 * walked in square tiles, so the source's large stride stays in cache.
 */
import type { ChunkData } from "../data-type.js";
import { SelectionError } from "../errors.js";
import type { DimProjection } from "./types.js";

type Slots = { [i: number]: unknown; readonly length: number };

const TILE = 32;

function count(p: DimProjection): number {
  return p.kind === "range" ? p.count : p.indices.length;
}

/** Slot offsets of each selected element along one dimension. */
function offsets(p: DimProjection, stride: number): Float64Array {
  const n = count(p);
  const t = new Float64Array(n);
  if (p.kind === "range") for (let i = 0; i < n; i++) t[i] = (p.start + i * p.step) * stride;
  else for (let i = 0; i < n; i++) t[i] = p.indices[i] * stride;
  return t;
}

function cStrides(shape: readonly number[], components: number): number[] {
  const s = new Array<number>(shape.length);
  let acc = components;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d];
  }
  return s;
}

/**
 * Copies `srcSelection` (in decoded axes) of a chunk whose decoded axis d is encoded
 * axis `inverse[d]` — `src` is C order of `encodedShape` = order.map(a => decodedShape[a])
 * — to `dstSelection` of `dst` (C order, `dstShape`).
 */
export function copyPermuted(
  src: ChunkData,
  encodedShape: readonly number[],
  order: readonly number[],
  srcSelection: readonly DimProjection[],
  dst: ChunkData,
  dstShape: readonly number[],
  dstSelection: readonly DimProjection[],
  components = 1,
): void {
  const rank = order.length;
  if (srcSelection.length !== rank || dstSelection.length !== rank || dstShape.length !== rank) {
    throw new SelectionError(`copyPermuted: selections and shapes must all have rank ${rank}`);
  }
  const encStrides = cStrides(encodedShape, components);
  const srcStrides = new Array<number>(rank);
  order.forEach((axis, i) => {
    srcStrides[axis] = encStrides[i];
  });
  const dstStrides = cStrides(dstShape, components);
  const counts = srcSelection.map(count);
  for (let d = 0; d < rank; d++) {
    if (counts[d] !== count(dstSelection[d])) {
      throw new SelectionError(`copyPermuted: dimension ${d} counts differ`);
    }
    if (counts[d] === 0) return;
  }
  const so = srcSelection.map((p, d) => offsets(p, srcStrides[d]));
  const dO = dstSelection.map((p, d) => offsets(p, dstStrides[d]));
  const s = src as unknown as Slots;
  const t = dst as unknown as Slots;
  if (rank === 1) {
    tile(s, t, 0, 0, ONE, ONE, so[0], dO[0], 1, counts[0], components);
    return;
  }
  const a = rank - 2;
  const b = rank - 1;
  const pos = new Array<number>(a).fill(0);
  let sBase = 0;
  let dBase = 0;
  for (let d = 0; d < a; d++) {
    sBase += so[d][0];
    dBase += dO[d][0];
  }
  for (;;) {
    tile(s, t, sBase, dBase, so[a], dO[a], so[b], dO[b], counts[a], counts[b], components);
    let d = a - 1;
    for (; d >= 0; d--) {
      sBase -= so[d][pos[d]];
      dBase -= dO[d][pos[d]];
      pos[d] = pos[d] + 1 < counts[d] ? pos[d] + 1 : 0;
      sBase += so[d][pos[d]];
      dBase += dO[d][pos[d]];
      if (pos[d] !== 0) break;
    }
    if (d < 0) return;
  }
}

const ONE = new Float64Array(1);

/** The rows x cols elements of the two innermost dimensions, in TILE x TILE tiles. */
function tile(
  s: Slots,
  t: Slots,
  sBase: number,
  dBase: number,
  sRow: Float64Array,
  dRow: Float64Array,
  sCol: Float64Array,
  dCol: Float64Array,
  rows: number,
  cols: number,
  components: number,
): void {
  // columns evenly spaced on both sides (ranges): arithmetic, not table lookups
  const sStep = cols > 1 ? sCol[1] - sCol[0] : 0;
  const dStep = cols > 1 ? dCol[1] - dCol[0] : 0;
  let even = components === 1;
  for (let j = 2; even && j < cols; j++) {
    even = sCol[j] - sCol[j - 1] === sStep && dCol[j] - dCol[j - 1] === dStep;
  }
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(rows, i0 + TILE);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(cols, j0 + TILE);
      for (let i = i0; i < i1; i++) {
        const sr = sBase + sRow[i];
        const dr = dBase + dRow[i];
        if (even) {
          let p = sr + sCol[j0];
          let q = dr + dCol[j0];
          for (let j = j0; j < j1; j++, p += sStep, q += dStep) t[q] = s[p];
        } else if (components === 1) {
          for (let j = j0; j < j1; j++) t[dr + dCol[j]] = s[sr + sCol[j]];
        } else {
          for (let j = j0; j < j1; j++) {
            const p = sr + sCol[j];
            const q = dr + dCol[j];
            for (let c = 0; c < components; c++) t[q + c] = s[p + c];
          }
        }
      }
    }
  }
}
