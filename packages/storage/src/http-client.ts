import type { ByteRange } from "@zarrkit/core";
import { HttpError, StoreError, throwIfAborted, ValueChangedError } from "@zarrkit/core";
import type { BodyWindow } from "./bounded-body.js";
import { ResponseTooLargeError } from "./http-errors.js";
import {
  type AttemptContext,
  discard,
  type Exchange,
  type Attempt as ExchangeAttempt,
  type ExchangeClient,
  exchange,
  readBody,
} from "./http-exchange.js";
import { type HttpLimits, type ResolvedLimits, resolveLimits } from "./http-limits.js";
import type { HttpSendInit, HttpSendResult } from "./http-send.js";
import { preconditionFor, revalidationFor, sameVersion, versionOf } from "./http-validators.js";
import type { PersistentByteCache } from "./persistent-byte-cache.js";
import {
  DEFAULT_RETRIES,
  isRetryableStatus,
  parseRetryAfter,
  type RetryOptions,
} from "./retry-policy.js";
import type { RevalidatingResult } from "./revalidated-read.js";
import { Semaphore } from "./semaphore.js";

export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Header values as fetch takes them (the DOM's HeadersInit, declared here so the
 * published types compile without the DOM lib).
 */
export type HeaderValues = Headers | Record<string, string> | [string, string][];

/** Request headers: fixed, or computed per request (bearer tokens, signed requests). */
export type HeadersOption =
  | HeaderValues
  | ((request: HeadersRequest) => HeaderValues | Promise<HeaderValues>);

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

export interface HttpClientOptions extends RetryOptions, HttpLimits {
  /** The fetch to call (default globalThis.fetch). */
  fetch?: FetchFunction;
  headers?: HeadersOption;
  /** fetch's `credentials`, `mode` and `cache` (RequestInit's values). */
  credentials?: "include" | "omit" | "same-origin";
  mode?: "cors" | "navigate" | "no-cors" | "same-origin";
  cache?: "default" | "force-cache" | "no-cache" | "no-store" | "only-if-cached" | "reload";
  /** Requests in flight at once (default 16). */
  concurrency?: number;
  /** Read 403 Forbidden as a missing key, as object stores answer for absent objects. */
  treat403AsMissing?: boolean;
  onRequest?: (event: HttpRequestEvent) => void;
  /**
   * Keep GET responses across page loads and revalidate them with conditional requests
   * (see PersistentByteCache); one cache may serve several clients under one budget.
   */
  persistentCache?: PersistentByteCache;
}

/** What send() shares with the reads of its client. */
export interface HttpClientShared extends ExchangeClient {
  headers(request: HeadersRequest): Promise<HeaderValues | undefined>;
}

/** The bytes of a (ranged) read and, when the response told it, the size of the whole value. */
export interface HttpReadResult {
  bytes: Uint8Array;
  size?: number;
  /** The value's validator (ETag, else Last-Modified), when the server sent one. */
  version?: string;
}

/** Conditions on a read. */
export interface HttpReadConditions {
  /**
   * Read only this version (from an earlier HttpReadResult.version): sent as If-Match /
   * If-Unmodified-Since and compared with the response's validator; a mismatch or a
   * 412 rejects with ValueChangedError.
   */
  ifVersion?: string;
}

/** One read, as the attempts see it. */
interface ReadRequest {
  url: string;
  method: "GET" | "HEAD";
  range: ByteRange | undefined;
  ifVersion: string | undefined;
  /** A kept version to revalidate: a 304 answer means it is still current. */
  revalidate?: string | undefined;
}

type Attempt = ExchangeAttempt<RevalidatingResult>;

const CONTENT_RANGE = /^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i;
const UNSATISFIED_RANGE = /^bytes\s+\*\/(\d+)$/i;

/**
 * Reads (GET, HEAD) and other requests (send()) with retries (exponential backoff with
 * jitter, honouring Retry-After), a concurrency limit, abort signals, and the bounds of
 * HttpLimits: an idle timeout and minimum rate, an optional deadline, bodies read as
 * streams up to what a request needs, and redirects followed by hand so that headers
 * and bodies stay on their origin (see http-exchange.ts).
 */
