/** How a request is retried after network failures, 5xx, 429 and truncated bodies. */
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

/** Statuses worth another try: timeouts, throttling and server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
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
