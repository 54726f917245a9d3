/**
 * IEEE binary16 conversions. float16 chunks are held widened in Float32Array (every
 * half is exact in float32); narrowing rounds to nearest, ties to even, as numpy does.
 */

let halfTable: Float32Array | undefined;

/** float32 value of every half bit pattern (built on first use, 256 KiB). */
export function halfToFloatTable(): Float32Array {
  if (halfTable) return halfTable;
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const mant = h & 0x3ff;
    let v: number;
    if (exp === 0) v = mant * 2 ** -24;
    else if (exp === 31) v = mant ? Number.NaN : Number.POSITIVE_INFINITY;
    else v = (1 + mant / 1024) * 2 ** (exp - 15);
    table[h] = sign * v;
  }
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

/** Half bits of a float32 given as its uint32 bits (port of numpy's npy_floatbits_to_halfbits). */
export function floatBitsToHalfBits(f: number): number {
  const sign = (f >>> 16) & 0x8000;
  const fExp = f & 0x7f800000;
  if (fExp >= 0x47800000) {
    if (fExp === 0x7f800000) {
      const sig = f & 0x7fffff;
      if (sig !== 0) {
        let ret = 0x7c00 + (sig >>> 13);
        if (ret === 0x7c00) ret++;
        return sign + ret;
      }
    }
    return sign + 0x7c00;
  }
  if (fExp <= 0x38000000) {
    if (fExp < 0x33000000) return sign;
    const e = fExp >>> 23;
    let sig = 0x800000 + (f & 0x7fffff);
    sig >>>= 113 - e;
    if ((sig & 0x3fff) !== 0x1000 || f & 0x7ff) sig += 0x1000;
    return sign + (sig >>> 13);
  }
  const hExp = (fExp - 0x38000000) >>> 13;
  let sig = f & 0x7fffff;
  if ((sig & 0x3fff) !== 0x1000) sig += 0x1000;
  return sign + hExp + (sig >>> 13);
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

/** The half nearest to a double: core's, where fill values need it too. */
export { roundToFloat16 } from "@zarrkit/core";
