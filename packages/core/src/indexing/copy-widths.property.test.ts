/**
 * copyProjection moves every element width through unsigned-integer views, and 8- and
 * 16-bit runs as 32-bit words when their offsets allow. Checked here against an
 * element-by-element reference, for every width, interleaved components, views that
 * start inside their buffer, and projections with steps and index lists (which decide
 * whether the word path applies).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copyProjection } from "./copy.js";
import type { DimProjection } from "./types.js";

type Ctor =
  | Uint8ArrayConstructor
  | Int8ArrayConstructor
  | Uint16ArrayConstructor
  | Int16ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor
  | BigInt64ArrayConstructor;
const CTORS: Ctor[] = [
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
];

const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const positions = (p: DimProjection): number[] =>
  p.kind === "range"
    ? Array.from({ length: p.count }, (_, i) => p.start + i * p.step)
    : Array.from(p.indices);

/** A projection of `count` elements inside a dimension of `size`. */
const projection = (size: number, count: number) =>
  fc.oneof(
    fc
      .tuple(fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.nat())
      .filter(([step]) => (count - 1) * step < size)
      .map(([step, backwards, at]): DimProjection => {
        const span = (count - 1) * step;
        const first = at % (size - span);
        return backwards
          ? { kind: "range", start: first + span, step: -step, count }
          : { kind: "range", start: first, step, count };
      }),
    fc
      .array(fc.nat({ max: size - 1 }), { minLength: count, maxLength: count })
      .map((v): DimProjection => ({ kind: "indices", indices: Float64Array.from(v) })),
  );

const copyCase = fc
  .record({
    counts: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 }),
    ctor: fc.constantFrom(...CTORS),
    components: fc.constantFrom(1, 1, 2),
    srcPad: fc.array(fc.nat({ max: 4 }), { minLength: 3, maxLength: 3 }),
    dstPad: fc.array(fc.nat({ max: 4 }), { minLength: 3, maxLength: 3 }),
    srcLead: fc.nat({ max: 3 }),
    dstLead: fc.nat({ max: 3 }),
  })
  .chain((c) => {
    const srcShape = c.counts.map((n, d) => n * 2 + c.srcPad[d]);
    const dstShape = c.counts.map((n, d) => n * 2 + c.dstPad[d]);
    return fc.record({
      c: fc.constant(c),
      srcShape: fc.constant(srcShape),
      dstShape: fc.constant(dstShape),
      srcSel: fc.tuple(...c.counts.map((n, d) => projection(srcShape[d], n))),
      // destinations must not repeat a position (the reference would not be defined)
      dstSel: fc.tuple(...c.counts.map((n, d) => projection(dstShape[d], n).filter(distinct))),
    });
  });

function distinct(p: DimProjection): boolean {
  const at = positions(p);
  return new Set(at).size === at.length;
}

/** A typed array of `length` slots starting `lead` elements into its buffer. */
function make(ctor: Ctor, length: number, lead: number, seed: number) {
  const buffer = new ArrayBuffer((length + lead) * ctor.BYTES_PER_ELEMENT);
  const a = new ctor(buffer, lead * ctor.BYTES_PER_ELEMENT, length);
  for (let i = 0; i < length; i++) {
    const v = (i * 37 + seed) % 120;
    (a as unknown as { [i: number]: number | bigint })[i] = ctor === BigInt64Array ? BigInt(v) : v;
  }
  return a;
}

describe("copyProjection across element widths", () => {
  it("matches an element-by-element copy", () => {
    fc.assert(
      fc.property(copyCase, ({ c, srcShape, dstShape, srcSel, dstSel }) => {
        const k = c.components;
        const src = make(c.ctor, product(srcShape) * k, c.srcLead, 1);
        const dst = make(c.ctor, product(dstShape) * k, c.dstLead, 2);
        const want = dst.slice();
        const strides = (shape: number[]) => shape.map((_, d) => product(shape.slice(d + 1)));
        const ss = strides(srcShape);
        const ds = strides(dstShape);
        const sp = srcSel.map(positions);
        const dp = dstSel.map(positions);
        const total = product(c.counts);
        for (let flat = 0; flat < total; flat++) {
          let rest = flat;
          let so = 0;
          let dO = 0;
          for (let d = c.counts.length - 1; d >= 0; d--) {
            const i = rest % c.counts[d];
            rest = Math.floor(rest / c.counts[d]);
            so += sp[d][i] * ss[d];
            dO += dp[d][i] * ds[d];
          }
          for (let j = 0; j < k; j++) {
            (want as unknown as unknown[])[dO * k + j] = (src as unknown as unknown[])[so * k + j];
          }
        }
        copyProjection(src, srcShape, srcSel, dst, dstShape, dstSel, k);
        expect(Array.from(dst as ArrayLike<unknown>)).toEqual(
          Array.from(want as ArrayLike<unknown>),
        );
      }),
      { numRuns: 1500 },
    );
  });

  it("takes the 32-bit word path and stays exact for uint16 boxes", () => {
    const src = make(Uint16Array, 8 * 8, 0, 3) as Uint16Array;
    const dst = new Uint16Array(16 * 16);
    const r = (start: number, count: number): DimProjection => ({
      kind: "range",
      start,
      step: 1,
      count,
    });
    copyProjection(src, [8, 8], [r(0, 8), r(0, 8)], dst, [16, 16], [r(4, 8), r(2, 8)]);
    for (let y = 0; y < 8; y++) {
      expect(Array.from(dst.subarray((4 + y) * 16 + 2, (4 + y) * 16 + 10))).toEqual(
        Array.from(src.subarray(y * 8, y * 8 + 8)),
      );
    }
    // odd column start: the element path
    const odd = new Uint16Array(16 * 16);
    copyProjection(src, [8, 8], [r(0, 8), r(0, 8)], odd, [16, 16], [r(4, 8), r(3, 8)]);
    expect(odd[4 * 16 + 3]).toBe(src[0]);
    expect(odd[4 * 16 + 2]).toBe(0);
  });
});
