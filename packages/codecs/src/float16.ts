/**
 * IEEE binary16 conversions. float16 chunks are held widened in Float32Array (every
 * half is exact in float32); narrowing rounds to nearest, ties to even, as numpy does.
 */

import { float16ToNumber, floatBitsToHalfBits } from "@zarrkit/core";

let halfTable: Float32Array | undefined;

/** float32 value of every half bit pattern (built on first use, 256 KiB). */
export function halfToFloatTable(): Float32Array {
  if (halfTable) return halfTable;
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) table[h] = float16ToNumber(h);
  // NaN payloads: write the widened bit pattern so they survive a round trip
  const bits = new Uint32Array(table.buffer);
  for (let h = 0; h < 65536; h++) {
    if ((h & 0x7c00) === 0x7c00 && h & 0x3ff) {
      bits[h] = ((h & 0x8000) << 16) | 0x7f800000 | ((h & 0x3ff) << 13);
    }
  }
  halfTable = table;
  return table;
}

/** Writes the half bits of each float32 in `src` into `out`. */
export function floatsToHalves(src: Float32Array, out: Uint16Array): void {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0; i < bits.length; i++) out[i] = floatBitsToHalfBits(bits[i]);
}

/** Widens halves to float32. */
export function halvesToFloats(src: Uint16Array, out: Float32Array): void {
  const table = halfToFloatTable();
  for (let i = 0; i < src.length; i++) out[i] = table[src[i]];
}

/** Both in core, where fill values and structured records need them too. */
export { floatBitsToHalfBits, roundToFloat16 } from "@zarrkit/core";
