import type { ByteRange, StoreReadOptions } from "@zarrkit/core";
import { ReadOnlyError, StoreError, sliceRange, throwIfAborted } from "@zarrkit/core";
import { deflateSync } from "fflate";
import { crc32 } from "./crc32.js";
import { FileZipSink, type FileZipSinkOptions, type ZipFileInfo } from "./file-zip-sink.js";
import { listDirFromKeys, normalizeDirPrefix } from "./list-dir.js";
import { validateKey, validatePrefix } from "./store-key.js";
import { METHOD_DEFLATE, METHOD_STORED } from "./zip-format.js";
import { inflateExactly } from "./zip-inflate.js";
import { BlobZipSink, type ZipSink } from "./zip-sink.js";
import {
  DOS_EPOCH,
  dosDateTime,
  encodeCentralHeader,
  encodeEndRecords,
  encodeLocalHeader,
  localHeaderSize,
  type ZipWriteEntry,
} from "./zip-write-format.js";

export type ZipCompression = "store" | "deflate";
export type DeflateLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export interface ZipWriterOptions {
  /**
   * "store" (the default, as zarr-python's ZipStore: chunks are already compressed) or
   * "deflate"; a value that deflate does not shrink is stored anyway.
   */
  compression?: ZipCompression;
  /** Deflate level (default 6). */
  level?: DeflateLevel;
  /** Timestamp of every entry (its UTC fields). Default 1980-01-01 00:00, for reproducible zips. */
  date?: Date;
  /** Folder inside the zip to hold the keys ("data.zarr/"); read back with ZipStore's `prefix`. */
  prefix?: string;
  /** Write Zip64 fields for every entry and the end, even where 32 bits would do. */
  forceZip64?: boolean;
}

/** An entry of the zip being written, and where its data lies. */
interface WrittenEntry extends ZipWriteEntry {
  dataOffset: number;
}

/** Central directory headers are written in batches of about this many bytes. */
const CENTRAL_BATCH = 1 << 20;

/**
 * A write-only-once store that produces a zip: each `set` appends an entry (local
 * header + data) to the sink as it arrives, so memory holds only the index; `close`
 * writes the central directory and returns the sink's result (a file's path and size,
 * or a Blob). Reads (`get`, `list`, ...) see what has been written so far, so arrays
 * can be created and written through it (read-modify-write of partial chunks works).
 *
 * A key written twice keeps both copies in the file but only the last in the central
 * directory, so readers see the last write; `delete` likewise drops a key from the
 * central directory (its bytes stay behind, unreferenced). Nothing can be written or
 * deleted once `close` or `abort` has been called (ReadOnlyError).
 */
export class ZipWriterStore<R = unknown> {
  readonly #sink: ZipSink<R>;
  readonly #entries = new Map<string, WrittenEntry>();
  readonly #deflate: boolean;
  readonly #level: DeflateLevel;
  readonly #time: number;
  readonly #date: number;
  readonly #prefix: string;
  readonly #forceZip64: boolean;
  readonly #encoder = new TextEncoder();
  /** Bytes written to the sink, or reserved by a queued write. */
  #offset = 0;
  /** Writes run one after another, in call order, on this chain. */
  #queue: Promise<void> = Promise.resolve();
  /** The error that broke the sink; the zip cannot be completed after it. */
  #failure: unknown;
  #state: "open" | "closing" | "aborted" = "open";
  #closing: Promise<R> | undefined;

  constructor(sink: ZipSink<R>, options: ZipWriterOptions = {}) {
    const compression = options.compression ?? "store";
    if (compression !== "store" && compression !== "deflate") {
      throw new StoreError(
        `zip compression must be "store" or "deflate", got ${JSON.stringify(compression)}`,
      );
    }
    const level = options.level ?? 6;
    if (!Number.isInteger(level) || level < 0 || level > 9) {
      throw new StoreError(`zip deflate level must be an integer 0..9, got ${String(level)}`);
    }
    const prefix = options.prefix ?? "";
    if (prefix !== "") validatePrefix(prefix);
    const { time, date } = options.date ? dosDateTime(options.date) : DOS_EPOCH;
    this.#sink = sink;
    this.#deflate = compression === "deflate";
    this.#level = level;
    this.#time = time;
    this.#date = date;
    this.#prefix = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    this.#forceZip64 = options.forceZip64 ?? false;
  }

  /** Writes a zip file at `path` (Node only): a temp file beside it, renamed on close. */
  static async toFile(
    path: string,
    options: ZipWriterOptions & FileZipSinkOptions = {},
  ): Promise<ZipWriterStore<ZipFileInfo>> {
    const sink = await FileZipSink.create(path, options);
    try {
      return new ZipWriterStore(sink, options);
    } catch (error) {
      await sink.abort();
      throw error;
    }
  }

  /** Builds the zip as a Blob (browsers or Node); `close` resolves to it. */
  static toBlob(options: ZipWriterOptions = {}): ZipWriterStore<Blob> {
    return new ZipWriterStore(new BlobZipSink(), options);
  }

