import type { ByteRange, StoreReadOptions, WorkerStoreStats } from "@zarrkit/core";
import { StoreError, throwIfAborted, ValueChangedError } from "@zarrkit/core";
import { cloneableFetchOptions, type FetchStoreRef } from "./fetch-store-ref.js";
import {
  checkByteRange,
  HttpClient,
  type HttpClientOptions,
  type HttpReadResult,
  type HttpStats,
} from "./http-client.js";
import { type CoalesceOptions, coalesceRanges, splitCoalesced } from "./range-coalescing.js";
import { validateKey } from "./store-key.js";

export interface FetchStoreOptions extends HttpClientOptions {
  /** Ranges of one key closer than this are read in one request (default 64 KiB). */
  coalesceGapBytes?: number;
  /** Largest request made by merging ranges (default 8 MiB). */
  maxCoalescedBytes?: number;
}

/**
 * A read-only store over HTTP(S): keys are paths below a base URL. Missing keys are 404
 * (or 403 with `treat403AsMissing`); reads retry, respect a concurrency limit and abort.
 */
export class FetchStore {
  /** Every read is a new buffer (see ReadableStore.freshReads). */
  readonly freshReads = true;
  /** The base URL, ending in "/"; keys resolve below it. */
  readonly url: string;
  readonly client: HttpClient;
  readonly #search: string;
  readonly #coalesce: CoalesceOptions;
  readonly #options: FetchStoreOptions;

  constructor(url: string | URL, options: FetchStoreOptions = {}) {
    let base: URL;
    try {
      base = new URL(url, globalThis.location?.href);
    } catch (error) {
      throw new StoreError(`FetchStore needs an absolute URL, got ${JSON.stringify(String(url))}`, {
        cause: error,
      });
    }
    // a query on the base (a SAS token, say) is kept and sent with every key
    this.#search = base.search;
    base.search = "";
    base.hash = "";
    if (!base.pathname.endsWith("/")) base.pathname += "/";
    this.url = base.href;
    this.client = new HttpClient(options);
    this.#options = options;
    this.#coalesce = { gapBytes: options.coalesceGapBytes, maxBytes: options.maxCoalescedBytes };
  }

  /** The base URL identifies the storage (see IdentifiedStore). */
  storageId(): string {
    return this.url;
  }

  /**
   * Lets decode workers fetch chunks themselves (where reads go to a shared output:
   * Node, cross-origin-isolated pages), so this thread only posts batches of keys.
   * Undefined when an option cannot cross threads (a headers or fetch function, an
   * onRequest hook, a persistent cache): then this thread fetches, as before.
   * The workers' requests are added to `stats` (addWorkerStats); the concurrency limit
   * applies per worker.
   */
  workerRef(): FetchStoreRef | undefined {
    const options = cloneableFetchOptions(this.#options);
    return options && { kind: "fetch", url: this.url + this.#search, options };
  }

  /** Adds the requests, bytes and retries that workers' copies of this store counted. */
  addWorkerStats(stats: WorkerStoreStats): void {
    const own = this.client.stats;
    for (const name of ["requests", "bytesReceived", "retries"] as const) {
      const value = stats[name];
      if (value !== undefined && Number.isSafeInteger(value) && value > 0) own[name] += value;
    }
  }

  /** Requests made and bytes received so far. */
  get stats(): HttpStats {
    return this.client.stats;
  }

  /** The URL of a key: each path segment percent-encoded, below the base URL. */
  resolve(key: string): string {
    validateKey(key);
    return this.url + key.split("/").map(encodeURIComponent).join("/") + this.#search;
  }

  async get(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined> {
    return (await this.#read(this.resolve(key), undefined, options))?.bytes;
  }

  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreReadOptions,
  ): Promise<Uint8Array | undefined> {
    return (await this.readRange(key, range, options))?.bytes;
  }

  /** Like getRange, also giving the whole value's size when the server reports it. */
  readRange(
    key: string,
    range: ByteRange,
    options?: StoreReadOptions,
  ): Promise<HttpReadResult | undefined> {
    return this.#read(this.resolve(key), range, options);
  }

  /** A read with the options' version conditions, reporting the version seen. */
  async #read(
    url: string,
    range: ByteRange | undefined,
    options: StoreReadOptions | undefined,
  ): Promise<HttpReadResult | undefined> {
    const conditions = options?.ifVersion === undefined ? {} : { ifVersion: options.ifVersion };
    const result = await this.client.read(url, range, options?.signal, conditions);
    if (result?.version !== undefined) options?.onVersion?.(result.version);
    return result;
  }

  /**
   * Reads several ranges of one key, merging neighbours into fewer requests; results come
   * back in the caller's order. Undefined when the key is missing.
   *
   * A missing key wins over errors: the first request to find the key missing (404)
   * cancels the others at once and the call resolves undefined, even if another request
   * failed. A failed request does not cancel its siblings, so that a 404 among them is
   * always seen; once all have settled, the error of the first failed request (in request
   * order: merged ranges by offset, then suffix ranges) is thrown. The caller's abort wins
   * over both. The call settles only after every request it started has. All parts
   * come from one version of the value: when the requests see different validators
   * (it was replaced in between), the call rejects with ValueChangedError.
   */
  async getRanges(
    key: string,
    ranges: readonly ByteRange[],
    options?: StoreReadOptions,
  ): Promise<(Uint8Array | undefined)[] | undefined> {
    const url = this.resolve(key);
    for (const range of ranges) checkByteRange(range, url);
    const { merged, suffixes } = coalesceRanges(ranges, this.#coalesce);
    const out: (Uint8Array | undefined)[] = new Array(ranges.length);
    const callerSignal = options?.signal;
    const missingKey = new AbortController();
    const signal = callerSignal
      ? AbortSignal.any([callerSignal, missingKey.signal])
      : missingKey.signal;
    const conditions = options?.ifVersion === undefined ? {} : { ifVersion: options.ifVersion };
    const versions = new Set<string>();
    const read = async (range: ByteRange): Promise<HttpReadResult | undefined> => {
      const result = await this.client.read(url, range, signal, conditions);
      if (!result) missingKey.abort(); // the answer is known: cancel the siblings
      if (result?.version !== undefined) versions.add(result.version);
      return result;
    };
    const tasks = [
      ...merged.map(async (request) => {
        const result = await read(request);
        if (!result) return;
        for (const index of request.members) {
          const range = ranges[index] as { offset: number; length: number };
          out[index] = splitCoalesced(result.bytes, request, range);
        }
      }),
      ...suffixes.map(async (index) => {
        out[index] = (await read(ranges[index] as ByteRange))?.bytes;
      }),
    ];
    const settled = await Promise.allSettled(tasks);
    throwIfAborted(callerSignal);
    if (missingKey.signal.aborted) return undefined;
    for (const outcome of settled) if (outcome.status === "rejected") throw outcome.reason;
    if (versions.size > 1) {
      throw new ValueChangedError(
        `${url} changed between range requests: ${[...versions].join(", ")}`,
      );
    }
    for (const version of versions) options?.onVersion?.(version);
    return out;
  }

  /** Whether a key exists, by a HEAD request. */
  has(key: string, options?: StoreReadOptions): Promise<boolean> {
    return this.client.exists(this.resolve(key), options?.signal);
  }
}
