/**
 * Requests other than plain reads (PUT, POST, DELETE, a listing GET). They run as reads
 * do (see http-exchange.ts): the same concurrency limit, headers hook (signing), retries,
 * abort, stall watchdog, deadline and redirect rules (a write follows only 307/308
 * within its origin; no other origin sees its headers or body), with the response body
 * read up to a bound and error documents turned into messages.
 */
import { HttpError, StoreError } from "@zarrkit/core";
import type { HeaderValues, HttpClient } from "./http-client.js";
import { ResponseTooLargeError } from "./http-errors.js";
import { type Exchange, exchange, readBody } from "./http-exchange.js";
import { DEFAULT_RETRIES, isRetryableStatus, parseRetryAfter } from "./retry-policy.js";

export interface HttpSendInit {
  method: string;
  headers?: HeaderValues;
  body?: Uint8Array;
  signal?: AbortSignal;
  /** Retry network errors, stalls and transient statuses: only for idempotent requests. */
  retry?: boolean;
  /** Statuses that are answers rather than failures (412 for a conditional write, 404). */
  accept?: readonly number[];
  /**
   * The largest response body read (default 16 MiB, and never more than the client's
   * maxBodyBytes); more fails with ResponseTooLargeError, not retried.
   */
  maxResponseBytes?: number;
}

export interface HttpSendResult {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Of an error response, only this much is read (for its Code and Message). */
const ERROR_DOCUMENT_BYTES = 4096;

export function sendRequest(
  client: HttpClient,
  url: string,
  init: HttpSendInit,
): Promise<HttpSendResult> {
  const shared = client.shared;
  const { method } = init;
  const max = Math.min(
    init.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    shared.limits.maxBodyBytes,
  );
  if (!Number.isSafeInteger(max) || max < 0) {
    throw new StoreError(`maxResponseBytes must be a byte count, got ${init.maxResponseBytes}`);
  }
  const request: Exchange<HttpSendResult> = {
    url,
    method,
    retries: init.retry ? (shared.options.retries ?? DEFAULT_RETRIES) : 0,
    headers: async (hop, own) => {
      const headers = new Headers(init.headers);
      if (!own) return headers;
      // the hook sees the request's headers, to sign them (and may drop some)
      for (const [name, value] of new Headers(
        await shared.headers({ url: hop, method, headers }),
      )) {
        headers.set(name, value);
      }
      return headers;
    },
    handle: async (response, context) => {
      const status = response.status;
      const tooLarge = (received: number) =>
        new ResponseTooLargeError(url, max, `read ${received} bytes`, "maxResponseBytes");
      if ((status >= 200 && status < 300) || init.accept?.includes(status)) {
        const read = await readBody(
          shared,
          response,
          { from: 0, length: Number.POSITIVE_INFINITY, max },
          context,
          tooLarge,
        );
        return { kind: "done", result: { status, headers: response.headers, body: read.bytes } };
      }
      const document = await readBody(
        shared,
        response,
        { from: 0, length: ERROR_DOCUMENT_BYTES, max: ERROR_DOCUMENT_BYTES },
        context,
        tooLarge,
      );
      const error = new HttpError(
        status,
        url,
        `HTTP ${status} for ${method} ${url}${errorDetail(document.bytes)}`,
      );
      if (!isRetryableStatus(status)) throw error;
      const after =
        status === 429 || status === 503
          ? parseRetryAfter(response.headers.get("Retry-After"))
          : undefined;
      return after === undefined
        ? { kind: "retry", error }
        : { kind: "retry", error, retryAfterMs: after };
    },
  };
  if (init.body) request.body = init.body;
  return exchange(shared, request, init.signal);
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
