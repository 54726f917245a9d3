import type { FileHandle } from "node:fs/promises";
import type { ByteRange } from "@zarrkit/core";
import { StoreError } from "@zarrkit/core";
import { isMissingFileError, loadNodeModules } from "./node-modules.js";

/**
 * Reads a byte range of an open file at an offset, without reading the rest of it.
 * Ranges past the end are clamped, as HTTP does.
 */
export async function readFileHandleRange(
  handle: FileHandle,
  range: ByteRange,
  knownSize?: number,
): Promise<Uint8Array> {
  let position: number;
  let length: number;
  if ("suffixLength" in range) {
    const size = knownSize ?? (await handle.stat()).size;
    length = Math.min(range.suffixLength, size);
    position = size - length;
  } else {
    position = range.offset;
    length = knownSize === undefined ? range.length : Math.min(range.length, knownSize - position);
  }
  if (length <= 0) return new Uint8Array(0);
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break; // end of file
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

/**
 * A whole open file of a known size (from fstat) in one buffer: one read call for most
 * files, where fs.readFile reads in 512 KiB pieces (and so costs several syscalls per
 * chunk).
 */
export async function readFileHandleWhole(
  handle: FileHandle,
  size: number,
  allocate?: (size: number) => Uint8Array,
): Promise<Uint8Array> {
  const buffer = allocate ? allocate(size).subarray(0, size) : new Uint8Array(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
    if (bytesRead === 0) break; // the file shrank while we read it
    filled += bytesRead;
  }
  return filled === size ? buffer : buffer.subarray(0, filled);
}

/**
 * A local regular file, or a range of it; undefined when it does not exist (Node only).
 * Devices, FIFOs and sockets are refused (opened without blocking, so a FIFO cannot hang
 * us), and a whole file longer than `maxBytes` fails instead of filling memory.
 */
export async function readLocalFile(
  path: string,
  range: ByteRange | undefined,
  maxBytes: number,
): Promise<Uint8Array | undefined> {
  const { fs, fsSync } = await loadNodeModules();
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(path, fsSync.constants.O_RDONLY | fsSync.constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile()) throw new StoreError(`${path} is not a regular file`);
    if (range) return await readFileHandleRange(handle, range, info.size);
    if (info.size > maxBytes) throw tooLong(path, maxBytes);
    // read one byte more than allowed: a file that grows while we read it still fails
    const bytes = await readFileHandleRange(handle, { offset: 0, length: info.size + 1 });
    if (bytes.length > maxBytes) throw tooLong(path, maxBytes);
    return bytes;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if (isMissingFileError(error)) return undefined;
    throw new StoreError(`cannot read ${path}: ${String(error)}`, { cause: error });
  } finally {
    await handle?.close();
  }
}

function tooLong(path: string, maxBytes: number): StoreError {
  return new StoreError(`${path} is longer than the ${maxBytes} bytes allowed for a whole read`);
}