export class HttpClient {
  readonly stats: HttpStats = { requests: 0, bytesReceived: 0, retries: 0 };
  readonly limits: ResolvedLimits;
  readonly #options: HttpClientOptions;
  readonly #semaphore: Semaphore;
  readonly #shared: HttpClientShared;

  constructor(options: HttpClientOptions = {}) {
    this.#options = options;
    this.limits = resolveLimits(options);
    this.#semaphore = new Semaphore(options.concurrency ?? 16);
    this.#shared = {
      options,
      limits: this.limits,
      semaphore: this.#semaphore,
      stats: this.stats,
      headers: (request) => this.#headers(request),
    };
  }

  /**
   * GETs a URL, or a range of it. Resolves undefined for 404 (and 403 when configured);
   * a range past the end (416) gives empty bytes. The bytes of a range never share a
   * buffer with more of the body than they show.
   */
  async read(
    url: string,
    range?: ByteRange,
    signal?: AbortSignal,
    conditions: HttpReadConditions = {},
  ): Promise<HttpReadResult | undefined> {
    if (range) checkByteRange(range, url);
    if (range && ("suffixLength" in range ? range.suffixLength : range.length) === 0) {
      throwIfAborted(signal);
      return { bytes: new Uint8Array(0) };
    }
    const want = range && ("suffixLength" in range ? range.suffixLength : range.length);
    if (want !== undefined && want > this.limits.maxBodyBytes) {
      throw new ResponseTooLargeError(url, this.limits.maxBodyBytes, `asked for ${want} bytes`);
    }
    const request = { url, method: "GET", range, ifVersion: conditions.ifVersion } as const;
    const cache = this.#options.persistentCache;
    if (cache && (cache.revalidateCrossOrigin || !crossOriginFromPage(url))) {
      const id = range ? `${url} ${rangeHeaderOf(range)}` : url;
      return cache.read(id, conditions.ifVersion, (revalidate) =>
        this.#exchange({ ...request, revalidate }, signal),
      );
    }
    return this.#exchange(request, signal);
  }

  /** HEADs a URL: true for 2xx, false for a missing key. */
  async exists(url: string, signal?: AbortSignal): Promise<boolean> {
    return (await this.head(url, signal)) !== undefined;
  }

  /** HEADs a URL: empty bytes and the Content-Length as `size`, or undefined if missing. */
  head(url: string, signal?: AbortSignal): Promise<HttpReadResult | undefined> {
    return this.#exchange({ url, method: "HEAD", range: undefined, ifVersion: undefined }, signal);
  }

  #exchange(request: ReadRequest, signal: AbortSignal | undefined): Promise<RevalidatingResult> {
    const { url, method, range, ifVersion } = request;
    const rangeHeader = range && rangeHeaderOf(range);
    const precondition = ifVersion !== undefined ? preconditionFor(ifVersion) : undefined;
    const read: Exchange<RevalidatingResult> = {
      url,
      method,
      retries: this.#options.retries ?? DEFAULT_RETRIES,
      headers: async (hop, own) => {
        const headers = new Headers(own ? await this.#headers({ url: hop, method }) : undefined);
        if (rangeHeader) headers.set("Range", rangeHeader);
        // on a page, a precondition header to another origin costs a CORS preflight (and
        // fails where the server does not allow it): there the response is only compared
        if (precondition && !crossOriginFromPage(hop)) headers.set(...precondition);
        if (request.revalidate !== undefined) headers.set(...revalidationFor(request.revalidate));
        return headers;
      },
      handle: (response, context) => this.#handle(response, request, context),
    };
    if (rangeHeader) read.range = rangeHeader;
    // the persistent cache holds what is kept: the browser's HTTP cache would only
    // answer its unconditional requests with copies of unknown age
    if (this.#options.persistentCache && method === "GET") read.cache = "no-store";
    return exchange(this.shared, read, signal);
  }

  async #handle(
    response: Response,
    request: ReadRequest,
    context: AttemptContext,
  ): Promise<Attempt> {
    const { url, range, ifVersion } = request;
    const status = response.status;
    const missing = status === 404 || (status === 403 && this.#options.treat403AsMissing);
    if (missing) {
      discard(response);
      return { kind: "done", result: undefined };
    }
    if (status === 412 && ifVersion !== undefined) {
      discard(response);
      throw new ValueChangedError(`${url} changed since version ${ifVersion} was read (HTTP 412)`);
    }
    if (status === 304 && request.revalidate !== undefined) {
      discard(response);
      const version = versionOf(response);
      const result: RevalidatingResult = { bytes: new Uint8Array(0), notModified: true };
      if (version !== undefined) result.version = version;
      return { kind: "done", result };
    }
    if (status === 416) {
      discard(response);
      return { kind: "done", result: unsatisfiable(response, url, range) };
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
    if ((status !== 200 && status !== 206) || (status === 206 && !range)) {
      discard(response);
      const detail = status === 206 ? `HTTP 206 without a Range request for ${url}` : undefined;
      throw new HttpError(status, url, detail);
    }
    if (ifVersion !== undefined && !sameVersion(ifVersion, response)) {
      discard(response);
      throw new ValueChangedError(
        `${url} changed since version ${ifVersion} was read (now ${versionOf(response)})`,
      );
    }
    const version = versionOf(response);
    const done = (result: HttpReadResult): Attempt => {
      if (version !== undefined) result.version = version;
      return { kind: "done", result };
    };
    if (request.method === "HEAD") {
      const length = declaredLength(response);
      return done(
        length === undefined
          ? { bytes: new Uint8Array(0) }
          : { bytes: new Uint8Array(0), size: length },
      );
    }
    const max = this.limits.maxBodyBytes;
    const readWindow = (window: BodyWindow) =>
      readBody(
        this.shared,
        response,
        window,
        context,
        (received) => new ResponseTooLargeError(url, max, `read ${received} bytes`),
      );
    const truncated = (detail: string): Attempt => ({
      kind: "retry",
      error: new StoreError(`truncated response body for ${url}: ${detail}`),
    });
    const declared = declaredLength(response);
    if (status === 200) {
      if (!range) {
        if (declared !== undefined && declared > max) {
          discard(response);
          throw new ResponseTooLargeError(url, max, `Content-Length is ${declared}`);
        }
        const body = await readWindow({ from: 0, length: Number.POSITIVE_INFINITY, max });
        if (declared !== undefined && body.received < declared) {
          return truncated(`got ${body.received} of ${declared} bytes (Content-Length)`);
        }
        return done({ bytes: body.bytes, size: body.received });
      }
      // a server that ignores Range sends the whole value: keep only the part asked
      // for, stop once it is in; past the end gives empty bytes, as 416 does
      const window: BodyWindow =
        "suffixLength" in range
          ? { suffix: range.suffixLength, max }
          : { from: range.offset, length: range.length, max };
      const body = await readWindow(window);
      if (body.ended && declared !== undefined && body.received < declared) {
        return truncated(`got ${body.received} of ${declared} bytes (Content-Length)`);
      }
      const size = body.ended ? body.received : declared;
      return done(size === undefined ? { bytes: body.bytes } : { bytes: body.bytes, size });
    }
    const asked = range as ByteRange;
    const want = "suffixLength" in asked ? asked.suffixLength : asked.length;
    const contentRange = response.headers.get("Content-Range");
    if (contentRange === null) {
      // Content-Range may be hidden by CORS: trust the body, up to what was asked
      const body = await readWindow({ from: 0, length: want, max });
      const expected = declared === undefined ? 0 : Math.min(declared, want);
      if (body.received < expected) {
        return truncated(`got ${body.received} of ${expected} bytes (Content-Length)`);
      }
      return done({ bytes: body.bytes });
    }
    const { start, end, size } = parseContentRange(contentRange, url, asked);
    const available = size === undefined ? want : Math.min(want, size - start);
    if (end - start + 1 < available) {
      discard(response);
      return truncated(`asked for ${available} bytes from ${start}, got ${end - start + 1}`);
    }
    const body = await readWindow({ from: 0, length: available, max });
    if (body.received < available) {
      return truncated(`got ${body.received} bytes for Content-Range ${start}-${end}`);
    }
    return done(size === undefined ? { bytes: body.bytes } : { bytes: body.bytes, size });
  }

  /**
   * Sends any request (PUT, POST, DELETE, a GET whose answer is a document) with the
   * guarantees of reads (redirect rules, stall watchdog, deadline, bounded body); see
   * sendRequest. Its code loads on the first call: a page that only reads never needs it.
   */
  async send(url: string, init: HttpSendInit): Promise<HttpSendResult> {
    const { sendRequest } = await import("./http-send.js");
    return sendRequest(this, url, init);
  }

  /** @internal the pieces sendRequest shares with reads. */
  get shared(): HttpClientShared {
    return this.#shared;
  }

  async #headers(request: HeadersRequest): Promise<HeaderValues | undefined> {
    const option = this.#options.headers;
    return typeof option === "function" ? option(request) : option;
  }
}

