import { StoreError } from "@zarrkit/core";
import { Inflate } from "fflate";

/** Deflate cannot expand data by more than this factor (plus a few bytes of headers). */
const MAX_DEFLATE_RATIO = 1032;
/** Compressed bytes inflated per step: at most ~16 MiB of output before the next size check. */
const STEP = 16 * 1024;

/**
 * Inflates a raw deflate stream that must hold exactly `size` bytes (a zip entry's
 * declared size). Inflation stops, with a StoreError naming `what`, as soon as the
 * output passes `size`; a size that no deflate stream of `raw.length` bytes can reach
 * fails before anything is allocated.
 */
export function inflateExactly(raw: Uint8Array, size: number, what: string): Uint8Array {
  if (size > raw.length * MAX_DEFLATE_RATIO + 1024) {
    throw new StoreError(
      `${what} claims ${size} bytes, more than ${raw.length} deflated bytes can hold`,
    );
  }
  const out = new Uint8Array(size);
  let filled = 0;
  let overflow = false;
  const inflater = new Inflate((chunk) => {
    if (filled + chunk.length > size) {
      overflow = true;
      return;
    }
    out.set(chunk, filled);
    filled += chunk.length;
  });
  try {
    for (let p = 0; !overflow && (p < raw.length || p === 0); p += STEP) {
      inflater.push(raw.subarray(p, p + STEP), p + STEP >= raw.length);
    }
  } catch (error) {
    throw new StoreError(`cannot inflate ${what}`, { cause: error });
  }
  if (overflow) throw new StoreError(`${what} inflates past its declared ${size} bytes`);
  if (filled !== size) {
    throw new StoreError(`${what} holds ${filled} bytes, expected ${size}`);
  }
  return out;
}
