/**
 * The fixed-width string types of v2: "<U{n}"/">U{n}" (n UTF-32 code units, NUL padded)
 * and "|S{n}" (n bytes, NUL padded). Trailing NULs are padding and are stripped, as
 * numpy does.
 */
import { decodeUtf8OrLatin1, utf8Encoder } from "./utf8.js";

export function decodeUtf32Strings(
  bytes: Uint8Array,
  count: number,
  chars: number,
  little: boolean,
): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<string>(count);
  const itemSize = chars * 4;
  for (let i = 0; i < count; i++) {
    const base = i * itemSize;
    let end = chars;
    while (end > 0 && view.getUint32(base + (end - 1) * 4, little) === 0) end--;
    let s = "";
    for (let j = 0; j < end; j++) {
      const c = view.getUint32(base + j * 4, little);
      s += c < 0x10000 ? String.fromCharCode(c) : String.fromCodePoint(c);
    }
    out[i] = s;
  }
  return out;
}

/** Encodes strings as UTF-32; throws RangeError naming the first string that does not fit. */
export function encodeUtf32Strings(
  data: readonly string[],
  chars: number,
  little: boolean,
): Uint8Array {
  const out = new Uint8Array(data.length * chars * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) {
    let j = 0;
    const base = i * chars * 4;
    for (const ch of data[i]) {
      if (j === chars) {
        throw new RangeError(
          `string ${i} ${JSON.stringify(data[i])} is longer than ${chars} characters`,
        );
      }
      view.setUint32(base + j * 4, ch.codePointAt(0) ?? 0, little);
      j++;
    }
  }
  return out;
}

export function decodeNullTerminatedStrings(
  bytes: Uint8Array,
  count: number,
  size: number,
): string[] {
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const base = i * size;
    let end = size;
    while (end > 0 && bytes[base + end - 1] === 0) end--;
    let ascii = true;
    for (let j = base; j < base + end; j++) {
      if (bytes[j] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      let s = "";
      for (let j = base; j < base + end; j++) s += String.fromCharCode(bytes[j]);
      out[i] = s;
    } else {
      out[i] = decodeUtf8OrLatin1(bytes.subarray(base, base + end));
    }
  }
  return out;
}

/** Encodes strings as UTF-8 fields of `size` bytes; throws RangeError when one does not fit. */
export function encodeNullTerminatedStrings(data: readonly string[], size: number): Uint8Array {
  const out = new Uint8Array(data.length * size);
  for (let i = 0; i < data.length; i++) {
    const field = out.subarray(i * size, (i + 1) * size);
    const { read } = utf8Encoder.encodeInto(data[i], field);
    if (read < data[i].length) {
      throw new RangeError(`string ${i} ${JSON.stringify(data[i])} is longer than ${size} bytes`);
    }
  }
  return out;
}
