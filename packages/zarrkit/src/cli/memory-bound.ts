/**
 * The memory `convert` promises to stay under, and the peak it reached. Per region in
 * flight (R bytes decoded) it holds: the source read (R), the destination chunk or
 * shard being assembled (R), the copy of it sent to an encoding worker (R), the
 * worker's encoded inner chunks and the assembled shard (up to 2R), and garbage not
 * yet collected: 6 R is the budget (measured ~5 R on the 1 GiB run). Each decode
 * worker adds its own heap and WASM memory, which grows to fit the largest chunk it
 * coded and never shrinks.
 */
import { formatBytes } from "./progress.js";

/** A worker thread: isolate, codec modules and WASM scratch (~65 MiB measured when run via tsx). */
export const WORKER_BYTES = 96 * 1024 * 1024;
/** Copies of a region alive at once while it is copied. */
export const REGION_COPIES = 6;

export interface MemoryBoundInput {
  /** RSS before copying started. */
  baselineBytes: number;
  workers: number;
  /** Regions in flight. */
  concurrency: number;
  /** Bytes of the largest region in memory. */
  regionBytes: number;
}

export function memoryBound(input: MemoryBoundInput): { bytes: number; text: string } {
  const { baselineBytes, workers, concurrency, regionBytes } = input;
  const bytes =
    baselineBytes +
    workers * (WORKER_BYTES + regionBytes) +
    concurrency * REGION_COPIES * regionBytes;
  const text =
    `${formatBytes(bytes)} = baseline ${formatBytes(baselineBytes)}` +
    ` + ${workers} workers x (${formatBytes(WORKER_BYTES)} + region)` +
    ` + ${concurrency} regions in flight x ${REGION_COPIES} x ${formatBytes(regionBytes)}`;
  return { bytes, text };
}

/** The process's peak resident set size in bytes (maxRSS is in KiB). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}
