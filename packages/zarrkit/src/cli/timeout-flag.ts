/**
 * `--timeout SECONDS`: how long a command waits on a stalled server (no answer, or a
 * body under the minimum rate) before an HTTP request fails. It bounds every store that
 * speaks HTTP: http(s)://, .zip over HTTP, s3://, gs:// and Azure URLs.
 */
import { HttpTimeoutError, type ResolveStoreOptions } from "@zarrkit/storage";
import { UsageError } from "./usage-error.js";

export const TIMEOUT_HELP =
  "seconds to wait on a stalled server before a request fails (default 30)";

/** The longest --timeout accepted: a day. */
const MAX_TIMEOUT_SECONDS = 86_400;

/** The idle timeout in milliseconds, or undefined when the flag is absent. */
export function parseTimeoutFlag(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw new UsageError(
      `--timeout must be a number of seconds above 0, at most ${MAX_TIMEOUT_SECONDS}, not "${text}"`,
    );
  }
  return Math.ceil(seconds * 1000);
}

/** resolveStore's options for a command's --timeout. */
export function storeOptionsFor(timeoutMs: number | undefined): ResolveStoreOptions {
  return timeoutMs === undefined ? {} : { http: { idleTimeoutMs: timeoutMs } };
}

/** A CLI user's message for a request that stalled: it names the flag, not the API option. */
export function timeoutMessage(error: unknown): string | undefined {
  if (!(error instanceof HttpTimeoutError)) return undefined;
  const seconds = error.timeoutMs / 1000;
  return error.kind === "idle"
    ? `${error.url} stalled: no answer, or too slow an answer, for ${seconds} s (--timeout ${seconds})`
    : error.message;
}
