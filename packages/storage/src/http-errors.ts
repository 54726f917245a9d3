import { StoreError } from "@zarrkit/core";

/**
 * An HTTP request that gave up waiting: no response or too slow a body within the idle
 * timeout (`"idle"`, retried like a network error), or past the whole request's deadline
 * (`"deadline"`, not retried).
 */
export class HttpTimeoutError extends StoreError {
  readonly url: string;
  readonly timeoutMs: number;
  readonly kind: "idle" | "deadline";
  constructor(url: string, kind: "idle" | "deadline", timeoutMs: number) {
    super(
      kind === "idle"
        ? `${url} stalled: no response, or under the minimum transfer rate, for ${timeoutMs} ms (idleTimeoutMs)`
        : `request for ${url} took longer than ${timeoutMs} ms (timeoutMs)`,
    );
    this.url = url;
    this.timeoutMs = timeoutMs;
    this.kind = kind;
  }
}

/**
 * A response body larger than a request may take (maxBodyBytes, or send()'s
 * maxResponseBytes). Never retried.
 */
export class ResponseTooLargeError extends StoreError {
  readonly url: string;
  readonly limit: number;
  constructor(url: string, limit: number, detail: string, option = "maxBodyBytes") {
    super(`response for ${url} is too large: ${detail} (limit ${limit} bytes, ${option})`);
    this.url = url;
    this.limit = limit;
  }
}
