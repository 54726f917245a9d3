import type { ByteRange } from "@zarrkit/core";
import { HttpError, StoreError, sliceRange, throwIfAborted, type ZarrError } from "@zarrkit/core";
import { abortErrorOf, raceAbort, sleep } from "./abortable.js";
import { type HttpSendInit, type HttpSendResult, sendRequest } from "./http-send.js";
import {
  backoffDelay,
  DEFAULT_RETRIES,
  isRetryableStatus,
  parseRetryAfter,
  type RetryOptions,
} from "./retry-policy.js";
import { Semaphore } from "./semaphore.js";

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** Request headers: fixed, or computed per request (bearer tokens, signed requests). */
export type HeadersOption =
  | HeadersInit
  | ((request: HeadersRequest) => HeadersInit | Promise<HeadersInit>);

/** What a headers function sees of a request: `headers` are the request's own (send()). */
export interface HeadersRequest {
  url: string;
  method: string;
  headers?: Headers;
}

/** One HTTP attempt, reported to `onRequest` after it finished or failed. */
export interface HttpRequestEvent {
  url: string;
  method: string;
  /** The Range header sent, if any. */
  range?: string;
  /** 0 for the first try, 1 for the first retry, ... */
  attempt: number;
  status?: number;
  /** Body bytes received. */
  bytes: number;
  error?: unknown;
}

export interface HttpStats {
  requests: number;
  bytesReceived: number;
  retries: number;
}

export interface HttpClientOptions extends RetryOptions {
  /** The fetch to call (default globalThis.fetch). */
  fetch?: FetchFunction;
  headers?: HeadersOption;
  credentials?: RequestCredentials;
  mode?: RequestMode;
  cache?: RequestCache;
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /** Read 403 Forbidden as a missing key, as object stores answer for absent objects. */
  treat403AsMissing?: boolean;
  onRequest?: (event: HttpRequestEvent) => void;
}

/** What send() shares with the reads of its client. */
export interface HttpClientShared {
  options: HttpClientOptions;
  semaphore: Semaphore;
  headers(request: HeadersRequest): Promise<HeadersInit | undefined>;
}

/** The bytes of a (ranged) read and, when the response told it, the size of the whole value. */
export interface HttpReadResult {
  bytes: Uint8Array;
  size?: number;
}

type Attempt =
  | { kind: "done"; result: HttpReadResult | undefined }
  | { kind: "retry"; error: ZarrError; retryAfterMs?: number };

const CONTENT_RANGE = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i;
const UNSATISFIED_RANGE = /^bytes\s+\*\/(\d+)$/i;

/**
 * Sends GET and HEAD requests with retries (exponential backoff with jitter, honouring
 * Retry-After), a concurrency limit, abort signals and checks for truncated bodies.
 */
export class HttpClient {
  readonly stats: HttpStats = { requests: 0, bytesReceived: 0, retries: 0 };
  readonly #options: HttpClientOptions;
  readonly #semaphore: Semaphore;

  constructor(options: HttpClientOptions = {}) {
    this.#options = options;
    this.#semaphore = new Semaphore(options.concurrency ?? 16);
  }

  /**
   * GETs a URL, or a range of it. Resolves undefined for 404 (and 403 when configured);
   * an unsatisfiable range (416) gives empty bytes. The bytes of a range never share a
   * buffer with more of the body than they show.
   */
  async read(
    url: string,
    range?: ByteRange,
    signal?: AbortSignal,
  ): Promise<HttpReadResult | undefined> {
    if (range) checkByteRange(range, url);
    if (range && ("suffixLength" in range ? range.suffixLength : range.length) === 0) {
      throwIfAborted(signal);
      return { bytes: new Uint8Array(0) };
    }
    return this.#withRetries(url, "GET", range, signal);
  }

  /** HEADs a URL: true for 2xx, false for a missing key. */
  async exists(url: string, signal?: AbortSignal): Promise<boolean> {
    return (await this.head(url, signal)) !== undefined;
  }

  /** HEADs a URL: empty bytes and the Content-Length as `size`, or undefined if missing. */
  head(url: string, signal?: AbortSignal): Promise<HttpReadResult | undefined> {
    return this.#withRetries(url, "HEAD", undefined, signal);
  }

