import type { ByteRange, StoreReadOptions } from "@zarrkit/core";
import { StoreError, sliceRange, throwIfAborted, ZarrError } from "@zarrkit/core";
import { crc32 } from "./crc32.js";
import { FetchRangeSource, type FetchRangeSourceOptions } from "./fetch-range-source.js";
import { FileRangeSource } from "./file-range-source.js";
import { listDirFromKeys, normalizeDirPrefix } from "./list-dir.js";
import { BlobRangeSource, BytesRangeSource, type RangeSource } from "./range-source.js";
import { validateKey, validatePrefix } from "./store-key.js";
import {
  corrupt,
  FLAG_ENCRYPTED,
  LOCAL_HEADER_SIZE,
  METHOD_DEFLATE,
  METHOD_STORED,
  readCentralDirectory,
  SIG_LOCAL_HEADER,
  viewOf,
  type ZipEntry,
} from "./zip-format.js";
import { inflateExactly } from "./zip-inflate.js";

export type ZipSource = Uint8Array | ArrayBuffer | Blob | RangeSource;

export interface ZipStoreOptions {
  /** Folder inside the zip that holds the store ("data.zarr/"); other entries are hidden. */
  prefix?: string;
  /** With no prefix: when every entry lies in one top-level folder, use it as the prefix. */
  autoPrefix?: boolean;
  /** Check each entry's CRC-32 after reading it (default false). */
  verifyChecksums?: boolean;
  /** Name used in error messages (defaults to the path or URL when known). */
  name?: string;
}

/** Extra bytes read after an entry's data in the hope of covering a longer local extra field. */
const LOCAL_EXTRA_SLACK = 64;

/**
 * A read-only store over a zip file (stored and deflate entries, Zip64, data
 * descriptors). Only the central directory is read up front; each value is read by
 * range, so over HTTP a zip costs a request for its index and one per value.
 */
export class ZipStore {
  readonly source: RangeSource;
  readonly #options: ZipStoreOptions;
  readonly #name: string;
  #index: Promise<Map<string, ZipEntry>> | undefined;
  /** Where each entry's data begins, once its local header has been read. */
  readonly #dataOffsets = new Map<ZipEntry, number>();
  #skipped: readonly string[] = [];

  constructor(source: ZipSource, options: ZipStoreOptions = {}) {
    this.source = toRangeSource(source);
    this.#options = options;
    this.#name = options.name ?? describe(this.source);
  }

  /** A zip in a local file (Node only). */
  static fromFile(path: string, options: ZipStoreOptions = {}): ZipStore {
    return new ZipStore(new FileRangeSource(path), { name: path, ...options });
  }

  /** A zip at a URL, read with range requests. */
  static fromUrl(
    url: string | URL,
    options: ZipStoreOptions & FetchRangeSourceOptions = {},
  ): ZipStore {
    return new ZipStore(new FetchRangeSource(url, options), options);
  }

  /** Opens a zip and reads its central directory now, so format errors surface here. */
  static async open(source: ZipSource, options: ZipStoreOptions = {}): Promise<ZipStore> {
    const store = new ZipStore(source, options);
    await store.entries();
    return store;
  }

