/**
 * The regions `convert` copies an array in: boxes aligned to the destination's write
 * unit (its shard, or its chunk), so every destination chunk or shard is assembled and
 * written exactly once, and grown to also cover whole source chunks where that is
 * cheap (least common multiple), so source chunks are not decoded again and again.
 * Regions are produced lazily, in C order: memory holds only the ones being copied.
 */

/** Region shape per dimension, clipped to the array's shape (at least 1). */
export function regionShape(
  shape: readonly number[],
  writeUnit: readonly number[],
  readChunk: readonly number[],
): number[] {
  return shape.map((n, d) => {
    const w = writeUnit[d];
    const r = readChunk[d];
    const l = lcm(w, r);
    // the lcm when it stays small; else whole write units covering one source chunk
    const size = l <= 4 * Math.max(w, r) ? l : w * Math.ceil(r / w);
    return Math.max(1, Math.min(size, Math.max(n, 1)));
  });
}

export function regionCount(shape: readonly number[], region: readonly number[]): number {
  let count = 1;
  for (let d = 0; d < shape.length; d++) count *= Math.ceil(shape[d] / region[d]);
  return count;
}

/** [start, stop) per dimension of every region, in C order. */
export function* regions(
  shape: readonly number[],
  region: readonly number[],
): Generator<[number, number][]> {
  const rank = shape.length;
  if (shape.some((n) => n === 0)) return;
  const grid = shape.map((n, d) => Math.ceil(n / region[d]));
  const index = new Array<number>(rank).fill(0);
  for (;;) {
    yield index.map((i, d) => [i * region[d], Math.min((i + 1) * region[d], shape[d])]);
    let d = rank - 1;
    while (d >= 0) {
      if (++index[d] < grid[d]) break;
      index[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}
