/**
 * Fletcher-32 as HDF5 and numcodecs compute it: 16-bit big-endian words, sums folded
 * every 360 words, an odd final byte taken as a word's high byte.
 */
export function fletcher32(bytes: Uint8Array): number {
  let sum1 = 0;
  let sum2 = 0;
  let words = bytes.length >>> 1;
  let p = 0;
  while (words > 0) {
    let tlen = Math.min(words, 360);
    words -= tlen;
    do {
      sum1 += (bytes[p] << 8) | bytes[p + 1];
      p += 2;
      sum2 = (sum2 + sum1) >>> 0; // uint32 arithmetic, as in C
    } while (--tlen);
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
  }
  if (bytes.length & 1) {
    sum1 += bytes[p] << 8;
    sum2 += sum1;
    sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
  }
  sum1 = (sum1 & 0xffff) + (sum1 >>> 16);
  sum2 = (sum2 & 0xffff) + (sum2 >>> 16);
  return ((sum2 << 16) | sum1) >>> 0;
}
