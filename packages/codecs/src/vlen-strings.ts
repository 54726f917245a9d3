/**
 * Decoding many vlen UTF-8 items at once: the payloads are validated and gathered into
 * one buffer, decoded with a single TextDecoder call and sliced per item, which is far
 * faster than a decoder call per (short) string. Invalid UTF-8 falls back to per-item
 * decoding, so each item still gets its own U+FFFD replacements.
 */
import { unshared } from "@zarrkit/core";
import { decodeUtf8 } from "./utf8.js";

const decoder = new TextDecoder("utf-8");

export function decodeVlenStrings(
  bytes: Uint8Array,
  starts: Uint32Array,
  lengths: Uint32Array,
): string[] {
  const count = starts.length;
  let total = 0;
  for (let i = 0; i < count; i++) total += lengths[i];
  const payload = new Uint8Array(total);
  // UTF-16 offset where each item ends in the decoded string
  const ends = new Uint32Array(count);
  let units = 0;
  let q = 0;
  let valid = true;
  for (let i = 0; i < count && valid; i++) {
    let p = starts[i];
    const end = p + lengths[i];
    while (p < end) {
      const b = bytes[p++];
      payload[q++] = b;
      if (b < 0x80) {
        units++;
        continue;
      }
      // a multi-byte sequence must be complete and well-formed inside this item
      let need: number;
      let lo = 0x80;
      let hi = 0xbf;
      if (b >= 0xc2 && b <= 0xdf) need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        if (b === 0xe0) lo = 0xa0;
        else if (b === 0xed) hi = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        if (b === 0xf0) lo = 0x90;
        else if (b === 0xf4) hi = 0x8f;
      } else {
        valid = false;
        break;
      }
      if (p + need > end) {
        valid = false;
        break;
      }
      const b1 = bytes[p];
      if (b1 < lo || b1 > hi) {
        valid = false;
        break;
      }
      payload[q++] = b1;
      for (let k = 1; k < need; k++) {
        const c = bytes[p + k];
        if ((c & 0xc0) !== 0x80) valid = false;
        payload[q++] = c;
      }
      p += need;
      units += need === 3 ? 2 : 1;
    }
    ends[i] = units;
  }
  const out = new Array<string>(count);
  if (!valid) {
    for (let i = 0; i < count; i++) out[i] = decodeUtf8(bytes, starts[i], starts[i] + lengths[i]);
    return out;
  }
  const text = decoder.decode(unshared(payload));
  let from = 0;
  for (let i = 0; i < count; i++) {
    out[i] = text.slice(from, ends[i]);
    from = ends[i];
  }
  return out;
}
