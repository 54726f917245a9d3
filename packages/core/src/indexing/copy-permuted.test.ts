import { describe, expect, it } from "vitest";
import { copyProjection } from "./copy.js";
import { copyPermuted } from "./copy-permuted.js";
import type { DimProjection } from "./types.js";

/** numpy.transpose(src, order) for a C-order array of `shape` (components slots each). */
function transpose(
  src: Float64Array,
  shape: number[],
  order: number[],
  components: number,
): Float64Array {
  const rank = shape.length;
  const strides = new Array<number>(rank);
  let acc = components;
  for (let d = rank - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= shape[d];
  }
  const out = new Float64Array(src.length);
  const encShape = order.map((a) => shape[a]);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o += components) {
    let p = 0;
    for (let i = 0; i < rank; i++) p += idx[i] * strides[order[i]];
    for (let c = 0; c < components; c++) out[o + c] = src[p + c];
    for (let i = rank - 1; i >= 0; i--) {
      if (++idx[i] < encShape[i]) break;
      idx[i] = 0;
    }
  }
  return out;
}

const range = (start: number, step: number, count: number): DimProjection => ({
  kind: "range",
  start,
  step,
  count,
});
const indices = (...v: number[]): DimProjection => ({
  kind: "indices",
  indices: Float64Array.from(v),
});

describe("copyPermuted", () => {
  const cases: { shape: number[]; order: number[]; sel: DimProjection[]; components?: number }[] = [
    { shape: [70, 45], order: [1, 0], sel: [range(0, 1, 70), range(0, 1, 45)] },
    { shape: [70, 45], order: [1, 0], sel: [range(3, 2, 30), range(44, -1, 40)] },
    { shape: [5, 6, 7], order: [2, 1, 0], sel: [range(1, 1, 3), indices(5, 0, 2), range(0, 3, 3)] },
    { shape: [5, 6, 7], order: [2, 0, 1], sel: [range(0, 1, 5), range(0, 1, 6), range(0, 1, 7)] },
    {
      shape: [4, 3, 2, 5],
      order: [3, 2, 1, 0],
      sel: [range(1, 1, 2), range(0, 1, 3), range(1, 1, 1), range(0, 2, 3)],
    },
    { shape: [9, 8], order: [1, 0], sel: [range(0, 1, 9), range(2, 1, 5)], components: 2 },
    { shape: [12], order: [0], sel: [range(11, -2, 6)] },
  ];
  for (const { shape, order, sel, components = 1 } of cases) {
    it(`shape [${shape}] order [${order}] components ${components}`, () => {
      const n = shape.reduce((a, b) => a * b, components);
      const decoded = Float64Array.from({ length: n }, (_, i) => i + 0.5);
      const encoded = transpose(decoded, shape, order, components);
      const counts = sel.map((p) => (p.kind === "range" ? p.count : p.indices.length));
      const dstShape = counts.map((c) => c + 2);
      const dstSel = counts.map((c) => range(1, 1, c));
      const want = new Float64Array(dstShape.reduce((a, b) => a * b, components));
      copyProjection(decoded, shape, sel, want, dstShape, dstSel, components);
      const got = new Float64Array(want.length);
      const encShape = order.map((a) => shape[a]);
      copyPermuted(encoded, encShape, order, sel, got, dstShape, dstSel, components);
      expect([...got]).toEqual([...want]);
    });
  }
});
