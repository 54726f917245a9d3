import { StoreError } from "@zarrkit/core";
import {
  CENTRAL_HEADER_SIZE,
  END_SIZE,
  FLAG_UTF8,
  LOCAL_HEADER_SIZE,
  SIG_CENTRAL_HEADER,
  SIG_END,
  SIG_LOCAL_HEADER,
  SIG_ZIP64_END,
  SIG_ZIP64_LOCATOR,
  ZIP64_END_SIZE,
  ZIP64_EXTRA_ID,
  ZIP64_LOCATOR_SIZE,
} from "./zip-format.js";

/**
 * Encoding the records of a zip (APPNOTE.TXT) for the writer: local headers, central
 * directory headers and the end records, switching to Zip64 fields only where a size,
 * offset or count does not fit (or everywhere when forced).
 */

const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
/** "Made by" Unix, so unzip applies the mode in the external attributes. */
const MADE_BY_UNIX = 3 << 8;
/** -rw-r--r--, as zarr-python's ZipStore writes it. */
const EXTERNAL_ATTRIBUTES = (0o644 << 16) >>> 0;

/** One entry as the writer records it: enough to write both of its headers. */
export interface ZipWriteEntry {
  /** The name inside the zip, UTF-8 encoded. */
  nameBytes: Uint8Array;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** DOS time and date fields (see dosDateTime). */
  time: number;
  date: number;
}

export interface DosDateTime {
  time: number;
  date: number;
}

/** 1980-01-01 00:00:00, the earliest DOS timestamp: the default, for reproducible zips. */
export const DOS_EPOCH: DosDateTime = { time: 0, date: (1 << 5) | 1 };

/**
 * The DOS time and date fields of `date`, from its UTC fields (DOS timestamps carry no
 * zone; UTC keeps the output the same on every machine). Seconds are rounded down to even.
 */
export function dosDateTime(date: Date): DosDateTime {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 1980 || year > 2107) {
    throw new StoreError(
      `a zip timestamp must lie in 1980..2107 (DOS time), got ${Number.isNaN(year) ? "an invalid Date" : date.toISOString()}`,
    );
  }
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/** Whether the name needs the UTF-8 flag (Python's zipfile sets it only for non-ASCII names). */
function flagsOf(entry: ZipWriteEntry): number {
  for (const byte of entry.nameBytes) if (byte >= 0x80) return FLAG_UTF8;
  return 0;
}

function localNeedsZip64(entry: ZipWriteEntry, force: boolean): boolean {
  return force || entry.uncompressedSize >= MAX32 || entry.compressedSize >= MAX32;
}

/** Size in bytes of the local header `encodeLocalHeader` writes for this entry. */
export function localHeaderSize(entry: ZipWriteEntry, forceZip64: boolean): number {
  return LOCAL_HEADER_SIZE + entry.nameBytes.length + (localNeedsZip64(entry, forceZip64) ? 20 : 0);
}

/**
 * The local header, with sizes and CRC known up front (no data descriptor). A Zip64
 * local extra must hold both sizes, so it is all or nothing.
 */
export function encodeLocalHeader(entry: ZipWriteEntry, forceZip64: boolean): Uint8Array {
  const zip64 = localNeedsZip64(entry, forceZip64);
  const bytes = new Uint8Array(localHeaderSize(entry, forceZip64));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, SIG_LOCAL_HEADER, true);
  view.setUint16(4, zip64 ? VERSION_ZIP64 : VERSION_DEFAULT, true);
  view.setUint16(6, flagsOf(entry), true);
  view.setUint16(8, entry.method, true);
  view.setUint16(10, entry.time, true);
  view.setUint16(12, entry.date, true);
  view.setUint32(14, entry.crc32, true);
  view.setUint32(18, zip64 ? MAX32 : entry.compressedSize, true);
  view.setUint32(22, zip64 ? MAX32 : entry.uncompressedSize, true);
  view.setUint16(26, entry.nameBytes.length, true);
  view.setUint16(28, zip64 ? 20 : 0, true);
  bytes.set(entry.nameBytes, LOCAL_HEADER_SIZE);
  if (zip64) {
    const extra = LOCAL_HEADER_SIZE + entry.nameBytes.length;
    view.setUint16(extra, ZIP64_EXTRA_ID, true);
    view.setUint16(extra + 2, 16, true);
    view.setBigUint64(extra + 4, BigInt(entry.uncompressedSize), true);
    view.setBigUint64(extra + 12, BigInt(entry.compressedSize), true);
  }
  return bytes;
}

