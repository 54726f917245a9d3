/**
 * One request as HttpClient makes every request, reads and send() alike: inside the
 * concurrency limit, retried with backoff (Retry-After honoured), under the stall
 * watchdog and the deadline, following redirects by the policy so that the caller's
 * headers, signatures and request bodies stay on the origin asked for. Callers say
 * which headers a hop gets and how an answer is read (`handle`).
 */
import {
  HttpError,
  StoreError,
  throwIfAborted,
  type ZarrError,
  ZarrError as ZarrErrorClass,
} from "@zarrkit/core";
import { abortErrorOf, raceAbort, sleep } from "./abortable.js";
import { type BodyRead, type BodyWindow, readBoundedBody } from "./bounded-body.js";
import type { HttpClientOptions, HttpRequestEvent, HttpStats } from "./http-client.js";
import { HttpTimeoutError } from "./http-errors.js";
import type { ResolvedLimits } from "./http-limits.js";
import { checkRedirectUrl, isRedirectStatus, redirectTarget } from "./http-redirects.js";
import { backoffDelay } from "./retry-policy.js";
import type { Semaphore } from "./semaphore.js";
import { StallWatchdog } from "./stall-watchdog.js";

/** What an attempt came to: a result, or an error worth another attempt. */
export type Attempt<T> =
  | { kind: "done"; result: T }
  | { kind: "retry"; error: ZarrError; retryAfterMs?: number };

/** What `handle` gets besides the response. */
export interface AttemptContext {
  /** Aborts on the caller's signal, the deadline and a stall. */
  signal: AbortSignal;
  watchdog: StallWatchdog;
  event: HttpRequestEvent;
}

/** One request, as every attempt and every redirect hop sends it. */
export interface Exchange<T> {
  url: string;
  method: string;
  /** The request body (sent only to the origin asked for). */
  body?: Uint8Array;
  /** Attempts after the first (0: never retried). */
  retries: number;
  /** The Range header sent, for onRequest. */
  range?: string;
  /** fetch's `cache` for this request when the client sets none. */
  cache?: "no-store";
  /**
   * The headers of a hop to `url`. `own` is false for another origin: only headers that
   * describe what is asked (Range, conditions) survive there, see NEUTRAL_HEADERS.
   */
  headers(url: string, own: boolean): Promise<Headers>;
  /** Reads a (non-redirect) response. */
  handle(response: Response, context: AttemptContext): Promise<Attempt<T>>;
}

/** The client's pieces an exchange runs with. */
export interface ExchangeClient {
  options: HttpClientOptions;
  limits: ResolvedLimits;
  semaphore: Semaphore;
  stats: HttpStats;
}

/**
 * Headers that may go to another origin: they say which bytes or version are asked for
 * and carry no identity. Everything else (Authorization, API keys, x-amz-*, x-ms-*)
 * stays home.
 */
const NEUTRAL_HEADERS = new Set([
  "range",
  "if-match",
  "if-none-match",
  "if-modified-since",
  "if-unmodified-since",
  "accept",
]);

