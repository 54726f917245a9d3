/**
 * The bounds every paged listing (S3 ListObjectsV2, Azure List Blobs) lives within, so
 * that a server cannot page us forever: at most `maxPages` pages of at most `pageSize`
 * entries; the listing must move forward (object stores list in byte order, so each
 * page starts after the previous one ended: a server that ignores the continuation
 * token and answers the first page again is caught at once); a token may not repeat the
 * one just used, and empty pages may not run on.
 */
import { StoreError } from "@zarrkit/core";

export interface ListingPage {
  keys: string[];
  prefixes: string[];
  /** The token of the next page; undefined on the last. */
  next?: string;
}

export interface PagedListing {
  /** What is listed, for messages (a URL without secrets). */
  what: string;
  /** Pages before giving up. */
  maxPages: number;
  /** Most entries (keys and prefixes) a page may hold: the page size asked for. */
  pageSize: number;
  fetchPage(token: string | undefined): Promise<ListingPage>;
}

/** Consecutive pages with no entry accepted (S3 directory buckets may send a few). */
export const MAX_EMPTY_PAGES = 1000;
/** Longest continuation token or marker accepted (S3's and Azure's are a few hundred). */
export const MAX_TOKEN_LENGTH = 4096;

/** Yields the pages of a listing in order; StoreError when the server breaks a bound. */
export async function* pagedListing(listing: PagedListing): AsyncGenerator<ListingPage> {
  const { what, maxPages, pageSize } = listing;
  const fail = (why: string) => new StoreError(`listing ${what}: ${why}`);
  let token: string | undefined;
  let last: Uint8Array | undefined;
  let empty = 0;
  for (let page = 0; page < maxPages; page++) {
    const result = await listing.fetchPage(token);
    const entries = result.keys.length + result.prefixes.length;
    if (entries > pageSize) {
      throw fail(`a page holds ${entries} entries, more than the ${pageSize} asked for`);
    }
    const first = extreme(result.keys[0], result.prefixes[0], -1);
    if (first !== undefined && last !== undefined && compareBytes(first, last) <= 0) {
      throw fail(
        `the listing went backwards (a page starts at "${decoder.decode(first)}", after ` +
          `"${decoder.decode(last)}"): the server ignores the continuation token?`,
      );
    }
    const end = extreme(result.keys.at(-1), result.prefixes.at(-1), 1);
    if (end !== undefined) last = end;
    empty = entries === 0 ? empty + 1 : 0;
    yield result;
    const next = result.next;
    if (next === undefined) return;
    if (next === token) throw fail("the server repeats its continuation token");
    if (next.length > MAX_TOKEN_LENGTH) {
      throw fail(`a continuation token of ${next.length} characters`);
    }
    if (empty >= MAX_EMPTY_PAGES) throw fail(`${empty} empty pages in a row`);
    token = next;
  }
  throw fail(`more than ${maxPages} pages`);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The first (`sign` -1) or last (+1) of two names in UTF-8 byte order, the order S3 and Azure list in. */
function extreme(
  a: string | undefined,
  b: string | undefined,
  sign: 1 | -1,
): Uint8Array | undefined {
  const [x, y] = [a, b].map((name) => (name === undefined ? undefined : encoder.encode(name)));
  if (x === undefined || y === undefined) return x ?? y;
  return compareBytes(x, y) * sign >= 0 ? x : y;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
