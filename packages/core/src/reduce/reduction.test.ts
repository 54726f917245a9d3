import { describe, expect, it } from "vitest";
import { regionValues } from "./chunk-region.js";
import {
  emptyPartial,
  type HistogramPartial,
  mergePartial,
  reduceFill,
  reduceValues,
  type StatsPartial,
} from "./reduction.js";

describe("reduction kernels", () => {
  it("skip NaN and compensate sums", () => {
    // 1e16 alone in the first block of 1024, then 3072 x 0.1: naive float64 summation
    // returns 1e16 (each 0.1 is below half an ulp); block sums + Neumaier keep them
    const values = new Float64Array(4097).fill(0.1);
    values.fill(0, 0, 1024);
    values[0] = 1e16;
    values[4096] = Number.NaN;
    const p = reduceValues(values, { op: "stats" }) as StatsPartial;
    expect(p.count).toBe(4096);
    expect(p.nanCount).toBe(1);
    expect(p.min).toBe(0);
    expect(p.max).toBe(1e16);
    expect(p.sum + p.sumError).toBe(1e16 + 308);
  });

  it("sum to ±inf like numpy.nansum when a value is infinite, not NaN", () => {
    const p = reduceValues(new Float64Array([1, Number.POSITIVE_INFINITY]), {
      op: "stats",
    }) as StatsPartial;
    expect(p.sum + p.sumError).toBe(Number.POSITIVE_INFINITY);
    const a = reduceValues(new Float64Array([1, 2]), { op: "stats" }) as StatsPartial;
    mergePartial(a, reduceFill(Number.NEGATIVE_INFINITY, 3, { op: "stats" }));
    expect(a.sum + a.sumError).toBe(Number.NEGATIVE_INFINITY);
    // inf + -inf stays NaN, as in numpy
    mergePartial(a, reduceFill(Number.POSITIVE_INFINITY, 1, { op: "stats" }));
    expect(a.sum + a.sumError).toBeNaN();
  });

  it("bins like numpy.histogram: last bin closed, out-of-range and NaN dropped", () => {
    const values = new Float32Array([0, 0.25, 0.5, 0.75, 1, 1.5, -0.1, Number.NaN]);
    const p = reduceValues(values, { op: "histogram", bins: 4, range: [0, 1] }) as HistogramPartial;
    expect([...p.counts]).toEqual([1, 1, 1, 2]);
    expect(p.nanCount).toBe(1);
    // numpy 1.24: histogram([0.3, 0.7], 10, (0, 1)) -> bins 2 and 6 (edges[3] = 0.30000000000000004)
    const q = reduceValues(new Float64Array([0.3, 0.7]), {
      op: "histogram",
      bins: 10,
      range: [0, 1],
    }) as HistogramPartial;
    expect(q.counts[2]).toBe(1);
    expect(q.counts[6]).toBe(1);
  });

  it("handles 64-bit integers and fill values", () => {
    const p = reduceValues(new BigInt64Array([1n, -5n, 7n]), { op: "stats" }) as StatsPartial;
    expect([p.min, p.max, p.sum]).toEqual([-5, 7, 3]);
    const fill = reduceFill(2, 1000, { op: "stats" }) as StatsPartial;
    expect([fill.count, fill.sum, fill.min]).toEqual([1000, 2000, 2]);
    const nanFill = reduceFill(Number.NaN, 7, { op: "stats" }) as StatsPartial;
    expect([nanFill.count, nanFill.nanCount]).toEqual([0, 7]);
    const h = reduceFill(0.5, 3, { op: "histogram", bins: 2, range: [0, 1] }) as HistogramPartial;
    expect([...h.counts]).toEqual([0, 3]);
  });

  it("merge partials", () => {
    const a = emptyPartial({ op: "stats" });
    mergePartial(a, reduceValues(new Float32Array([1, 2]), { op: "stats" }));
    mergePartial(a, reduceValues(new Float32Array([-3, Number.NaN]), { op: "stats" }));
    expect(a).toMatchObject({ count: 3, nanCount: 1, min: -3, max: 2, sum: 0 });
  });

  it("gather a strided box or points of a chunk", () => {
    const chunk = Float32Array.from({ length: 12 }, (_, i) => i); // shape [3, 4]
    const box = regionValues(
      chunk,
      [3, 4],
      {
        kind: "box",
        selection: [
          { kind: "range", start: 1, step: 1, count: 2 },
          { kind: "range", start: 0, step: 2, count: 2 },
        ],
      },
      "float32",
      1,
    );
    expect([...(box as Float32Array)]).toEqual([4, 6, 8, 10]);
    const points = regionValues(
      chunk,
      [3, 4],
      { kind: "points", offsets: new Float64Array([11, 0]) },
      "float32",
      1,
    );
    expect([...(points as Float32Array)]).toEqual([11, 0]);
  });
});