/**
 * The central directory header. Each of the uncompressed size, compressed size and
 * local header offset that does not fit 32 bits (all of them when forced) reads
 * 0xFFFFFFFF and is given, in that order, in the Zip64 extra field.
 */
export function encodeCentralHeader(entry: ZipWriteEntry, forceZip64: boolean): Uint8Array {
  const wide = [entry.uncompressedSize, entry.compressedSize, entry.localHeaderOffset].map(
    (value) => forceZip64 || value >= MAX32,
  );
  const wideCount = wide.filter(Boolean).length;
  const extraLength = wideCount === 0 ? 0 : 4 + 8 * wideCount;
  const nameLength = entry.nameBytes.length;
  const bytes = new Uint8Array(CENTRAL_HEADER_SIZE + nameLength + extraLength);
  const view = new DataView(bytes.buffer);
  const version =
    wideCount > 0 || localNeedsZip64(entry, forceZip64) ? VERSION_ZIP64 : VERSION_DEFAULT;
  view.setUint32(0, SIG_CENTRAL_HEADER, true);
  view.setUint16(4, MADE_BY_UNIX | version, true);
  view.setUint16(6, version, true);
  view.setUint16(8, flagsOf(entry), true);
  view.setUint16(10, entry.method, true);
  view.setUint16(12, entry.time, true);
  view.setUint16(14, entry.date, true);
  view.setUint32(16, entry.crc32, true);
  view.setUint32(20, wide[1] ? MAX32 : entry.compressedSize, true);
  view.setUint32(24, wide[0] ? MAX32 : entry.uncompressedSize, true);
  view.setUint16(28, nameLength, true);
  view.setUint16(30, extraLength, true);
  // comment length, disk number start, internal attributes: 0
  view.setUint32(38, EXTERNAL_ATTRIBUTES, true);
  view.setUint32(42, wide[2] ? MAX32 : entry.localHeaderOffset, true);
  bytes.set(entry.nameBytes, CENTRAL_HEADER_SIZE);
  if (extraLength > 0) {
    let p = CENTRAL_HEADER_SIZE + nameLength;
    view.setUint16(p, ZIP64_EXTRA_ID, true);
    view.setUint16(p + 2, extraLength - 4, true);
    p += 4;
    if (wide[0]) p = setU64(view, p, entry.uncompressedSize);
    if (wide[1]) p = setU64(view, p, entry.compressedSize);
    if (wide[2]) setU64(view, p, entry.localHeaderOffset);
  }
  return bytes;
}

/**
 * The end of the zip, written right after the central directory: a Zip64 end record and
 * locator when the count, size or offset does not fit (or when forced), then the classic
 * end record (with 0xFFFF/0xFFFFFFFF in the fields Zip64 carries).
 */
export function encodeEndRecords(
  count: number,
  cdOffset: number,
  cdSize: number,
  forceZip64: boolean,
): Uint8Array {
  const zip64 = forceZip64 || count >= MAX16 || cdOffset >= MAX32 || cdSize >= MAX32;
  const zip64Size = zip64 ? ZIP64_END_SIZE + ZIP64_LOCATOR_SIZE : 0;
  const bytes = new Uint8Array(zip64Size + END_SIZE);
  const view = new DataView(bytes.buffer);
  if (zip64) {
    view.setUint32(0, SIG_ZIP64_END, true);
    view.setBigUint64(4, BigInt(ZIP64_END_SIZE - 12), true);
    view.setUint16(12, MADE_BY_UNIX | VERSION_ZIP64, true);
    view.setUint16(14, VERSION_ZIP64, true);
    // this disk and the central directory's disk: 0
    setU64(view, 24, count);
    setU64(view, 32, count);
    setU64(view, 40, cdSize);
    setU64(view, 48, cdOffset);
    const locator = ZIP64_END_SIZE;
    view.setUint32(locator, SIG_ZIP64_LOCATOR, true);
    setU64(view, locator + 8, cdOffset + cdSize);
    view.setUint32(locator + 16, 1, true); // total number of disks
  }
  const end = zip64Size;
  view.setUint32(end, SIG_END, true);
  view.setUint16(end + 8, zip64 ? MAX16 : count, true);
  view.setUint16(end + 10, zip64 ? MAX16 : count, true);
  view.setUint32(end + 12, zip64 ? MAX32 : cdSize, true);
  view.setUint32(end + 16, zip64 ? MAX32 : cdOffset, true);
  return bytes;
}

function setU64(view: DataView, offset: number, value: number): number {
  view.setBigUint64(offset, BigInt(value), true);
  return offset + 8;
}
