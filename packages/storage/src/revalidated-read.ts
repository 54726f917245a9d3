import { StoreError } from "@zarrkit/core";
import type { HttpReadResult } from "./http-client.js";
import { versionsMatch } from "./http-validators.js";
import type { PersistentByteCache } from "./persistent-byte-cache.js";
import type { PersistentEntry } from "./persistent-entries.js";

/** A read's answer to a conditional request: the body, or 304 (`notModified`). */
export type RevalidatingResult = (HttpReadResult & { notModified?: boolean }) | undefined;

/**
 * One GET through a persistent cache. A kept version is served without a request only
 * when the caller asks for exactly that version (`ifVersion`, as shard reads do once the
 * shard's index was read, and revalidated); otherwise it is revalidated: the request
 * carries If-None-Match / If-Modified-Since and only a 304 naming the same version
 * serves it. Any other answer replaces or drops it.
 *
 * `read(revalidate)` sends the request, conditional on `revalidate` when given.
 */
export async function readRevalidated(
  cache: PersistentByteCache,
  id: string,
  ifVersion: string | undefined,
  read: (revalidate: string | undefined) => Promise<RevalidatingResult>,
): Promise<HttpReadResult | undefined> {
  const kept = await cache.lookup(id);
  if (kept && ifVersion !== undefined && kept.version === ifVersion) {
    cache.stats.hits++;
    return resultOf(kept);
  }
  if (kept && ifVersion === undefined) {
    const answer = await read(kept.version);
    if (answer?.notModified && versionsMatch(kept.version, answer.version)) {
      cache.stats.notModified++;
      return resultOf(kept);
    }
    cache.stats.changed++;
    // a 304 for another version than ours: ask again, unconditionally
    const fresh = answer?.notModified ? await read(undefined) : answer;
    return remember(cache, id, fresh);
  }
  if (kept) cache.stats.changed++;
  else cache.stats.misses++;
  return remember(cache, id, await read(undefined));
}

function remember(
  cache: PersistentByteCache,
  id: string,
  result: RevalidatingResult,
): HttpReadResult | undefined {
  if (result?.notModified) {
    // only a conditional request may be answered 304 (HttpClient refuses it otherwise)
    throw new StoreError(`${id}: HTTP 304 to an unconditional request`);
  }
  if (result?.version === undefined) cache.forget(id);
  else cache.keep(id, { bytes: result.bytes, version: result.version, ...sizeOf(result) });
  return result;
}

function resultOf(entry: PersistentEntry): HttpReadResult {
  const result: HttpReadResult = { bytes: entry.bytes, version: entry.version };
  if (entry.size !== undefined) result.size = entry.size;
  return result;
}

function sizeOf(result: HttpReadResult): { size?: number } {
  return result.size === undefined ? {} : { size: result.size };
}