/**
 * A 416 answer. Empty bytes for a range that lies past the end (with the size when the
 * server tells it, `bytes * /N`); HttpError when no range was asked for, or when the
 * size it tells would have satisfied the range.
 */
function unsatisfiable(
  response: Response,
  url: string,
  range: ByteRange | undefined,
): HttpReadResult {
  if (!range) throw new HttpError(416, url, `HTTP 416 for ${url}, which asked for no range`);
  const total = UNSATISFIED_RANGE.exec(response.headers.get("Content-Range") ?? "");
  if (!total) return { bytes: new Uint8Array(0) };
  const size = Number(total[1]);
  const satisfiable =
    !Number.isSafeInteger(size) || ("suffixLength" in range ? size > 0 : range.offset < size);
  if (satisfiable) {
    throw new HttpError(
      416,
      url,
      `HTTP 416 for Range ${rangeHeaderOf(range)} of ${url}, whose size it gives as ${total[1]}`,
    );
  }
  return { bytes: new Uint8Array(0), size };
}

/**
 * The Content-Range of a 206, checked against the range asked for: well-formed, safe
 * integers, start <= end < size, starting where asked. StoreError otherwise (not
 * retried: the server answered, wrongly).
 */
function parseContentRange(
  header: string,
  url: string,
  range: ByteRange,
): { start: number; end: number; size: number | undefined } {
  const bad = (why: string) =>
    new StoreError(
      `server sent Content-Range "${header}" of ${url} for Range ${rangeHeaderOf(range)}: ${why}`,
    );
  const match = CONTENT_RANGE.exec(header.trim());
  if (!match) throw bad("malformed");
  const start = Number(match[1]);
  const end = Number(match[2]);
  const size = match[3] === "*" ? undefined : Number(match[3]);
  if (![start, end, size ?? 0].every(Number.isSafeInteger)) throw bad("numbers out of range");
  if (end < start || (size !== undefined && end >= size)) throw bad("not a range of the value");
  const wantStart =
    "suffixLength" in range
      ? size === undefined
        ? start
        : Math.max(0, size - range.suffixLength)
      : range.offset;
  if (start !== wantStart) throw bad(`starts at ${start}, not ${wantStart}`);
  return { start, end, size };
}

/** True on a page (or worker) whose origin differs from the URL's: CORS applies. */
function crossOriginFromPage(url: string): boolean {
  const page = (globalThis as { location?: { origin?: string } }).location?.origin;
  return page !== undefined && page !== "null" && new URL(url).origin !== page;
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
  const length = Number(value);
  // beyond 2^53 it names no real body; reads fail on their own bounds instead
  return Number.isSafeInteger(length) ? length : Number.MAX_SAFE_INTEGER;
}
