/**
 * The layout numcodecs' VLenUTF8/VLenBytes and the v3 vlen codecs share: a uint32
 * item count, then per item a uint32 byte length and the bytes (all little-endian).
 */
import { CorruptChunkError } from "@zarrkit/core";

/** Item i occupies bytes [starts[i], starts[i] + lengths[i]). */
export interface VlenItems {
  starts: Uint32Array;
  lengths: Uint32Array;
}

export function readVlenItems(
  bytes: Uint8Array,
  expected: number,
  name: string,
  where: string,
): VlenItems {
  const fail = (msg: string) => new CorruptChunkError(`codec "${name}" in ${where}: ${msg}`);
  const n = bytes.length;
  if (n < 4) throw fail(`chunk of ${n} bytes has no item count`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const count = view.getUint32(0, true);
  if (count !== expected) throw fail(`chunk holds ${count} items, expected ${expected}`);
  const starts = new Uint32Array(count);
  const lengths = new Uint32Array(count);
  let p = 4;
  for (let i = 0; i < count; i++) {
    if (p + 4 > n) throw fail(`chunk is truncated at item ${i}`);
    const len = view.getUint32(p, true);
    p += 4;
    if (p + len > n) throw fail(`chunk is truncated in item ${i}`);
    starts[i] = p;
    lengths[i] = len;
    p += len;
  }
  return { starts, lengths };
}

/** Frames byte strings in the vlen layout. */
export function writeVlenItems(items: readonly Uint8Array[]): Uint8Array {
  let total = 4;
  for (const item of items) total += 4 + item.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, items.length, true);
  let p = 4;
  for (const item of items) {
    view.setUint32(p, item.length, true);
    out.set(item, p + 4);
    p += 4 + item.length;
  }
  return out;
}
