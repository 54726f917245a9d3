import type { ByteRange, StoreReadOptions } from "@zarrkit/core";
import { checkJsonDepth, StoreError, sliceRange, throwIfAborted, unshared } from "@zarrkit/core";
import { readLocalFile } from "./file-read.js";
import { HttpClient, type HttpClientOptions } from "./http-client.js";
import { listDirFromKeys, normalizeDirPrefix } from "./list-dir.js";
import { parseReferences, type Reference } from "./reference-spec.js";
import { validateKey, validatePrefix } from "./store-key.js";

/** Reads a target URL (or a range of it); undefined when it does not exist. */
export type TargetReader = (
  url: string,
  range: ByteRange | undefined,
  options?: StoreReadOptions,
) => Promise<Uint8Array | undefined>;

export interface ReferenceStoreOptions extends HttpClientOptions {
  /** Reads targets; by default http(s) URLs are fetched and local paths read (Node). */
  readTarget?: TargetReader;
  /** Where the references live: relative target URLs resolve against it. */
  baseUrl?: string;
}

/**
 * A read-only store over kerchunk references (version 0 or 1): each key's bytes are
 * inline in the JSON or a byte range of some other file, read on demand.
 */
export class ReferenceStore {
  readonly refs: ReadonlyMap<string, Reference>;
  readonly #readTarget: TargetReader;
  readonly #baseUrl: string | undefined;

  constructor(references: unknown, options: ReferenceStoreOptions = {}) {
    this.refs = parseReferences(references);
    this.#baseUrl = options.baseUrl;
    this.#readTarget = options.readTarget ?? defaultTargetReader(options);
  }

  /** Loads the reference JSON from a URL or local path; targets resolve relative to it. */
  static async load(
    urlOrPath: string,
    options: ReferenceStoreOptions = {},
  ): Promise<ReferenceStore> {
    const readTarget = options.readTarget ?? defaultTargetReader(options);
    const url = resolveTarget(urlOrPath, options.baseUrl);
    const bytes = await readTarget(url, undefined);
    if (!bytes) throw new StoreError(`kerchunk references not found at ${urlOrPath}`);
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
    return new ReferenceStore(json, { ...options, readTarget, baseUrl: options.baseUrl ?? url });
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
    const url = resolveTarget(ref.url, this.#baseUrl);
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

/** Absolute URL or path of a target: relative ones resolve against the base. */
function resolveTarget(url: string, base: string | undefined): string {
  if (SCHEME.test(url) || base === undefined) return url;
  if (SCHEME.test(base)) return new URL(url, base).href;
  if (url.startsWith("/")) return url;
  const dir = base.slice(0, base.lastIndexOf("/") + 1); // a local path: resolve beside it
  return dir + url;
}

/** Fetches http(s) URLs; reads file:// URLs and plain paths from the local disk (Node). */
function defaultTargetReader(options: HttpClientOptions): TargetReader {
  let client: HttpClient | undefined;
  return async (url, range, readOptions) => {
    if (/^https?:\/\//i.test(url)) {
      client ??= new HttpClient(options);
      return (await client.read(url, range, readOptions?.signal))?.bytes;
    }
    if (url.startsWith("file://"))
      return readLocalFile(decodeURIComponent(new URL(url).pathname), range);
    if (SCHEME.test(url)) {
      throw new StoreError(`no reader for ${url}; pass a readTarget function to ReferenceStore`);
    }
    return readLocalFile(url, range);
  };
}
