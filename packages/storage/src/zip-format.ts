import { StoreError } from "@zarrkit/core";
import type { RangeSource } from "./range-source.js";

/**
 * The zip container format (APPNOTE.TXT): record signatures and the central directory,
 * including Zip64. Shared by the reader and a future writer.
 */
export const SIG_LOCAL_HEADER = 0x04034b50;
export const SIG_CENTRAL_HEADER = 0x02014b50;
export const SIG_END = 0x06054b50;
export const SIG_ZIP64_END = 0x06064b50;
export const SIG_ZIP64_LOCATOR = 0x07064b50;
export const LOCAL_HEADER_SIZE = 30;
export const CENTRAL_HEADER_SIZE = 46;
export const END_SIZE = 22;
export const ZIP64_END_SIZE = 56;
export const ZIP64_LOCATOR_SIZE = 20;
export const ZIP64_EXTRA_ID = 0x0001;
export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;
export const FLAG_ENCRYPTED = 0x1;
export const FLAG_UTF8 = 0x800;
const MAX_COMMENT = 0xffff;
/** First guess at the tail holding the end records (with Zip64 ones and a short comment). */
const FIRST_TAIL = 4096;

/** One file of a zip, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Reads every entry from the central directory (end record located within the tail). */
export async function readCentralDirectory(
  source: RangeSource,
  what: string,
  signal?: AbortSignal,
): Promise<ZipEntry[]> {
  const options = signal ? { signal } : undefined;
  const size = await source.size(options);
  if (size < END_SIZE) throw corrupt(what, `only ${size} bytes, too short for a zip`);
  // most zips have no comment: try a small tail before the longest possible one
  let tailStart = 0;
  let tail: Uint8Array = new Uint8Array(0);
  let end = -1;
  for (const want of [FIRST_TAIL, END_SIZE + MAX_COMMENT + ZIP64_LOCATOR_SIZE]) {
    const tailLength = Math.min(size, want);
    if (tailLength <= tail.length) break;
    tailStart = size - tailLength;
    tail = await source.read(tailStart, tailLength, options);
    end = findEndRecord(tail);
    if (end !== -1) break;
  }
  if (end === -1) throw corrupt(what, "no end-of-central-directory record");
  const view = viewOf(tail);
  let count = view.getUint16(end + 10, true);
  let cdSize = view.getUint32(end + 12, true);
  let cdOffset = view.getUint32(end + 16, true);
  const locator = end - ZIP64_LOCATOR_SIZE;
  if (locator >= 0 && view.getUint32(locator, true) === SIG_ZIP64_LOCATOR) {
    const zip64Offset = u64(view, locator + 8, what);
    const record = await readAt(source, tail, tailStart, zip64Offset, ZIP64_END_SIZE, options);
    const recordView = viewOf(record);
    if (recordView.getUint32(0, true) !== SIG_ZIP64_END) {
      throw corrupt(what, "Zip64 locator does not point at a Zip64 end record");
    }
    count = u64(recordView, 32, what);
    cdSize = u64(recordView, 40, what);
    cdOffset = u64(recordView, 48, what);
  }
  if (cdOffset + cdSize > size) throw corrupt(what, "central directory lies past the end");
  const cd = await readAt(source, tail, tailStart, cdOffset, cdSize, options);
  return parseCentralDirectory(cd, count, what);
}

/** Position of the end-of-central-directory record in `tail`, scanning backwards; -1 if none. */
function findEndRecord(tail: Uint8Array): number {
  const view = viewOf(tail);
  for (let i = tail.length - END_SIZE; i >= 0; i--) {
    if (
      view.getUint32(i, true) === SIG_END &&
      i + END_SIZE + view.getUint16(i + 20, true) <= tail.length
    ) {
      return i;
    }
  }
  return -1;
}

function parseCentralDirectory(cd: Uint8Array, count: number, what: string): ZipEntry[] {
  const view = viewOf(cd);
  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + CENTRAL_HEADER_SIZE > cd.length || view.getUint32(p, true) !== SIG_CENTRAL_HEADER) {
      throw corrupt(what, `central directory entry ${i} is malformed`);
    }
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const entry: ZipEntry = {
      name: utf8.decode(cd.subarray(p + CENTRAL_HEADER_SIZE, p + CENTRAL_HEADER_SIZE + nameLength)),
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      crc32: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      uncompressedSize: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    };
    const extraStart = p + CENTRAL_HEADER_SIZE + nameLength;
    applyZip64Extra(entry, view, extraStart, extraStart + extraLength, what);
    entries.push(entry);
    p = extraStart + extraLength + commentLength;
  }
  return entries;
}

/** Replaces 0xFFFFFFFF sizes and offsets with their 64-bit values from the Zip64 extra. */
function applyZip64Extra(
  entry: ZipEntry,
  view: DataView,
  start: number,
  end: number,
  what: string,
) {
  const FULL = 0xffffffff;
  if (
    entry.uncompressedSize !== FULL &&
    entry.compressedSize !== FULL &&
    entry.localHeaderOffset !== FULL
  ) {
    return;
  }
  for (let p = start; p + 4 <= end; ) {
    const id = view.getUint16(p, true);
    const length = view.getUint16(p + 2, true);
    if (id === ZIP64_EXTRA_ID) {
      let q = p + 4;
      const next = (): number => {
        if (q + 8 > p + 4 + length) throw corrupt(what, `Zip64 extra of "${entry.name}" is short`);
        const value = u64(view, q, what);
        q += 8;
        return value;
      };
      if (entry.uncompressedSize === FULL) entry.uncompressedSize = next();
      if (entry.compressedSize === FULL) entry.compressedSize = next();
      if (entry.localHeaderOffset === FULL) entry.localHeaderOffset = next();
      return;
    }
    p += 4 + length;
  }
  throw corrupt(what, `entry "${entry.name}" has 32-bit overflow sizes but no Zip64 extra field`);
}

/** Bytes at `offset`, taken from the tail already read when it covers them. */
async function readAt(
  source: RangeSource,
  tail: Uint8Array,
  tailStart: number,
  offset: number,
  length: number,
  options: { signal?: AbortSignal } | undefined,
): Promise<Uint8Array> {
  if (offset >= tailStart && offset + length <= tailStart + tail.length) {
    return tail.subarray(offset - tailStart, offset - tailStart + length);
  }
  return source.read(offset, length, options);
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(view: DataView, offset: number, what: string): number {
  const value = view.getBigUint64(offset, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt(what, "a Zip64 size exceeds 2^53");
  return Number(value);
}

export function corrupt(what: string, detail: string): StoreError {
  return new StoreError(`${what} is not a readable zip: ${detail}`);
}
