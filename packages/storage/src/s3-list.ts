/**
 * ListObjectsV2: every key under a prefix, or one "directory" level (delimiter "/"),
 * following continuation tokens within the bounds of paged-listing.ts, so a server that
 * never stops paging cannot loop us forever.
 */
import { StoreError } from "@zarrkit/core";
import type { HttpClient } from "./http-client.js";
import { type ListingPage, pagedListing } from "./paged-listing.js";
import { queryString } from "./uri-encoding.js";
import { xmlBlocks, xmlText } from "./xml-fields.js";

/** S3's largest page, and its default. */
const S3_MAX_KEYS = 1000;

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

/** Yields the pages of a listing in order, within the bounds of pagedListing. */
export function listObjectPages(
  client: HttpClient,
  request: ListRequest,
): AsyncGenerator<ListingPage> {
  const pageSize = request.pageSize ?? S3_MAX_KEYS;
  return pagedListing({
    what: listUrl(request.bucketUrl),
    maxPages: request.maxPages ?? 100_000,
    pageSize,
    fetchPage: async (token) => {
      const url =
        listUrl(request.bucketUrl) +
        queryString({
          "list-type": "2",
          prefix: request.prefix,
          delimiter: request.delimiter,
          "max-keys": request.pageSize === undefined ? undefined : String(pageSize),
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
      return result;
    },
  });
}

/** A path-style bucket is listed at ".../bucket", without the slash (as S3 signs it). */
function listUrl(bucketUrl: string): string {
  const url = new URL(bucketUrl);
  return url.pathname === "/" ? url.href : url.href.replace(/\/$/, "");
}

export function parseListPage(xml: string, url: string): ListingPage {
  if (!xml.includes("<ListBucketResult")) {
    throw new StoreError(`not a ListObjectsV2 answer from ${url}`);
  }
  const keys = xmlBlocks(xml, "Contents").map((block) => required(xmlText(block, "Key"), url));
  const prefixes = xmlBlocks(xml, "CommonPrefixes").map((block) =>
    required(xmlText(block, "Prefix"), url),
  );
  const page: ListingPage = { keys, prefixes };
  if (xmlText(xml, "IsTruncated") === "true") {
    page.next = required(xmlText(xml, "NextContinuationToken"), url);
  }
  return page;
}

function required(value: string | undefined, url: string): string {
  if (value === undefined || value === "") {
    throw new StoreError(`incomplete ListObjectsV2 answer from ${url}`);
  }
  return value;
}
