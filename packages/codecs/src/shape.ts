/** Element count of a chunk shape (1 for a 0-d shape). */
export function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
