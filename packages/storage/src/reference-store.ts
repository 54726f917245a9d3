import type { ByteRange, StoreReadOptions } from "@zarrkit/core";
import { checkJsonDepth, StoreError, sliceRange, throwIfAborted, unshared } from "@zarrkit/core";
import { readLocalFile } from "./file-read.js";
import { HttpClient, type HttpClientOptions } from "./http-client.js";
import { listDirFromKeys, normalizeDirPrefix } from "./list-dir.js";
import { type ParseReferencesOptions, parseReferences, type Reference } from "./reference-spec.js";
import {
  type ReferenceTargetOptions,
  ReferenceTargets,
  resolveTarget,
} from "./reference-targets.js";
import { validateKey, validatePrefix } from "./store-key.js";

/** Reads a target URL (or a range of it); undefined when it does not exist. */
export type TargetReader = (
  url: string,
  range: ByteRange | undefined,
  options?: StoreReadOptions,
) => Promise<Uint8Array | undefined>;

export interface ReferenceStoreOptions
  extends HttpClientOptions,
    ReferenceTargetOptions,
    ParseReferencesOptions {
  /** Reads targets; by default http(s) URLs are fetched and local paths read (Node). */
  readTarget?: TargetReader;
  /**
   * Where the references live: relative target URLs resolve against it, and an http(s)
   * base limits the targets to http(s) URLs of its origin (see ReferenceTargetOptions).
   */
  baseUrl?: string;
  /** Longest target read whole (a reference without offset and length); default 256 MiB. */
  maxTargetBytes?: number;
  /** Longest reference document `load` reads; default 1 GiB. */
  maxReferenceBytes?: number;
}

const DEFAULT_MAX_TARGET_BYTES = 256 * 1024 * 1024;
const DEFAULT_MAX_REFERENCE_BYTES = 1024 * 1024 * 1024;

/**
 * A read-only store over kerchunk references (version 0 or 1): each key's bytes are
 * inline in the JSON or a byte range of some other file, read on demand.
 */
export class ReferenceStore {
  readonly refs: ReadonlyMap<string, Reference>;
  readonly #readTarget: TargetReader;
  readonly #targets: ReferenceTargets;
  readonly #maxTargetBytes: number;

  constructor(references: unknown, options: ReferenceStoreOptions = {}) {
    this.#targets = new ReferenceTargets(options.baseUrl, options);
    this.#maxTargetBytes = options.maxTargetBytes ?? DEFAULT_MAX_TARGET_BYTES;
    this.refs = parseReferences(references, options);
    this.#readTarget = options.readTarget ?? defaultTargetReader(options, this.#maxTargetBytes);
  }

