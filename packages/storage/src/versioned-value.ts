/**
 * The compare-and-swap pieces object stores share: reading a value with its ETag, and
 * the HTTP precondition headers of a WriteCondition.
 */
import { StoreError, type WriteCondition } from "@zarrkit/core";
import type { HttpClient } from "./http-client.js";

/** A value and the version (ETag) it was read at, for compare-and-swap. */
export interface VersionedValue {
  value: Uint8Array;
  version: string;
}

/** GETs `url` whole (at most `maxBytes`) with its ETag; undefined on 404. */
export async function getVersionedOver(
  client: HttpClient,
  url: string,
  maxBytes: number,
  signal: AbortSignal | undefined,
): Promise<VersionedValue | undefined> {
  const response = await client.send(url, {
    method: "GET",
    retry: true,
    accept: [404],
    maxResponseBytes: maxBytes,
    ...(signal ? { signal } : {}),
  });
  if (response.status === 404) return undefined;
  const version = response.headers.get("ETag");
  if (!version) throw new StoreError(`no ETag for ${url} (CORS must expose ETag)`);
  return { value: response.body, version };
}

export function conditionHeaders(condition: WriteCondition): Record<string, string> {
  return "ifMatch" in condition
    ? { "If-Match": condition.ifMatch }
    : { "If-None-Match": condition.ifNoneMatch };
}
