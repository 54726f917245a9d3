/**
 * Requests other than plain reads (PUT, POST, DELETE, a listing GET): the same
 * concurrency limit, headers hook (signing), retries and abort as HttpClient's reads,
 * with the response body read up to a bound and error documents turned into messages.
 */
import { HttpError, StoreError } from "@zarrkit/core";
import { abortErrorOf, raceAbort, sleep } from "./abortable.js";
import type { HeaderValues, HttpClient } from "./http-client.js";
import {
  backoffDelay,
  DEFAULT_RETRIES,
  isRetryableStatus,
  parseRetryAfter,
} from "./retry-policy.js";

export interface HttpSendInit {
  method: string;
  headers?: HeaderValues;
  body?: Uint8Array;
  signal?: AbortSignal;
  /** Retry network errors and transient statuses: only for idempotent requests. */
  retry?: boolean;
  /** Statuses that are answers rather than failures (412 for a conditional write, 404). */
  accept?: readonly number[];
  /** The largest response body read (default 16 MiB); more is a StoreError. */
  maxResponseBytes?: number;
}

export interface HttpSendResult {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

type Outcome = { result: HttpSendResult } | { error: Error; after: number | undefined };

const DEFAULT_MAX_RESPONSE = 16 * 1024 * 1024;

export async function sendRequest(
  client: HttpClient,
  url: string,
  init: HttpSendInit,
): Promise<HttpSendResult> {
  const { options, semaphore, headers: headersOf } = client.shared;
  const retries = init.retry ? (options.retries ?? DEFAULT_RETRIES) : 0;
  const fetchFn = options.fetch ?? globalThis.fetch;
  for (let attempt = 0; ; attempt++) {
    const outcome = await semaphore.run(async (): Promise<Outcome> => {
      client.stats.requests++;
      const headers = new Headers(init.headers);
      for (const [name, value] of new Headers(
        await headersOf({ url, method: init.method, headers }),
      )) {
        headers.set(name, value);
      }
      const request: RequestInit = { method: init.method, headers };
      if (init.body) request.body = init.body as BodyInit;
      if (init.signal) request.signal = init.signal;
      if (options.credentials) request.credentials = options.credentials;
      if (options.mode) request.mode = options.mode;
      try {
        const response = await raceAbort(fetchFn(url, request), init.signal);
        const body = await readBounded(
          response,
          init.maxResponseBytes ?? DEFAULT_MAX_RESPONSE,
          url,
        );
        client.stats.bytesReceived += body.length;
        const result = { status: response.status, headers: response.headers, body };
        const status = response.status;
        if ((status >= 200 && status < 300) || init.accept?.includes(status)) return { result };
        const error = new HttpError(
          status,
          url,
          `HTTP ${status} for ${init.method} ${url}${errorDetail(body)}`,
        );
        if (!isRetryableStatus(status)) throw error;
        const after =
          status === 429 || status === 503
            ? parseRetryAfter(response.headers.get("Retry-After"))
            : undefined;
        return { error, after };
      } catch (error) {
        if (init.signal?.aborted) throw abortErrorOf(init.signal);
        if (error instanceof HttpError || error instanceof StoreError) throw error;
        return {
          error: new StoreError(`${init.method} ${url} failed: ${String(error)}`, {
            cause: error,
          }),
          after: undefined,
        };
      }
    }, init.signal);
    if ("result" in outcome) return outcome.result;
    if (attempt >= retries) throw outcome.error;
    client.stats.retries++;
    const delay =
      outcome.after === undefined
        ? backoffDelay(attempt, options)
        : Math.min(outcome.after, options.maxRetryAfterMs ?? 30_000);
    await sleep(delay, init.signal);
  }
}

/** The body, read chunk by chunk and refused past `max` bytes (a hostile server). */
async function readBounded(response: Response, max: number, url: string): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => {});
      throw new StoreError(`response from ${url} is larger than ${max} bytes`);
    }
    parts.push(value);
  }
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** ": Code: Message" from an S3/GCS/Azure XML error document, or "" when there is none. */
function errorDetail(body: Uint8Array): string {
  if (body.length === 0) return "";
  const text = new TextDecoder().decode(body.subarray(0, 4096));
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]{1,300})<\/Message>/.exec(text)?.[1];
  if (!code) return "";
  return `: ${code}${message ? ` (${message})` : ""}`;
}