  /** The entries of the zip by store key (prefix removed; folders omitted). */
  entries(options?: StoreReadOptions): Promise<ReadonlyMap<string, ZipEntry>> {
    this.#index ??= this.#readIndex(options?.signal).catch((error: unknown) => {
      this.#index = undefined;
      throw error;
    });
    return this.#index;
  }

  async get(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined> {
    validateKey(key);
    const entry = (await this.entries(options)).get(key);
    return entry && this.#readEntry(entry, options?.signal);
  }

  /** Stored entries are read by range directly; deflated ones are inflated, then sliced. */
  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreReadOptions,
  ): Promise<Uint8Array | undefined> {
    validateKey(key);
    const entry = (await this.entries(options)).get(key);
    if (!entry) return undefined;
    if (entry.method !== METHOD_STORED || this.#options.verifyChecksums) {
      return sliceRange(await this.#readEntry(entry, options?.signal), range);
    }
    checkStoredSizes(entry, this.#name);
    const size = entry.uncompressedSize;
    const start =
      "suffixLength" in range
        ? Math.max(0, size - range.suffixLength)
        : Math.min(range.offset, size);
    const end = "suffixLength" in range ? size : Math.min(size, range.offset + range.length);
    if (end <= start) return new Uint8Array(0);
    const dataOffset = await this.#dataOffset(entry, options?.signal);
    const signal = options?.signal;
    return this.source.read(dataOffset + start, end - start, signal ? { signal } : undefined);
  }

  async getRanges(
    key: string,
    ranges: readonly ByteRange[],
    options?: StoreReadOptions,
  ): Promise<(Uint8Array | undefined)[] | undefined> {
    validateKey(key);
    const entry = (await this.entries(options)).get(key);
    if (!entry) return undefined;
    if (entry.method !== METHOD_STORED) {
      const whole = await this.#readEntry(entry, options?.signal);
      return ranges.map((range) => sliceRange(whole, range));
    }
    return Promise.all(ranges.map((range) => this.getRange(key, range, options)));
  }

  /** The entry's uncompressed size, from the central directory. */
  async getSize(key: string, options?: StoreReadOptions): Promise<number | undefined> {
    validateKey(key);
    return (await this.entries(options)).get(key)?.uncompressedSize;
  }

  async has(key: string, options?: StoreReadOptions): Promise<boolean> {
    validateKey(key);
    return (await this.entries(options)).has(key);
  }

  async *list(prefix = ""): AsyncIterable<string> {
    validatePrefix(prefix);
    for (const key of (await this.entries()).keys()) if (key.startsWith(prefix)) yield key;
  }

  async listDir(prefix: string): Promise<{ keys: string[]; prefixes: string[] }> {
    validatePrefix(prefix);
    return listDirFromKeys((await this.entries()).keys(), normalizeDirPrefix(prefix));
  }

  async #readIndex(signal?: AbortSignal): Promise<Map<string, ZipEntry>> {
    const entries = await readCentralDirectory(this.source, this.#name, signal);
    const files = entries.filter((entry) => !entry.name.endsWith("/"));
    let prefix = this.#options.prefix ?? "";
    if (prefix !== "" && !prefix.endsWith("/")) prefix += "/";
    if (prefix === "" && this.#options.autoPrefix) prefix = commonTopFolder(files);
    const index = new Map<string, ZipEntry>();
    const skipped: string[] = [];
    for (const entry of files) {
      if (!entry.name.startsWith(prefix)) continue;
      const key = entry.name.slice(prefix.length);
      if (isStoreKey(key)) index.set(key, entry);
      else skipped.push(entry.name);
    }
    this.#skipped = skipped;
    return index;
  }

  /**
   * Names of entries left out because they are no safe store key ("../x", "/etc/x",
   * "a\b", "a//b"): such a name can never be read, so it is reported, not fatal.
   */
  async skippedEntries(options?: StoreReadOptions): Promise<readonly string[]> {
    await this.entries(options);
    return this.#skipped;
  }

  async #readEntry(entry: ZipEntry, signal?: AbortSignal): Promise<Uint8Array> {
    throwIfAborted(signal);
    if (entry.flags & FLAG_ENCRYPTED) {
      throw new ZarrError("unsupported", `zip entry "${entry.name}" of ${this.#name} is encrypted`);
    }
    if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
      throw new ZarrError(
        "unsupported",
        `zip entry "${entry.name}" of ${this.#name} uses compression method ${entry.method}; only stored (0) and deflate (8) are supported`,
      );
    }
    checkStoredSizes(entry, this.#name);
    const raw = await this.#readRaw(entry, signal);
    const what = `zip entry "${entry.name}" of ${this.#name}`;
    const data =
      entry.method === METHOD_DEFLATE ? inflateExactly(raw, entry.uncompressedSize, what) : raw;
    if (data.length !== entry.uncompressedSize) {
      throw new StoreError(
        `zip entry "${entry.name}" of ${this.#name} holds ${data.length} bytes, expected ${entry.uncompressedSize}`,
      );
    }
    if (this.#options.verifyChecksums && crc32(data) !== entry.crc32) {
      throw new StoreError(`zip entry "${entry.name}" of ${this.#name} fails its CRC-32 check`);
    }
    return data;
  }

  /** The entry's stored bytes: its local header and data, in one read when we can. */
  async #readRaw(entry: ZipEntry, signal?: AbortSignal): Promise<Uint8Array> {
    const options = signal ? { signal } : undefined;
    const known = this.#dataOffsets.get(entry);
    if (known !== undefined) return this.source.read(known, entry.compressedSize, options);
    const size = await this.source.size(options);
    this.#checkFits(entry, size);
    const guess =
      LOCAL_HEADER_SIZE + entry.name.length * 3 + entry.compressedSize + LOCAL_EXTRA_SLACK;
    const length = Math.min(guess, size - entry.localHeaderOffset);
    const bytes = await this.source.read(entry.localHeaderOffset, length, options);
    const dataStart = this.#parseLocalHeader(entry, bytes);
    if (dataStart + entry.compressedSize <= bytes.length) {
      return bytes.subarray(dataStart, dataStart + entry.compressedSize);
    }
    return this.source.read(entry.localHeaderOffset + dataStart, entry.compressedSize, options);
  }

  async #dataOffset(entry: ZipEntry, signal?: AbortSignal): Promise<number> {
    const known = this.#dataOffsets.get(entry);
    if (known !== undefined) return known;
    const options = signal ? { signal } : undefined;
    const size = await this.source.size(options);
    this.#checkFits(entry, size);
    const guess = LOCAL_HEADER_SIZE + entry.name.length * 3 + LOCAL_EXTRA_SLACK * 4;
    const length = Math.min(guess, size - entry.localHeaderOffset);
    const header = await this.source.read(entry.localHeaderOffset, length, options);
    this.#parseLocalHeader(entry, header);
    return this.#dataOffsets.get(entry)!;
  }

  /** An entry whose data would run past the end of the zip is corrupt: never read for it. */
  #checkFits(entry: ZipEntry, size: number): void {
    if (entry.localHeaderOffset + LOCAL_HEADER_SIZE + entry.compressedSize > size) {
      throw corrupt(
        this.#name,
        `entry "${entry.name}" claims ${entry.compressedSize} bytes at offset ${entry.localHeaderOffset}, past the end (${size} bytes)`,
      );
    }
  }

  /** Offset of the data from the local header; records the absolute offset. */
  #parseLocalHeader(entry: ZipEntry, bytes: Uint8Array): number {
    const view = viewOf(bytes);
    if (bytes.length < LOCAL_HEADER_SIZE || view.getUint32(0, true) !== SIG_LOCAL_HEADER) {
      throw corrupt(this.#name, `no local header for entry "${entry.name}"`);
    }
    const dataStart = LOCAL_HEADER_SIZE + view.getUint16(26, true) + view.getUint16(28, true);
    this.#dataOffsets.set(entry, entry.localHeaderOffset + dataStart);
    return dataStart;
  }
}

