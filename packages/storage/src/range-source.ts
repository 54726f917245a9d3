import { StoreError, throwIfAborted } from "@zarrkit/core";

/**
 * Anything that can read byte ranges of one immutable blob of known size: in-memory
 * bytes, a Blob, a local file, a URL. Formats that index into a file (zip) read through it.
 */
export interface RangeSource {
  size(options?: { signal?: AbortSignal }): Promise<number>;
  /** Exactly `length` bytes from `offset`; reading past the end is an error. */
  read(offset: number, length: number, options?: { signal?: AbortSignal }): Promise<Uint8Array>;
}

/** Throws when a range does not lie inside a source of `size` bytes. */
export function checkSourceRange(offset: number, length: number, size: number, what: string) {
  if (offset < 0 || length < 0 || offset + length > size) {
    throw new StoreError(
      `cannot read bytes ${offset}..${offset + length} of ${what} (${size} bytes)`,
    );
  }
}

/** A RangeSource over bytes in memory (no copies). */
export class BytesRangeSource implements RangeSource {
  readonly bytes: Uint8Array;
  constructor(bytes: Uint8Array | ArrayBuffer) {
    this.bytes = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  }
  async size(): Promise<number> {
    return this.bytes.length;
  }
  async read(offset: number, length: number, options?: { signal?: AbortSignal }) {
    throwIfAborted(options?.signal);
    checkSourceRange(offset, length, this.bytes.length, "in-memory bytes");
    return this.bytes.subarray(offset, offset + length);
  }
}

/** A RangeSource over a Blob or File (browser file inputs, fetched blobs). */
export class BlobRangeSource implements RangeSource {
  readonly blob: Blob;
  constructor(blob: Blob) {
    this.blob = blob;
  }
  async size(): Promise<number> {
    return this.blob.size;
  }
  async read(offset: number, length: number, options?: { signal?: AbortSignal }) {
    throwIfAborted(options?.signal);
    checkSourceRange(offset, length, this.blob.size, "a Blob");
    const buffer = await this.blob.slice(offset, offset + length).arrayBuffer();
    throwIfAborted(options?.signal);
    return new Uint8Array(buffer);
  }
}
