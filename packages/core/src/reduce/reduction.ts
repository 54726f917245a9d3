/**
 * Chunk-parallel reductions: what is asked (a request), what one chunk contributes
 * (a partial, computed where the chunk is decoded — in a worker when there is a pool)
 * and how partials merge on the caller's thread. NaN-aware like numpy's nan* functions:
 * NaNs are counted apart and skipped. Sums are float64, added in blocks and the block
 * sums combined with Neumaier compensation, so the error does not grow with the count.
 */
import type { ChunkData, DataTypeName } from "../data-type.js";
import { componentsOf, isNumeric, isTemporal } from "../data-type.js";
import { SelectionError, ZarrError } from "../errors.js";
import { type ChunkRegion, regionValues } from "./chunk-region.js";

/** min, max, sum, count (one pass gives them all). */
export interface StatsRequest {
  readonly op: "stats";
}

/** numpy.histogram semantics: `bins` equal bins over [lo, hi], the last one closed. */
export interface HistogramRequest {
  readonly op: "histogram";
  readonly bins: number;
  readonly range: readonly [number, number];
}

export type ReduceRequest = StatsRequest | HistogramRequest;

export interface StatsPartial {
  readonly op: "stats";
  /** Non-NaN elements. */
  count: number;
  nanCount: number;
  min: number;
  max: number;
  /** The sum is sum + sumError (Neumaier's compensated pair). */
  sum: number;
  sumError: number;
}

export interface HistogramPartial {
  readonly op: "histogram";
  counts: Float64Array;
  nanCount: number;
}

export type ReducePartial = StatsPartial | HistogramPartial;

/** Elements summed plainly before a compensated add (keeps the inner loop tight). */
const BLOCK = 1024;

export function emptyPartial(request: ReduceRequest): ReducePartial {
  if (request.op === "stats") {
    return {
      op: "stats",
      count: 0,
      nanCount: 0,
      min: Number.POSITIVE_INFINITY,
      max: Number.NEGATIVE_INFINITY,
      sum: 0,
      sumError: 0,
    };
  }
  return { op: "histogram", counts: new Float64Array(request.bins), nanCount: 0 };
}

/** Throws for data types a numeric reduction cannot handle, and for bad requests. */
export function checkReducible(dtype: DataTypeName, request: ReduceRequest, where: string): void {
  // datetime64/timedelta64 would need NaT handling; they are counts of a unit, not numbers
  if (!isNumeric(dtype) || isTemporal(dtype) || dtype === "complex64" || dtype === "complex128") {
    throw new ZarrError(
      "unsupported",
      `reductions need a real numeric data type; ${where} has data type ${dtype}`,
    );
  }
  if (request.op === "histogram") {
    const { bins, range } = request;
    if (!Number.isSafeInteger(bins) || bins < 1) {
      throw new SelectionError(`histogram bins must be a positive integer, got ${bins}`);
    }
    const [lo, hi] = range;
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo <= hi)) {
      throw new SelectionError(`histogram range must be finite with lo <= hi, got [${lo}, ${hi}]`);
    }
  }
}

type Numbers = { readonly [i: number]: number; readonly length: number };

/** The numbers of a real numeric chunk (64-bit integers converted, exact below 2^53). */
function asNumbers(data: ChunkData): Numbers {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    return Float64Array.from(data, Number);
  }
  return data as unknown as Numbers;
}

/** The contribution of a region (all of it when undefined) of a decoded chunk. */
export function reduceChunkRegion(
  chunk: { readonly data: ChunkData; readonly shape: readonly number[] },
  region: ChunkRegion | undefined,
  dtype: DataTypeName,
  request: ReduceRequest,
): ReducePartial {
  const values = regionValues(chunk.data, chunk.shape, region, dtype, componentsOf(dtype));
  return reduceValues(values, request);
}

