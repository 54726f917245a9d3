/**
 * ListObjectsV2: every key under a prefix, or one "directory" level (delimiter "/"),
 * following continuation tokens for at most `maxPages` pages, so a server that never
 * stops paging cannot loop us forever.
 */
import { StoreError } from "@zarrkit/core";
import type { HttpClient } from "./http-client.js";
import { queryString } from "./uri-encoding.js";
import { xmlBlocks, xmlText } from "./xml-fields.js";

export interface ListPage {
  keys: string[];
  prefixes: string[];
  nextToken?: string;
}

export interface ListRequest {
  /** The bucket's base URL (ends in "/"). */
  bucketUrl: string;
  prefix: string;
  delimiter?: string;
  /** Keys per page (1..1000; default 1000, S3's maximum). */
  pageSize?: number;
  /** Pages before giving up with a StoreError (default 100,000: 100M keys). */
  maxPages?: number;
  signal?: AbortSignal;
}

/** Yields the pages of a listing in order. */
export async function* listObjectPages(
  client: HttpClient,
  request: ListRequest,
): AsyncGenerator<ListPage> {
  const maxPages = request.maxPages ?? 100_000;
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const url =
      listUrl(request.bucketUrl) +
      queryString({
        "list-type": "2",
        prefix: request.prefix,
        delimiter: request.delimiter,
        "max-keys": request.pageSize === undefined ? undefined : String(request.pageSize),
        "continuation-token": token,
      });
    const response = await client.send(url, {
      method: "GET",
      retry: true,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const result = parseListPage(new TextDecoder().decode(response.body), url);
    for (const key of [...result.keys, ...result.prefixes]) {
      if (!key.startsWith(request.prefix)) {
        throw new StoreError(`listing ${url} returned "${key}", outside the prefix`);
      }
    }
    yield result;
    if (result.nextToken === undefined) return;
    if (result.nextToken === token) throw new StoreError(`listing ${url} repeats its token`);
    token = result.nextToken;
  }
  throw new StoreError(`listing ${request.bucketUrl} took more than ${maxPages} pages`);
}

/** A path-style bucket is listed at ".../bucket", without the slash (as S3 signs it). */
function listUrl(bucketUrl: string): string {
  const url = new URL(bucketUrl);
  return url.pathname === "/" ? url.href : url.href.replace(/\/$/, "");
}

export function parseListPage(xml: string, url: string): ListPage {
  if (!xml.includes("<ListBucketResult")) {
    throw new StoreError(`not a ListObjectsV2 answer from ${url}`);
  }
  const keys = xmlBlocks(xml, "Contents").map((block) => required(xmlText(block, "Key"), url));
  const prefixes = xmlBlocks(xml, "CommonPrefixes").map((block) =>
    required(xmlText(block, "Prefix"), url),
  );
  const page: ListPage = { keys, prefixes };
  if (xmlText(xml, "IsTruncated") === "true") {
    page.nextToken = required(xmlText(xml, "NextContinuationToken"), url);
  }
  return page;
}

function required(value: string | undefined, url: string): string {
  if (value === undefined || value === "") {
    throw new StoreError(`incomplete ListObjectsV2 answer from ${url}`);
  }
  return value;
}