  /** Loads the reference JSON from a URL or local path; targets resolve relative to it. */
  static async load(
    urlOrPath: string,
    options: ReferenceStoreOptions = {},
  ): Promise<ReferenceStore> {
    const maxBytes = options.maxReferenceBytes ?? DEFAULT_MAX_REFERENCE_BYTES;
    const readTarget = options.readTarget ?? defaultTargetReader(options, maxBytes);
    const url = resolveTarget(urlOrPath, options.baseUrl);
    const bytes = await readTarget(url, undefined);
    if (!bytes) throw new StoreError(`kerchunk references not found at ${urlOrPath}`);
    if (bytes.length > maxBytes) {
      throw new StoreError(`kerchunk references at ${urlOrPath} are longer than ${maxBytes} bytes`);
    }
    const text = new TextDecoder().decode(unshared(bytes));
    checkJsonDepth(text, `kerchunk references at ${urlOrPath}`, (m) => new StoreError(m));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new StoreError(`kerchunk references at ${urlOrPath} are not valid JSON`, {
        cause: error,
      });
    }
    return new ReferenceStore(json, { ...options, baseUrl: url });
  }

  async get(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined> {
    return this.getRange(key, undefined, options);
  }

  /** A range of a value; for a target range, only that part of the target is read. */
  async getRange(
    key: string,
    range: ByteRange | undefined,
    options?: StoreReadOptions,
  ): Promise<Uint8Array | undefined> {
    throwIfAborted(options?.signal);
    validateKey(key);
    const ref = this.refs.get(key);
    if (!ref) return undefined;
    if (ref.kind === "inline") return range ? sliceRange(ref.bytes, range) : ref.bytes.slice();
    const url = this.#targets.resolve(ref.url, key);
    const targetRange = ref.offset === undefined ? range : narrow(ref.offset, ref.length!, range);
    const bytes = await this.#readTarget(url, targetRange, options);
    if (!bytes) {
      throw new StoreError(`kerchunk reference for key "${key}" points at missing ${url}`);
    }
    if (ref.length !== undefined && targetRange && "length" in targetRange) {
      if (bytes.length < targetRange.length) {
        throw new StoreError(
          `kerchunk reference for key "${key}": ${url} ends before byte ${targetRange.offset + targetRange.length}`,
        );
      }
      if (bytes.length > targetRange.length) {
        throw new StoreError(
          `kerchunk reference for key "${key}": reading ${targetRange.length} bytes of ${url} gave ${bytes.length}`,
        );
      }
    }
    if (!targetRange && bytes.length > this.#maxTargetBytes) {
      throw new StoreError(
        `kerchunk reference for key "${key}": ${url} is longer than the ${this.#maxTargetBytes} bytes allowed (maxTargetBytes)`,
      );
    }
    return bytes;
  }

  async getRanges(
    key: string,
    ranges: readonly ByteRange[],
    options?: StoreReadOptions,
  ): Promise<(Uint8Array | undefined)[] | undefined> {
    validateKey(key);
    if (!this.refs.has(key)) return undefined;
    return Promise.all(ranges.map((range) => this.getRange(key, range, options)));
  }

  async has(key: string): Promise<boolean> {
    validateKey(key);
    return this.refs.has(key);
  }

  async *list(prefix = ""): AsyncIterable<string> {
    validatePrefix(prefix);
    for (const key of this.refs.keys()) if (key.startsWith(prefix)) yield key;
  }

  async listDir(prefix: string): Promise<{ keys: string[]; prefixes: string[] }> {
    validatePrefix(prefix);
    return listDirFromKeys(this.refs.keys(), normalizeDirPrefix(prefix));
  }
}

/** The part of [offset, offset+length) of a target that `range` (of the value) names. */
function narrow(offset: number, length: number, range: ByteRange | undefined) {
  if (!range) return { offset, length };
  if ("suffixLength" in range) {
    const take = Math.min(range.suffixLength, length);
    return { offset: offset + length - take, length: take };
  }
  const start = Math.min(range.offset, length);
  return { offset: offset + start, length: Math.min(range.length, length - start) };
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;

/**
 * Fetches http(s) URLs; reads file:// URLs and plain paths from the local disk (Node).
 * Whole reads take at most `maxBytes`: over HTTP they ask for that range (so neither a
 * huge file nor an endless one is buffered), locally only regular files are read.
 */
function defaultTargetReader(options: HttpClientOptions, maxBytes: number): TargetReader {
  let client: HttpClient | undefined;
  return async (url, range, readOptions) => {
    if (/^https?:\/\//i.test(url)) {
      client ??= new HttpClient(options);
      const asked = range ?? { offset: 0, length: maxBytes + 1 };
      return (await client.read(url, asked, readOptions?.signal))?.bytes;
    }
    if (url.startsWith("file://")) {
      return readLocalFile(decodeURIComponent(new URL(url).pathname), range, maxBytes);
    }
    if (SCHEME.test(url)) {
      throw new StoreError(`no reader for ${url}; pass a readTarget function to ReferenceStore`);
    }
    return readLocalFile(url, range, maxBytes);
  };
}
