import type { ByteRange } from "@zarrkit/core";

/** One request that serves several of the caller's ranges. */
export interface CoalescedRange {
  offset: number;
  length: number;
  /** Indices into the caller's ranges that this request covers. */
  members: number[];
}

export interface CoalesceOptions {
  /** Merge neighbouring ranges whose gap is at most this many bytes (default 64 KiB). */
  gapBytes?: number;
  /** Never merge into a request larger than this (default 8 MiB). */
  maxBytes?: number;
}

export const DEFAULT_COALESCE_GAP = 64 * 1024;
export const DEFAULT_COALESCE_MAX = 8 * 1024 * 1024;

/**
 * Plans requests for a set of ranges: offset ranges sorted and merged when close enough;
 * suffix ranges (whose offset is unknown without the size) get a request each.
 */
export function coalesceRanges(
  ranges: readonly ByteRange[],
  options: CoalesceOptions = {},
): { merged: CoalescedRange[]; suffixes: number[] } {
  const gap = options.gapBytes ?? DEFAULT_COALESCE_GAP;
  const maxBytes = options.maxBytes ?? DEFAULT_COALESCE_MAX;
  const suffixes: number[] = [];
  const order: number[] = [];
  ranges.forEach((range, index) => {
    if ("suffixLength" in range) suffixes.push(index);
    else order.push(index);
  });
  const offsetOf = (i: number) => (ranges[i] as { offset: number }).offset;
  const endOf = (i: number) => offsetOf(i) + (ranges[i] as { length: number }).length;
  order.sort((a, b) => offsetOf(a) - offsetOf(b) || endOf(a) - endOf(b));
  const merged: CoalescedRange[] = [];
  let current: CoalescedRange | undefined;
  for (const index of order) {
    const start = offsetOf(index);
    const end = endOf(index);
    if (current) {
      const currentEnd = current.offset + current.length;
      const newEnd = Math.max(currentEnd, end);
      if (start - currentEnd <= gap && newEnd - current.offset <= maxBytes) {
        current.length = newEnd - current.offset;
        current.members.push(index);
        continue;
      }
    }
    current = { offset: start, length: end - start, members: [index] };
    merged.push(current);
  }
  return { merged, suffixes };
}

/** The caller's range `range` cut out of the bytes read for `request` (clamped at the end). */
export function splitCoalesced(
  bytes: Uint8Array,
  request: CoalescedRange,
  range: { offset: number; length: number },
): Uint8Array {
  const start = range.offset - request.offset;
  return bytes.subarray(
    Math.min(start, bytes.length),
    Math.min(start + range.length, bytes.length),
  );
}
