/**
 * The bounds every HTTP read lives within, so that no server can make a read wait,
 * retry or allocate without limit. All have finite defaults; each can be changed.
 */
import { StoreError } from "@zarrkit/core";
import { DEFAULT_MAX_REDIRECTS, type RedirectPolicy } from "./http-redirects.js";
import type { RetryOptions } from "./retry-policy.js";

export interface HttpLimits {
  /**
   * Longest wait for a response to start, and the window over which its body must keep
   * arriving at `minBytesPerSecond` (default 30 s; 0 turns the check off). A stalled
   * attempt fails with HttpTimeoutError and is retried like a network error.
   */
  idleTimeoutMs?: number;
  /** Slowest body accepted, averaged over each idle window (default 1024 B/s). */
  minBytesPerSecond?: number;
  /** Deadline for a whole read, retries and their waits included (default: none). */
  timeoutMs?: number;
  /**
   * Largest response a read takes (default 2 GiB). Ranged reads take at most the range
   * asked for, whatever the server sends. Larger answers fail with ResponseTooLargeError
   * and are not retried.
   */
  maxBodyBytes?: number;
  /** Redirects (3xx): see RedirectPolicy (default "follow"). */
  redirects?: RedirectPolicy;
  /** Longest redirect chain followed (default 5). */
  maxRedirects?: number;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_MIN_BYTES_PER_SECOND = 1024;
export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 ** 3;
/** Retries are bounded: a caller's typo (or Infinity) must not make a read endless. */
export const MAX_RETRIES = 100;

export interface ResolvedLimits {
  idleTimeoutMs: number;
  /** Bytes the body must bring per idle window. */
  minBytesPerWindow: number;
  /** The rate that comes from (also the time a request body is allowed to go out). */
  minBytesPerSecond: number;
  timeoutMs: number | undefined;
  maxBodyBytes: number;
  redirects: RedirectPolicy;
  maxRedirects: number;
}

/** The limits with defaults filled in; StoreError for a value out of range. */
export function resolveLimits(options: HttpLimits & RetryOptions): ResolvedLimits {
  check("idleTimeoutMs", options.idleTimeoutMs);
  check("minBytesPerSecond", options.minBytesPerSecond);
  check("timeoutMs", options.timeoutMs, 1);
  check("maxBodyBytes", options.maxBodyBytes);
  check("maxRedirects", options.maxRedirects, 0, true);
  check("retries", options.retries, 0, true, MAX_RETRIES);
  check("baseDelayMs", options.baseDelayMs);
  check("maxDelayMs", options.maxDelayMs);
  check("maxRetryAfterMs", options.maxRetryAfterMs);
  const redirects = options.redirects ?? "follow";
  if (!["follow", "same-origin", "error"].includes(redirects)) {
    throw new StoreError(`redirects must be "follow", "same-origin" or "error", got ${redirects}`);
  }
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const rate = options.minBytesPerSecond ?? DEFAULT_MIN_BYTES_PER_SECOND;
  return {
    idleTimeoutMs,
    minBytesPerWindow: Math.max(1, Math.floor((rate * idleTimeoutMs) / 1000)),
    minBytesPerSecond: rate,
    timeoutMs: options.timeoutMs,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    redirects,
    maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
  };
}

function check(
  name: string,
  value: number | undefined,
  min = 0,
  integer = false,
  max = Number.MAX_SAFE_INTEGER,
): void {
  if (value === undefined) return;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const kind = integer ? "an integer" : "a finite number";
    throw new StoreError(`HTTP option ${name} must be ${kind} from ${min} to ${max}, got ${value}`);
  }
}
