/**
 * Where a node is, for messages: its URL when the store is at one (FetchStore's `url`),
 * its folder when it is in one (FileSystemStore's `root`), else its path in the store.
 * "no array at https://host/data.zarr/temp" says which server and which array.
 */
import type { Store } from "./store.js";

export function nodeLocation(store: Store, path: string): string {
  const { url, root } = store as { url?: unknown; root?: unknown };
  const base = typeof url === "string" ? url : typeof root === "string" ? root : undefined;
  if (base === undefined) return path === "" ? "the store root" : `'${path}'`;
  if (path === "") return base;
  return `${base.endsWith("/") ? base : `${base}/`}${path}`;
}
