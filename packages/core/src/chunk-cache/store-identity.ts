/**
 * What makes two stores "the same storage" for the chunk cache and the scheduler: a
 * store with a `url` (FetchStore, ZipStore over HTTP) is its URL, so two opens of one
 * address share cached chunks; any other store is itself. Requests are limited per
 * origin for URL stores, per store otherwise.
 */
import type { Store } from "../store.js";

const ids = new WeakMap<object, string>();
let next = 0;

export function storeIdentity(store: Store): string {
  const url = (store as { url?: unknown }).url;
  if (typeof url === "string") return `url:${url}`;
  let id = ids.get(store);
  if (id === undefined) {
    id = `store:${next++}`;
    ids.set(store, id);
  }
  return id;
}

/** The scheduler pool of a store's requests: its URL's origin, or the store itself. */
export function storePool(store: Store): string {
  const url = (store as { url?: unknown }).url;
  if (typeof url === "string") {
    try {
      return new URL(url).origin;
    } catch {
      // not an absolute URL: the store is its own pool
    }
  }
  return storeIdentity(store);
}