function isStoreKey(name: string): boolean {
  try {
    validateKey(name);
    return true;
  } catch {
    return false;
  }
}

/** A stored entry's data is its content: both sizes must agree, or reads would stray. */
function checkStoredSizes(entry: ZipEntry, name: string): void {
  if (entry.method === METHOD_STORED && entry.compressedSize !== entry.uncompressedSize) {
    throw corrupt(
      name,
      `stored entry "${entry.name}" has ${entry.compressedSize} bytes of data but declares ${entry.uncompressedSize}`,
    );
  }
}

function toRangeSource(source: ZipSource): RangeSource {
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    return new BytesRangeSource(source);
  }
  if (typeof Blob !== "undefined" && source instanceof Blob) return new BlobRangeSource(source);
  if (typeof (source as RangeSource).read === "function") return source as RangeSource;
  throw new StoreError("ZipStore needs bytes, a Blob or a RangeSource");
}

function describe(source: RangeSource): string {
  if (source instanceof FileRangeSource) return source.path;
  if (source instanceof FetchRangeSource) return source.url;
  return "zip";
}

/** "folder/" when every entry lies inside that one top-level folder, else "". */
function commonTopFolder(entries: readonly ZipEntry[]): string {
  let folder: string | undefined;
  for (const { name } of entries) {
    const slash = name.indexOf("/");
    if (slash === -1) return "";
    const top = name.slice(0, slash + 1);
    if (folder === undefined) folder = top;
    else if (top !== folder) return "";
  }
  return folder ?? "";
}
