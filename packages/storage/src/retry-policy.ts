/** How a request is retried after network failures, transient statuses and truncated bodies. */
export interface RetryOptions {
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** Delay before the first retry, doubled each time (default 200 ms). */
  baseDelayMs?: number;
  /** Largest backoff delay (default 5 s). */
  maxDelayMs?: number;
  /** Largest delay taken from a Retry-After header (default 30 s). */
  maxRetryAfterMs?: number;
}

export const DEFAULT_RETRIES = 3;

/**
 * Statuses that say "try again later" (RFC 9110, RFC 8470, RFC 6585): 408 Request Timeout,
 * 425 Too Early, 429 Too Many Requests, 500 Internal Server Error, 502 Bad Gateway,
 * 503 Service Unavailable, 504 Gateway Timeout, and the CDN statuses for an origin that is
 * down or slow (520-524, Cloudflare). Other 5xx describe the server or the request, not a
 * passing state, and fail the same way each time: 501 Not Implemented, 505 HTTP Version
 * Not Supported, 507 Insufficient Storage, 511 Network Authentication Required, 525/526
 * (TLS setup between CDN and origin), ...
 */
const RETRYABLE_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524]);

/** Statuses worth another try: timeouts, throttling and transient server errors. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** Exponential backoff with "equal jitter": half fixed, half random, so clients spread out. */
export function backoffDelay(attempt: number, options: RetryOptions, random = Math.random): number {
  const base = options.baseDelayMs ?? 200;
  const max = options.maxDelayMs ?? 5000;
  const delay = Math.min(max, base * 2 ** attempt);
  return delay / 2 + random() * (delay / 2);
}

/** Milliseconds from a Retry-After header (delta seconds or an HTTP date), if valid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