/** One chunk's (or region's) contribution. */
export function reduceValues(data: ChunkData, request: ReduceRequest): ReducePartial {
  const values = asNumbers(data);
  return request.op === "stats" ? statsOf(values) : histogramOf(values, request);
}

function statsOf(values: Numbers): StatsPartial {
  const n = values.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nan = 0;
  let sum = 0;
  let err = 0;
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    let s = 0;
    for (let i = start; i < end; i++) {
      const v = values[i];
      if (Number.isNaN(v)) {
        nan++;
        continue;
      }
      if (v < min) min = v;
      if (v > max) max = v;
      s += v;
    }
    const t = sum + s;
    err += compensation(sum, s, t);
    sum = t;
  }
  return { op: "stats", count: n - nan, nanCount: nan, min, max, sum, sumError: err };
}

function histogramOf(values: Numbers, request: HistogramRequest): HistogramPartial {
  const { bins } = request;
  const [lo, hi] = request.range;
  const counts = new Float64Array(bins);
  const n = values.length;
  let nan = 0;
  if (lo === hi) {
    // numpy widens an empty range to [lo - 0.5, hi + 0.5]
    return histogramOf(values, { op: "histogram", bins, range: [lo - 0.5, hi + 0.5] });
  }
  // numpy: edges = linspace(lo, hi, bins + 1); index from (v - lo) * norm, then
  // corrected by one either way where rounding put v on the wrong side of an edge
  const norm = bins / (hi - lo);
  const step = (hi - lo) / bins;
  const last = bins - 1;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) {
      nan++;
      continue;
    }
    if (v < lo || v > hi) continue;
    let k = Math.floor((v - lo) * norm);
    if (k > last) k = last;
    if (v < k * step + lo) k--;
    else if (k !== last && v >= (k + 1) * step + lo) k++;
    counts[k]++;
  }
  return { op: "histogram", counts, nanCount: nan };
}

/** `count` copies of the fill value (an absent chunk). */
export function reduceFill(fill: number, count: number, request: ReduceRequest): ReducePartial {
  if (count === 0) return emptyPartial(request);
  if (request.op === "stats") {
    if (Number.isNaN(fill)) {
      return { ...(emptyPartial(request) as StatsPartial), nanCount: count };
    }
    return {
      op: "stats",
      count,
      nanCount: 0,
      min: fill,
      max: fill,
      sum: fill * count,
      sumError: 0,
    };
  }
  const one = histogramOf([fill], request);
  for (let k = 0; k < one.counts.length; k++) one.counts[k] *= count;
  one.nanCount *= count;
  return one;
}

/**
 * Neumaier's error term of t = a + b. Zero once t is infinite (or NaN): there the term
 * would be inf - inf = NaN and turn nansum([1, inf]) into NaN instead of inf.
 */
function compensation(a: number, b: number, t: number): number {
  if (!Number.isFinite(t)) return 0;
  return Math.abs(a) >= Math.abs(b) ? a - t + b : b - t + a;
}

/** Merges `b` into `a` (mutating and returning `a`). */
export function mergePartial(a: ReducePartial, b: ReducePartial): ReducePartial {
  if (a.op === "stats" && b.op === "stats") {
    a.count += b.count;
    a.nanCount += b.nanCount;
    if (b.min < a.min) a.min = b.min;
    if (b.max > a.max) a.max = b.max;
    const t = a.sum + b.sum;
    a.sumError += compensation(a.sum, b.sum, t) + b.sumError;
    a.sum = t;
    return a;
  }
  if (a.op === "histogram" && b.op === "histogram") {
    if (a.counts.length !== b.counts.length) {
      throw new ZarrError("worker", "histogram partials with different bin counts cannot merge");
    }
    for (let k = 0; k < a.counts.length; k++) a.counts[k] += b.counts[k];
    a.nanCount += b.nanCount;
    return a;
  }
  throw new ZarrError("worker", `cannot merge a ${b.op} partial into a ${a.op} partial`);
}
