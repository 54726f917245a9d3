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
 * A whole open file in one buffer sized from fstat: one read call for most files, where
 * fs.readFile reads in 512 KiB pieces (and so costs several syscalls per chunk).
 */
export async function readFileHandleWhole(
  handle: FileHandle,
  allocate?: (size: number) => Uint8Array,
): Promise<Uint8Array> {
  const { size } = await handle.stat();
  const buffer = allocate ? allocate(size).subarray(0, size) : new Uint8Array(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
    if (bytesRead === 0) break; // the file shrank while we read it
    filled += bytesRead;
  }
  return filled === size ? buffer : buffer.subarray(0, filled);
}

/** A local file, or a range of it; undefined when it does not exist (Node only). */
export async function readLocalFile(
  path: string,
  range?: ByteRange,
): Promise<Uint8Array | undefined> {
  const { fs } = await loadNodeModules();
  try {
    if (!range) return new Uint8Array(await fs.readFile(path));
    const handle = await fs.open(path, "r");
    try {
      return await readFileHandleRange(handle, range);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (isMissingFileError(error)) return undefined;
    throw new StoreError(`cannot read ${path}: ${String(error)}`, { cause: error });
  }
}
