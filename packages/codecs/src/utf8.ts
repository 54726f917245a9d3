/**
 * UTF-8 to string for many short items (vlen strings, |S fields): a plain loop for
 * ASCII, which beats TextDecoder's per-call cost on short strings, else TextDecoder.
 */
import { unshared } from "@zarrkit/core";

const decoder = new TextDecoder("utf-8");
const strictDecoder = new TextDecoder("utf-8", { fatal: true });
export const utf8Encoder = new TextEncoder();

/** Decodes bytes [start, end) of `bytes` as UTF-8 (invalid sequences become U+FFFD). */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let s = "";
    for (let i = start; i < end; i++) {
      const c = bytes[i];
      if (c >= 0x80) return decoder.decode(unshared(bytes.subarray(start, end)));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return decoder.decode(unshared(bytes.subarray(start, end)));
}

/** UTF-8 when the bytes are valid UTF-8, else Latin-1 (every byte one character). */
export function decodeUtf8OrLatin1(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(unshared(bytes));
  } catch {
    let s = "";
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return s;
  }
}
