/**
 * Table-driven reflected CRC-32 with slicing-by-8, for any polynomial: 0xEDB88320 is
 * zlib's crc32, 0x82F63B78 is CRC-32C (Castagnoli). Tables are built on first use.
 */
// Int32Array: its loads stay small integers in V8, unlike uint32 values above 2^31
const tables = new Map<number, Int32Array>();

function tablesFor(poly: number): Int32Array {
  let t = tables.get(poly);
  if (t) return t;
  t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n];
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff] ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  tables.set(poly, t);
  return t;
}

/** The CRC of `bytes`, continuing from `crc` (0 to start), as an unsigned 32-bit number. */
export function crc32With(poly: number, bytes: Uint8Array, crc = 0): number {
  const t = tablesFor(poly);
  let c = ~crc;
  let i = 0;
  const n8 = bytes.length - (bytes.length % 8);
  for (; i < n8; i += 8) {
    const lo = c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    c =
      t[1792 + (lo & 0xff)] ^
      t[1536 + ((lo >>> 8) & 0xff)] ^
      t[1280 + ((lo >>> 16) & 0xff)] ^
      t[1024 + (lo >>> 24)] ^
      t[768 + bytes[i + 4]] ^
      t[512 + bytes[i + 5]] ^
      t[256 + bytes[i + 6]] ^
      t[bytes[i + 7]];
  }
  for (; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** zlib's CRC-32 (also gzip's). */
export function crc32(bytes: Uint8Array, crc = 0): number {
  return crc32With(0xedb88320, bytes, crc);
}

/** CRC-32C (Castagnoli), as the v3 crc32c codec stores it. */
export function crc32c(bytes: Uint8Array, crc = 0): number {
  return crc32With(0x82f63b78, bytes, crc);
}
