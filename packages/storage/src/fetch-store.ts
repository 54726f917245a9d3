import type { ByteRange, StoreReadOptions } from "@zarrkit/core";
import { StoreError } from "@zarrkit/core";
import {
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
  /** The base URL, ending in "/"; keys resolve below it. */
  readonly url: string;
  readonly client: HttpClient;
  readonly #search: string;
  readonly #coalesce: CoalesceOptions;

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
    this.#coalesce = { gapBytes: options.coalesceGapBytes, maxBytes: options.maxCoalescedBytes };
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
    return (await this.client.read(this.resolve(key), undefined, options?.signal))?.bytes;
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
    return this.client.read(this.resolve(key), range, options?.signal);
  }

  /**
   * Reads several ranges of one key, merging neighbours into fewer requests; results come
   * back in the caller's order. Undefined when the key is missing.
   */
  async getRanges(
    key: string,
    ranges: readonly ByteRange[],
    options?: StoreReadOptions,
  ): Promise<(Uint8Array | undefined)[] | undefined> {
    const url = this.resolve(key);
    const { merged, suffixes } = coalesceRanges(ranges, this.#coalesce);
    const out: (Uint8Array | undefined)[] = new Array(ranges.length);
    // one failure cancels the sibling requests
    const controller = new AbortController();
    const signal = options?.signal
      ? AbortSignal.any([options.signal, controller.signal])
      : controller.signal;
    let missing = false;
    const tasks = [
      ...merged.map(async (request) => {
        const read = await this.client.read(url, request, signal);
        if (!read) {
          missing = true;
          return;
        }
        for (const index of request.members) {
          const range = ranges[index] as { offset: number; length: number };
          out[index] = splitCoalesced(read.bytes, request, range);
        }
      }),
      ...suffixes.map(async (index) => {
        const read = await this.client.read(url, ranges[index], signal);
        if (!read) {
          missing = true;
          return;
        }
        out[index] = read.bytes;
      }),
    ];
    try {
      await Promise.all(tasks);
    } catch (error) {
      controller.abort();
      await Promise.allSettled(tasks);
      throw error;
    }
    return missing ? undefined : out;
  }

  /** Whether a key exists, by a HEAD request. */
  has(key: string, options?: StoreReadOptions): Promise<boolean> {
    return this.client.exists(this.resolve(key), options?.signal);
  }
}
