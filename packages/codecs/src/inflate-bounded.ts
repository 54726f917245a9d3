/**
 * zlib and gzip decompression (fflate) that never produces more than `maxSize` bytes
 * and verifies the stream's own checksum, which fflate leaves unchecked.
 */
import { gunzipSync, unzlibSync } from "fflate";
import { adler32 } from "./adler32.js";
import { crc32 } from "./crc32-tables.js";

/** Thrown with a message for the codec to wrap in a CorruptChunkError. */
export class InflateFailure extends Error {}

/** Deflate cannot expand data by more than this factor (plus headers). */
const MAX_RATIO = 1032;

function inflateInto(
  inflate: (out: Uint8Array | undefined) => Uint8Array,
  maxSize: number | undefined,
): Uint8Array {
  // One spare byte shows a stream that would grow past maxSize: fflate drops writes
  // past the end of a caller's buffer (or throws RangeError for stored blocks).
  const out = maxSize === undefined ? undefined : new Uint8Array(maxSize + 1);
  let result: Uint8Array;
  try {
    result = inflate(out);
  } catch (e) {
    if (e instanceof RangeError && maxSize !== undefined) throw tooLarge(maxSize);
    throw new InflateFailure((e as Error).message || String(e));
  }
  if (maxSize !== undefined && result.length > maxSize) throw tooLarge(maxSize);
  return result;
}

function tooLarge(maxSize: number): InflateFailure {
  return new InflateFailure(`decompressed data exceeds the expected ${maxSize} bytes`);
}

/** Decompresses a zlib stream (RFC 1950), checking its Adler-32. */
export function unzlibBounded(bytes: Uint8Array, maxSize?: number): Uint8Array {
  if (bytes.length < 7)
    throw new InflateFailure(`zlib stream of ${bytes.length} bytes is truncated`);
  const result = inflateInto((out) => unzlibSync(bytes, out ? { out } : undefined), maxSize);
  const n = bytes.length;
  const stored =
    ((bytes[n - 4] << 24) | (bytes[n - 3] << 16) | (bytes[n - 2] << 8) | bytes[n - 1]) >>> 0;
  if (adler32(result) !== stored) {
    throw new InflateFailure("zlib stream is corrupt or truncated (Adler-32 mismatch)");
  }
  return result;
}

/** Decompresses a single-member gzip stream (RFC 1952), checking its CRC-32 and length. */
export function gunzipBounded(bytes: Uint8Array, maxSize?: number): Uint8Array {
  const n = bytes.length;
  if (n < 18) throw new InflateFailure(`gzip stream of ${n} bytes is truncated`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const isize = view.getUint32(n - 4, true);
  const storedCrc = view.getUint32(n - 8, true);
  if (maxSize !== undefined && isize > maxSize) throw tooLarge(maxSize);
  let bound = maxSize;
  if (bound === undefined) {
    if (isize > n * MAX_RATIO) {
      throw new InflateFailure(
        `gzip trailer claims ${isize} bytes, impossible for ${n} compressed bytes`,
      );
    }
    bound = isize;
  }
  const result = inflateInto((out) => gunzipSync(bytes, out ? { out } : undefined), bound);
  if (result.length !== isize || crc32(result) !== storedCrc) {
    throw new InflateFailure("gzip stream is corrupt or truncated (CRC-32 or length mismatch)");
  }
  return result;
}
