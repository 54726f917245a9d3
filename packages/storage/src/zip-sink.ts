import { StoreError } from "@zarrkit/core";

/**
 * Where a zip being written goes: an append-only byte sink that can read back what it
 * already holds (for a writer store's get), and that yields a result `R` when finished.
 */
export interface ZipSink<R> {
  /** Name used in error messages (the file path, "a Blob"). */
  readonly name: string;
  /** Appends `parts`, in order, at `offset` (always the number of bytes written so far). */
  write(parts: readonly Uint8Array[], offset: number): Promise<void>;
  /** Exactly `length` bytes already written, from `offset`. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Completes the output (renames a file into place, builds a Blob). Called once. */
  finish(): Promise<R>;
  /** Discards the output (removes a temp file). Safe to call after a failure. */
  abort(): Promise<void>;
}

/** Small writes are gathered into a staging buffer of this size before becoming a Blob. */
const STAGING_SIZE = 4 << 20;

/**
 * A sink that builds a Blob (browsers, or Node). Written bytes become Blob parts, which
 * a browser may keep on disk rather than in the JS heap; writes are copied, so callers
 * may reuse their buffers as soon as a write resolves.
 */
export class BlobZipSink implements ZipSink<Blob> {
  readonly name = "a zip Blob";
  readonly #blobs: Blob[] = [];
  /** Start offset of each Blob in #blobs. */
  readonly #starts: number[] = [];
  #blobBytes = 0;
  #staging: Uint8Array<ArrayBuffer> | undefined;
  #staged = 0;
  #finished = false;

  async write(parts: readonly Uint8Array[], offset: number): Promise<void> {
    this.#checkOpen();
    if (offset !== this.#blobBytes + this.#staged) {
      throw new StoreError(`${this.name}: write at ${offset} is not at the end`);
    }
    for (const part of parts) {
      if (part.length >= STAGING_SIZE) {
        this.#flush();
        this.#push(new Blob([part as Uint8Array<ArrayBuffer>]));
        continue;
      }
      this.#staging ??= new Uint8Array(STAGING_SIZE);
      if (this.#staged + part.length > STAGING_SIZE) this.#flush();
      this.#staging.set(part, this.#staged);
      this.#staged += part.length;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const end = offset + length;
    if (offset < 0 || length < 0 || end > this.#blobBytes + this.#staged) {
      throw new StoreError(`${this.name}: cannot read bytes ${offset}..${end} not yet written`);
    }
    if (offset >= this.#blobBytes) {
      // still in the staging buffer: copy, since it is reused after the next flush
      return this.#staging!.slice(offset - this.#blobBytes, end - this.#blobBytes);
    }
    this.#flush();
    const first = upperBound(this.#starts, offset) - 1;
    const covering: Blob[] = [];
    for (let i = first; i < this.#blobs.length && this.#starts[i] < end; i++) {
      covering.push(this.#blobs[i]);
    }
    const start = offset - this.#starts[first];
    const blob = covering.length === 1 ? covering[0] : new Blob(covering);
    return new Uint8Array(await blob.slice(start, start + length).arrayBuffer());
  }

  async finish(): Promise<Blob> {
    this.#checkOpen();
    this.#flush();
    this.#finished = true;
    this.#staging = undefined;
    return new Blob(this.#blobs, { type: "application/zip" });
  }

  async abort(): Promise<void> {
    this.#finished = true;
    this.#blobs.length = 0;
    this.#starts.length = 0;
    this.#staging = undefined;
  }

  #flush(): void {
    if (this.#staged === 0) return;
    this.#push(new Blob([this.#staging!.subarray(0, this.#staged) as Uint8Array<ArrayBuffer>]));
    this.#staged = 0;
  }

  #push(blob: Blob): void {
    this.#starts.push(this.#blobBytes);
    this.#blobs.push(blob);
    this.#blobBytes += blob.size;
  }

  #checkOpen(): void {
    if (this.#finished) throw new StoreError(`${this.name} is already finished`);
  }
}

/** Index of the first element greater than `value` in a sorted array. */
function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
