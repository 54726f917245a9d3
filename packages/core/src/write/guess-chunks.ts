/**
 * A chunk shape when the user gives none. zarr-python's guess_chunks rule (from h5py):
 * the target chunk size grows with the array, 256 KiB * 2^log10(array MiB), then every
 * axis in turn is halved until a chunk is below the target (or within 50% of it). We
 * clamp the target to 1-4 MiB (zarr-python: 128 KiB-64 MiB), the range web viewers and
 * object stores handle best: small arrays become one chunk, large ones ~1-4 MiB chunks.
 */
const TARGET_MIN = 1 << 20;
const TARGET_MAX = 4 << 20;
const CHUNK_BASE = 256 * 1024;

/** Chunk shape for `shape` with `itemSize` bytes per element (0-d arrays: []). */
export function guessChunks(shape: readonly number[], itemSize: number): number[] {
  const chunks = shape.map((n) => Math.max(n, 1));
  const rank = chunks.length;
  if (rank === 0) return [];
  const size = Math.max(itemSize, 1);
  const product = () => chunks.reduce((a, b) => a * b, 1);
  const arrayBytes = product() * size;
  let target = CHUNK_BASE * 2 ** Math.log10(arrayBytes / (1024 * 1024));
  target = Math.min(Math.max(target, TARGET_MIN), TARGET_MAX);
  for (let i = 0; ; i++) {
    const bytes = product() * size;
    if (bytes < target || Math.abs(bytes - target) / target < 0.5) break;
    if (product() === 1) break;
    const d = i % rank;
    chunks[d] = Math.ceil(chunks[d] / 2);
  }
  return chunks;
}
