/** The platform's byte order, and in-place byte swapping for stored forms that differ. */
export const PLATFORM_ENDIAN: "little" | "big" =
  new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? "little" : "big";

/** Reverses the bytes of each `size`-byte element of `bytes`, in place. */
export function byteswapInPlace(bytes: Uint8Array, size: number): void {
  const n = bytes.length - (bytes.length % size);
  if (size > 1 && size <= 8 && bytes.byteOffset % 4 === 0 && n % 4 === 0) {
    // whole words at a time when aligned
    if (size === 2) {
      const w = new Uint32Array(bytes.buffer, bytes.byteOffset, n / 4);
      for (let i = 0; i < w.length; i++) {
        const x = w[i];
        w[i] = ((x & 0x00ff00ff) << 8) | ((x >>> 8) & 0x00ff00ff);
      }
      return;
    }
    if (size === 4 || size === 8) {
      const w = new Uint32Array(bytes.buffer, bytes.byteOffset, n / 4);
      for (let i = 0; i < w.length; i++) {
        const x = w[i];
        w[i] = (x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
      }
      if (size === 8) {
        for (let i = 0; i < w.length; i += 2) {
          const t = w[i];
          w[i] = w[i + 1];
          w[i + 1] = t;
        }
      }
      return;
    }
  }
  const half = size >> 1;
  for (let i = 0; i < n; i += size) {
    for (let j = 0; j < half; j++) {
      const a = bytes[i + j];
      bytes[i + j] = bytes[i + size - 1 - j];
      bytes[i + size - 1 - j] = a;
    }
  }
}

/** The bytes of a typed array, as a view (no copy). */
export function bytesOf(data: ArrayBufferView): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