/** setTimeout's largest delay; longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs the request's attempts; rejects with the last attempt's error, or HttpTimeoutError. */
export async function exchange<T>(
  client: ExchangeClient,
  request: Exchange<T>,
  callerSignal: AbortSignal | undefined,
): Promise<T> {
  const { timeoutMs } = client.limits;
  const deadline = timeoutMs === undefined ? undefined : new AbortController();
  const timer = deadline && setTimeout(() => deadline.abort(), timeoutMs);
  const signal =
    deadline && callerSignal
      ? AbortSignal.any([callerSignal, deadline.signal])
      : (deadline?.signal ?? callerSignal);
  try {
    for (let attempt = 0; ; attempt++) {
      const outcome = await client.semaphore.run(
        () => runAttempt(client, request, signal, attempt),
        signal,
      );
      if (outcome.kind === "done") return outcome.result;
      if (attempt >= request.retries) throw outcome.error;
      const backoff = backoffDelay(attempt, client.options);
      const delay =
        outcome.retryAfterMs === undefined
          ? backoff
          : Math.min(outcome.retryAfterMs, client.options.maxRetryAfterMs ?? 30_000);
      client.stats.retries++;
      await sleep(delay, signal); // the semaphore slot is free while we wait
    }
  } catch (error) {
    if (deadline?.signal.aborted && !callerSignal?.aborted) {
      throw new HttpTimeoutError(request.url, "deadline", timeoutMs as number);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function runAttempt<T>(
  client: ExchangeClient,
  request: Exchange<T>,
  signal: AbortSignal | undefined,
  attempt: number,
): Promise<Attempt<T>> {
  throwIfAborted(signal);
  const { url, method } = request;
  const event: HttpRequestEvent = { url, method, attempt, bytes: 0 };
  if (request.range) event.range = request.range;
  const stalled = new AbortController();
  const attemptSignal = signal ? AbortSignal.any([signal, stalled.signal]) : stalled.signal;
  const { idleTimeoutMs, minBytesPerWindow, minBytesPerSecond } = client.limits;
  // fetch cannot tell how much of a request body went out: allow it the time the
  // slowest accepted rate needs, on top of the wait for the answer
  const upload = request.body?.length ?? 0;
  const uploadMs = upload > 0 ? (upload / minBytesPerSecond) * 1000 : 0; // Infinity for rate 0
  const firstWindowMs = Math.min(MAX_TIMER_MS, Math.ceil(idleTimeoutMs + uploadMs));
  const watchdog = new StallWatchdog(
    idleTimeoutMs,
    minBytesPerWindow,
    () => stalled.abort(),
    firstWindowMs,
  );
  try {
    const response = await fetchFollowingRedirects(client, request, attemptSignal, watchdog);
    watchdog.started();
    event.status = response.status;
    return await request.handle(response, { signal: attemptSignal, watchdog, event });
  } catch (error) {
    event.error = error;
    if (signal?.aborted) throw abortErrorOf(signal);
    if (stalled.signal.aborted) {
      return { kind: "retry", error: new HttpTimeoutError(url, "idle", idleTimeoutMs) };
    }
    if (error instanceof ZarrErrorClass) throw error;
    // fetch rejects with a TypeError for network failures and cut-off bodies
    return {
      kind: "retry",
      error: new StoreError(`${method} request failed for ${url}: ${messageOf(error)}`, {
        cause: error,
      }),
    };
  } finally {
    watchdog.stop();
    client.options.onRequest?.(event);
  }
}

/**
 * Fetches the URL, following redirects by the policy (see http-redirects.ts): the
 * caller's headers go only to the origin asked for; a request with a body (or any
 * method but GET and HEAD) follows only 307/308 within that origin.
 */
async function fetchFollowingRedirects<T>(
  client: ExchangeClient,
  request: Exchange<T>,
  signal: AbortSignal,
  watchdog: StallWatchdog,
): Promise<Response> {
  const origin = new URL(request.url).origin;
  const { redirects, maxRedirects } = client.limits;
  const safe = isSafeMethod(request.method) && !request.body;
  let url = request.url;
  for (let hops = 0; ; hops++) {
    const own = new URL(url).origin === origin;
    const response = await fetchOnce(client, request, url, own, "manual", signal);
    if (response.type === "opaqueredirect") {
      // a browser: it hides where the redirect goes. Ask again without our headers
      // and let it follow (it refuses non-http(s) targets and long chains itself).
      discard(response);
      if (redirects === "error" || !safe) {
        const why = safe ? '(redirects: "error")' : `(a ${request.method} is not redirected)`;
        throw new HttpError(0, url, `redirect from ${url} refused ${why}`);
      }
      const followed = await fetchOnce(client, request, url, false, "follow", signal);
      if (followed.redirected && followed.url) {
        checkRedirectUrl(new URL(followed.url), url, origin, redirects, (why) => {
          discard(followed);
          return new HttpError(followed.status, url, `redirect from ${url} refused: ${why}`);
        });
      }
      return followed;
    }
    if (!isRedirectStatus(response.status)) return response;
    watchdog.started();
    discard(response);
    const policy = { redirects, maxRedirects, method: safe ? undefined : request.method };
    url = redirectTarget(response, url, origin, policy, hops);
  }
}

/** One fetch call; `own` says whether the caller's headers, credentials and body go. */
async function fetchOnce<T>(
  client: ExchangeClient,
  request: Exchange<T>,
  url: string,
  own: boolean,
  redirect: RequestRedirect,
  signal: AbortSignal,
): Promise<Response> {
  const headers = await request.headers(url, own);
  if (!own) {
    for (const name of [...headers.keys()]) {
      if (!NEUTRAL_HEADERS.has(name)) headers.delete(name);
    }
  }
  const init: RequestInit = { method: request.method, headers, signal, redirect };
  if (request.body && own) init.body = request.body as BodyInit;
  const { credentials, mode, cache } = client.options;
  if (credentials)
    init.credentials = own || credentials !== "include" ? credentials : "same-origin";
  if (mode) init.mode = mode;
  if (cache) init.cache = cache;
  else if (request.cache) init.cache = request.cache;
  const fetchFn = client.options.fetch ?? globalThis.fetch;
  client.stats.requests++;
  return raceAbort(fetchFn(url, init), signal);
}

/**
 * Reads a response body into `window` (see readBoundedBody), feeding the watchdog and
 * the byte counts; aborts with the attempt.
 */
export function readBody(
  client: ExchangeClient,
  response: Response,
  window: BodyWindow,
  context: AttemptContext,
  tooLarge: (received: number) => Error,
): Promise<BodyRead> {
  return raceAbort(
    readBoundedBody(
      response,
      window,
      (count) => {
        context.watchdog.progress(count);
        context.event.bytes += count;
        client.stats.bytesReceived += count;
      },
      tooLarge,
    ),
    context.signal,
  );
}

function isSafeMethod(method: string): boolean {
  const upper = method.toUpperCase();
  return upper === "GET" || upper === "HEAD";
}

export function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