  async #withRetries(
    url: string,
    method: string,
    range: ByteRange | undefined,
    signal: AbortSignal | undefined,
  ): Promise<HttpReadResult | undefined> {
    const retries = this.#options.retries ?? DEFAULT_RETRIES;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.#semaphore.run(
        () => this.#attempt(url, method, range, signal, attempt),
        signal,
      );
      if (outcome.kind === "done") return outcome.result;
      if (attempt >= retries) throw outcome.error;
      const backoff = backoffDelay(attempt, this.#options);
      const delay =
        outcome.retryAfterMs === undefined
          ? backoff
          : Math.min(outcome.retryAfterMs, this.#options.maxRetryAfterMs ?? 30_000);
      this.stats.retries++;
      await sleep(delay, signal); // the semaphore slot is free while we wait
    }
  }

  async #attempt(
    url: string,
    method: string,
    range: ByteRange | undefined,
    signal: AbortSignal | undefined,
    attempt: number,
  ): Promise<Attempt> {
    throwIfAborted(signal);
    const rangeHeader = range && rangeHeaderOf(range);
    const event: HttpRequestEvent = { url, method, attempt, bytes: 0 };
    if (rangeHeader) event.range = rangeHeader;
    this.stats.requests++;
    try {
      const headers = new Headers(await this.#headers({ url, method }));
      if (rangeHeader) headers.set("Range", rangeHeader);
      const init: RequestInit = { method, headers };
      if (signal) init.signal = signal;
      if (this.#options.credentials) init.credentials = this.#options.credentials;
      if (this.#options.mode) init.mode = this.#options.mode;
      if (this.#options.cache) init.cache = this.#options.cache;
      const fetchFn = this.#options.fetch ?? globalThis.fetch;
      const response = await raceAbort(fetchFn(url, init), signal);
      event.status = response.status;
      return await this.#handle(response, url, method, range, signal, event);
    } catch (error) {
      event.error = error;
      if (signal?.aborted) throw abortErrorOf(signal);
      if (error instanceof HttpError || error instanceof StoreError) throw error;
      // fetch rejects with a TypeError for network failures and cut-off bodies
      return {
        kind: "retry",
        error: new StoreError(`request failed for ${url}: ${messageOf(error)}`, { cause: error }),
      };
    } finally {
      this.#options.onRequest?.(event);
    }
  }

  async #handle(
    response: Response,
    url: string,
    method: string,
    range: ByteRange | undefined,
    signal: AbortSignal | undefined,
    event: HttpRequestEvent,
  ): Promise<Attempt> {
    const status = response.status;
    const missing = status === 404 || (status === 403 && this.#options.treat403AsMissing);
    if (missing) {
      discard(response);
      return { kind: "done", result: undefined };
    }
    if (status === 416) {
      discard(response);
      const total = UNSATISFIED_RANGE.exec(response.headers.get("Content-Range") ?? "");
      const result: HttpReadResult = { bytes: new Uint8Array(0) };
      if (total) result.size = Number(total[1]);
      return { kind: "done", result };
    }
    if (isRetryableStatus(status)) {
      discard(response);
      const retryAfterMs =
        status === 429 || status === 503
          ? parseRetryAfter(response.headers.get("Retry-After"))
          : undefined;
      const error = new HttpError(status, url);
      return retryAfterMs === undefined
        ? { kind: "retry", error }
        : { kind: "retry", error, retryAfterMs };
    }
    if (status !== 200 && status !== 206) {
      discard(response);
      throw new HttpError(status, url);
    }
    if (method === "HEAD") {
      const result: HttpReadResult = { bytes: new Uint8Array(0) };
      const length = declaredLength(response);
      if (length !== undefined) result.size = length;
      return { kind: "done", result };
    }
    const bytes = new Uint8Array(await raceAbort(response.arrayBuffer(), signal));
    event.bytes = bytes.length;
    this.stats.bytesReceived += bytes.length;
    const truncated = (detail: string): Attempt => ({
      kind: "retry",
      error: new StoreError(`truncated response body for ${url}: ${detail}`),
    });
    const declared = declaredLength(response);
    if (declared !== undefined && bytes.length !== declared) {
      return truncated(`got ${bytes.length} of ${declared} bytes (Content-Length)`);
    }
    if (status === 200) {
      // a server that ignores Range sends the whole value: copy out what was asked (a view
      // would keep the whole body alive); past the end gives empty bytes, as 416 does
      const result = {
        bytes: range ? ownPart(bytes, sliceRange(bytes, range)) : bytes,
        size: bytes.length,
      };
      return { kind: "done", result };
    }
    if (!range) throw new HttpError(206, url, `HTTP 206 without a Range request for ${url}`);
    const match = CONTENT_RANGE.exec(response.headers.get("Content-Range") ?? "");
    if (!match) {
      // Content-Range may be hidden by CORS; trust the body, trimmed to what was asked
      const want = "suffixLength" in range ? range.suffixLength : range.length;
      const result = { bytes: ownPart(bytes, bytes.subarray(0, want)) };
      return { kind: "done", result };
    }
    const start = Number(match[1]);
    const end = Number(match[2]);
    const size = match[3] === "*" ? undefined : Number(match[3]);
    if (bytes.length < end - start + 1) {
      return truncated(`got ${bytes.length} bytes for Content-Range ${start}-${end}`);
    }
    const wantStart =
      "suffixLength" in range
        ? size === undefined
          ? start
          : Math.max(0, size - range.suffixLength)
        : range.offset;
    if (start !== wantStart) {
      throw new StoreError(
        `server sent bytes ${start}-${end} of ${url} for Range ${rangeHeaderOf(range)}`,
      );
    }
    const wantLength = "suffixLength" in range ? range.suffixLength : range.length;
    const available = size === undefined ? wantLength : Math.min(wantLength, size - start);
    if (end - start + 1 < available) {
      return truncated(`asked for ${available} bytes from ${start}, got ${end - start + 1}`);
    }
    const result: HttpReadResult = { bytes: ownPart(bytes, bytes.subarray(0, end - start + 1)) };
    if (size !== undefined) result.size = size;
    return { kind: "done", result };
  }

  /**
   * Sends any request (PUT, POST, DELETE, a GET whose answer is a document) through the
   * same concurrency limit and headers option as reads; see sendRequest.
   */
  send(url: string, init: HttpSendInit): Promise<HttpSendResult> {
    return sendRequest(this, url, init);
  }

  /** @internal the pieces sendRequest shares with reads. */
  get shared(): HttpClientShared {
    return {
      options: this.#options,
      semaphore: this.#semaphore,
      headers: (request) => this.#headers(request),
    };
  }

  async #headers(request: HeadersRequest): Promise<HeadersInit | undefined> {
    const option = this.#options.headers;
    return typeof option === "function" ? option(request) : option;
  }
}

/**
 * Throws StoreError unless a range is made of non-negative safe integers: anything else
 * would make a malformed Range header, or slice the wrong bytes from a whole body.
 */
export function checkByteRange(range: ByteRange, url: string): void {
  const valid =
    "suffixLength" in range
      ? isByteCount(range.suffixLength)
      : isByteCount(range.offset) &&
        isByteCount(range.length) &&
        isByteCount(range.offset + range.length);
  if (!valid) throw new StoreError(`invalid byte range ${JSON.stringify(range)} for ${url}`);
}

function isByteCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** `part` (a view of `bytes`) alone in its own buffer, copied unless it is all of `bytes`. */
function ownPart(bytes: Uint8Array, part: Uint8Array): Uint8Array {
  return part.length === bytes.length ? bytes : part.slice();
}

/** The Range header for a byte range (inclusive end). */
export function rangeHeaderOf(range: ByteRange): string {
  if ("suffixLength" in range) return `bytes=-${range.suffixLength}`;
  return `bytes=${range.offset}-${range.offset + range.length - 1}`;
}

/** Content-Length, when it describes the body we read (not a compressed encoding of it). */
function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get("Content-Encoding");
  if (encoding && encoding.toLowerCase() !== "identity") return undefined;
  const value = response.headers.get("Content-Length");
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
