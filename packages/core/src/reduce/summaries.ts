/**
 * The reductions a viewer needs for contrast limits, over any selection, computed
 * chunk-parallel (reduce-selection.ts): stats (nanmin, nanmax, nansum, nanmean),
 * numpy-style histograms, and percentiles from a histogram refine pass.
 *
 * Percentile precision. Pass one finds the global min and max, pass two counts a fine
 * histogram (default 65536 bins) over [min, max]; a percentile is numpy's "linear"
 * interpolation between the order statistics around rank p/100 * (n - 1), and each
 * order statistic is placed inside its bin. So the result is exact at p = 0 and 100,
 * exact for integer data spanning at most `bins` values (unit-wide bins), and
 * otherwise within one bin width, (max - min) / bins, of numpy.nanpercentile.
 */
import type { ChunkSource } from "../chunk-source.js";
import { isNumeric } from "../data-type.js";
import { SelectionError } from "../errors.js";
import type { Selection } from "../indexing/types.js";
import { type ReduceOptions, reduceSelection } from "./reduce-selection.js";
import type { HistogramPartial, StatsPartial } from "./reduction.js";

export interface ArrayStats {
  /** Non-NaN elements. */
  count: number;
  nanCount: number;
  /** NaN when there is no non-NaN element (as numpy's nanmin warns and returns). */
  min: number;
  max: number;
  sum: number;
  mean: number;
}

export interface Histogram {
  /** counts[k] = elements in [edges[k], edges[k+1]) (the last bin also holds edges[bins]). */
  counts: Float64Array;
  edges: Float64Array;
  nanCount: number;
}

export interface PercentileOptions extends ReduceOptions {
  /** Histogram bins of the refine pass (default 65536); more bins, finer results. */
  bins?: number;
}

export async function selectionStats(
  source: ChunkSource,
  selection?: Selection,
  options: ReduceOptions = {},
): Promise<ArrayStats> {
  const p = (await reduceSelection(source, { op: "stats" }, selection, options)) as StatsPartial;
  const empty = p.count === 0;
  const sum = p.sum + p.sumError;
  return {
    count: p.count,
    nanCount: p.nanCount,
    min: empty ? Number.NaN : p.min,
    max: empty ? Number.NaN : p.max,
    sum,
    mean: empty ? Number.NaN : sum / p.count,
  };
}

/**
 * `options` for pass `pass` (0-based) of `passes` over the same chunks: onProgress then
 * counts on across the passes ({ done, total } of all of them), never restarting at 0.
 */
function pass<T extends ReduceOptions>(options: T, pass: number, passes: number): T {
  const report = options.onProgress;
  if (report === undefined || passes === 1) return options;
  return {
    ...options,
    onProgress: ({ done, total }) => report({ done: pass * total + done, total: passes * total }),
  };
}

/** numpy.histogram(a[~isnan(a)], bins, range); range defaults to [nanmin, nanmax]. */
export async function selectionHistogram(
  source: ChunkSource,
  bins: number,
  range?: readonly [number, number],
  selection?: Selection,
  options: ReduceOptions = {},
): Promise<Histogram> {
  let [lo, hi] = range ?? [0, 1];
  const passes = range === undefined ? 2 : 1;
  if (range === undefined) {
    const stats = await selectionStats(source, selection, pass(options, 0, passes));
    if (stats.count > 0) [lo, hi] = [stats.min, stats.max];
  }
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const p = (await reduceSelection(
    source,
    { op: "histogram", bins, range: [lo, hi] },
    selection,
    pass(options, passes - 1, passes),
  )) as HistogramPartial;
  return { counts: p.counts, edges: binEdges(lo, hi, bins), nanCount: p.nanCount };
}

/** numpy.linspace(lo, hi, bins + 1). */
export function binEdges(lo: number, hi: number, bins: number): Float64Array {
  const edges = new Float64Array(bins + 1);
  const step = (hi - lo) / bins;
  for (let k = 0; k < bins; k++) edges[k] = k * step + lo;
  edges[bins] = hi;
  return edges;
}

/** numpy.nanpercentile(a, ps) (method "linear"), to the precision described above. */
export async function selectionPercentiles(
  source: ChunkSource,
  ps: readonly number[],
  selection?: Selection,
  options: PercentileOptions = {},
): Promise<number[]> {
  for (const p of ps) {
    if (!(p >= 0 && p <= 100))
      throw new SelectionError(`percentiles must be in [0, 100], got ${p}`);
  }
  const maxBins = options.bins ?? 65536;
  if (!Number.isSafeInteger(maxBins) || maxBins < 1) {
    throw new SelectionError(`percentile bins must be a positive integer, got ${maxBins}`);
  }
  const stats = await selectionStats(source, selection, pass(options, 0, 2));
  const n = stats.count;
  if (n === 0) return ps.map(() => Number.NaN);
  const { min, max } = stats;
  if (min === max || !Number.isFinite(min) || !Number.isFinite(max)) {
    return ps.map((p) => (p === 0 ? min : p === 100 ? max : min === max ? min : Number.NaN));
  }
  // integers spanning few values get one unit-wide bin per value: exact results
  const name = source.dataType.name;
  const integer = isNumeric(name) && !name.startsWith("float");
  const unit = integer && max - min + 1 <= maxBins;
  const bins = unit ? max - min + 1 : maxBins;
  const lo = min;
  const hi = unit ? max + 1 : max;
  const p = (await reduceSelection(
    source,
    { op: "histogram", bins, range: [lo, hi] },
    selection,
    pass(options, 1, 2),
  )) as HistogramPartial;
  const cumulative = new Float64Array(bins + 1);
  for (let k = 0; k < bins; k++) cumulative[k + 1] = cumulative[k] + p.counts[k];
  const width = (hi - lo) / bins;
  /** The order statistic of rank k (0-based among the n sorted values). */
  const orderStatistic = (k: number): number => {
    if (k <= 0) return min;
    if (k >= n - 1) return max;
    // the bin b with cumulative[b] <= k < cumulative[b + 1]
    let a = 0;
    let b = bins;
    while (b - a > 1) {
      const m = (a + b) >>> 1;
      if (cumulative[m] <= k) a = m;
      else b = m;
    }
    const start = a * width + lo;
    if (unit) return start;
    const within = (k - cumulative[a] + 0.5) / p.counts[a];
    return Math.min(max, Math.max(min, start + within * width));
  };
  return ps.map((q) => {
    const rank = (q / 100) * (n - 1);
    const below = Math.floor(rank);
    const v0 = orderStatistic(below);
    if (rank === below) return v0;
    const v1 = orderStatistic(below + 1);
    return v0 + (rank - below) * (v1 - v0);
  });
}