  /** Number of keys the finished zip will hold. */
  get size(): number {
    return this.#entries.size;
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    validateKey(key);
    this.#checkWritable(`set key "${key}"`);
    if (!(value instanceof Uint8Array)) {
      throw new StoreError(`value for zip key "${key}" must be a Uint8Array`);
    }
    const nameBytes = this.#encoder.encode(this.#prefix + key);
    if (nameBytes.length > 0xffff) {
      throw new StoreError(`zip entry name for key "${key}" is longer than 65535 bytes`);
    }
    let data = value;
    let method = METHOD_STORED;
    if (this.#deflate && value.length > 0) {
      const deflated = deflateSync(value, { level: this.#level });
      if (deflated.length < value.length) {
        data = deflated;
        method = METHOD_DEFLATE;
      }
    }
    const entry: WrittenEntry = {
      nameBytes,
      method,
      crc32: crc32(value),
      compressedSize: data.length,
      uncompressedSize: value.length,
      localHeaderOffset: 0,
      time: this.#time,
      date: this.#date,
      dataOffset: 0,
    };
    await this.#enqueue(async () => {
      entry.localHeaderOffset = this.#offset;
      entry.dataOffset = this.#offset + localHeaderSize(entry, this.#forceZip64);
      const header = encodeLocalHeader(entry, this.#forceZip64);
      this.#offset = entry.dataOffset + data.length;
      await this.#sink.write([header, data], entry.localHeaderOffset);
      // last write wins: re-inserting keeps the central directory in file order
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    });
  }

  /** Drops a key from the central directory; a key never written is no error. */
  async delete(key: string): Promise<void> {
    validateKey(key);
    this.#checkWritable(`delete key "${key}"`);
    // queued, so that a delete after a set of the same key takes effect after it
    await this.#enqueue(async () => {
      this.#entries.delete(key);
    });
  }

  async get(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined> {
    validateKey(key);
    throwIfAborted(options?.signal);
    this.#checkReadable(key);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const raw = await this.#sink.read(entry.dataOffset, entry.compressedSize);
    throwIfAborted(options?.signal);
    return entry.method === METHOD_DEFLATE
      ? inflateExactly(raw, entry.uncompressedSize, `zip entry "${key}" of ${this.#sink.name}`)
      : raw;
  }

  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreReadOptions,
  ): Promise<Uint8Array | undefined> {
    validateKey(key);
    throwIfAborted(options?.signal);
    this.#checkReadable(key);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.method !== METHOD_STORED) {
      const whole = await this.get(key, options);
      return whole && sliceRange(whole, range);
    }
    const size = entry.uncompressedSize;
    const start =
      "suffixLength" in range
        ? Math.max(0, size - range.suffixLength)
        : Math.min(Math.max(0, range.offset), size);
    const end = "suffixLength" in range ? size : Math.min(size, start + Math.max(0, range.length));
    if (end <= start) return new Uint8Array(0);
    return this.#sink.read(entry.dataOffset + start, end - start);
  }

  async has(key: string, options?: StoreReadOptions): Promise<boolean> {
    validateKey(key);
    throwIfAborted(options?.signal);
    this.#checkReadable(key);
    return this.#entries.has(key);
  }

  async *list(prefix = ""): AsyncIterable<string> {
    validatePrefix(prefix);
    this.#checkReadable(prefix);
    for (const key of [...this.#entries.keys()]) if (key.startsWith(prefix)) yield key;
  }

  async listDir(prefix: string): Promise<{ keys: string[]; prefixes: string[] }> {
    validatePrefix(prefix);
    this.#checkReadable(prefix);
    return listDirFromKeys(this.#entries.keys(), normalizeDirPrefix(prefix));
  }

  /**
   * Waits for pending writes, writes the central directory and end records, and
   * completes the sink (renames the file into place / builds the Blob). Calling it
   * again returns the same promise. On failure the partial output is discarded.
   */
  close(): Promise<R> {
    if (this.#state === "aborted") {
      return Promise.reject(new ReadOnlyError(`zip ${this.#sink.name} was aborted`));
    }
    this.#state = "closing";
    this.#closing ??= this.#finish();
    return this.#closing;
  }

  /** Discards the zip (removes the temp file) after pending writes settle. */
  async abort(): Promise<void> {
    if (this.#state === "closing") {
      throw new ReadOnlyError(`zip ${this.#sink.name} is already closing; it cannot be aborted`);
    }
    if (this.#state === "aborted") return;
    this.#state = "aborted";
    await this.#queue;
    await this.#sink.abort();
  }

  async #finish(): Promise<R> {
    try {
      await this.#queue;
      if (this.#failure !== undefined) throw this.#failure;
      const cdOffset = this.#offset;
      let batch: Uint8Array[] = [];
      let batchBytes = 0;
      const flush = async () => {
        await this.#sink.write(batch, this.#offset);
        this.#offset += batchBytes;
        batch = [];
        batchBytes = 0;
      };
      for (const entry of this.#entries.values()) {
        const header = encodeCentralHeader(entry, this.#forceZip64);
        batch.push(header);
        batchBytes += header.length;
        if (batchBytes >= CENTRAL_BATCH) await flush();
      }
      await flush();
      const cdSize = this.#offset - cdOffset;
      const end = encodeEndRecords(this.#entries.size, cdOffset, cdSize, this.#forceZip64);
      await this.#sink.write([end], this.#offset);
      this.#offset += end.length;
      return await this.#sink.finish();
    } catch (error) {
      await this.#sink.abort().catch(() => {});
      throw error;
    }
  }

  /** Runs `task` after every earlier write; a failed write fails every later one. */
  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(async () => {
      if (this.#failure !== undefined) {
        throw new StoreError(`zip ${this.#sink.name} cannot be written after an earlier failure`, {
          cause: this.#failure,
        });
      }
      try {
        await task();
      } catch (error) {
        this.#failure = error;
        throw error;
      }
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  #checkWritable(doing: string): void {
    if (this.#state !== "open") {
      throw new ReadOnlyError(
        `cannot ${doing}: zip ${this.#sink.name} is ${this.#state === "aborted" ? "aborted" : "closed"}`,
      );
    }
  }

  #checkReadable(key: string): void {
    if (this.#state !== "open") {
      throw new StoreError(
        `cannot read "${key}": zip ${this.#sink.name} is ${this.#state === "aborted" ? "aborted" : "closed"}; open the finished zip with ZipStore`,
      );
    }
  }
}
