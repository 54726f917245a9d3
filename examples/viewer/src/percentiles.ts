/**
 * Contrast limits: the low and high percentiles of an array's values, from at most
 * `maxSamples` evenly spaced samples (NaN skipped). Runs in the stats worker.
 */
export function percentiles(
  data: ArrayLike<number | bigint>,
  low: number,
  high: number,
  maxSamples = 1 << 18,
): [number, number] {
  const step = Math.max(1, Math.floor(data.length / maxSamples));
  const samples = new Float64Array(Math.ceil(data.length / step));
  let n = 0;
  for (let i = 0; i < data.length; i += step) {
    const v = Number(data[i]);
    if (!Number.isNaN(v)) samples[n++] = v;
  }
  if (n === 0) return [0, 1];
  const sorted = samples.subarray(0, n).sort();
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.round((p / 100) * (n - 1))))];
  let lo = at(low);
  let hi = at(high);
  if (hi <= lo) {
    // a flat image: widen so it maps to mid-grey rather than dividing by zero
    lo -= 0.5;
    hi += 0.5;
  }
  return [lo, hi];
}
