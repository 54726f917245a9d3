/** IEEE 754 half precision (numpy's float16): rounding doubles to it, and its bits. */

/** The half nearest to a double (ties to even), as a number; ±Infinity past the range. */
export function roundToFloat16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  if (a >= 65520) return x > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const quantum = 2 ** (Math.max(e, -14) - 10);
  const y = a / quantum;
  const f = Math.floor(y);
  const d = y - f;
  const r = d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
  return Math.sign(x) * r * quantum;
}

/** The value of IEEE 754 half-precision bits. */
export function float16ToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
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

const f32 = new Float32Array(1);
const f32Bits = new Uint32Array(f32.buffer);

/** The half bits of a double, rounded as numpy rounds a double to float16. */
export function halfBitsOf(x: number): number {
  f32[0] = roundToFloat16(x); // exact in float32
  return floatBitsToHalfBits(f32Bits[0]);
}
