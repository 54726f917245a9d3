import type { Store } from "@zarrkit/core";
import { ZarrError } from "@zarrkit/core";
import { FetchStore, type FetchStoreOptions } from "./fetch-store.js";
import { FileSystemStore, type FileSystemStoreOptions } from "./filesystem-store.js";
import { ZipStore, type ZipStoreOptions } from "./zip-store.js";

export interface ResolveStoreOptions {
  fetch?: FetchStoreOptions;
  fileSystem?: FileSystemStoreOptions;
  zip?: ZipStoreOptions;
}

/**
 * The store for a location: "http(s)://" URLs -> FetchStore, "file://" URLs and plain
 * paths -> FileSystemStore (Node), and either kind ending in ".zip" -> ZipStore.
 * Nothing is read until the store is used.
 */
export function resolveStore(urlOrPath: string, options: ResolveStoreOptions = {}): Store {
  if (/^https?:\/\//i.test(urlOrPath)) {
    const url = new URL(urlOrPath);
    if (isZip(url.pathname)) return ZipStore.fromUrl(url, { ...options.fetch, ...options.zip });
    return new FetchStore(url, options.fetch);
  }
  let path = urlOrPath;
  if (/^file:\/\//i.test(urlOrPath)) {
    path = decodeURIComponent(new URL(urlOrPath).pathname);
  } else if (/^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(urlOrPath)) {
    throw new ZarrError(
      "unsupported",
      `no store for ${urlOrPath}: use an http(s):// or file:// URL, or a path`,
    );
  }
  if (isZip(path)) return ZipStore.fromFile(path, options.zip);
  return new FileSystemStore(path, options.fileSystem);
}

function isZip(path: string): boolean {
  return /\.zip\/?$/i.test(path);
}
