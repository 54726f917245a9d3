import type { Store } from "@zarrkit/core";
import { ZarrError } from "@zarrkit/core";
import { AzureBlobStore, type AzureBlobStoreOptions } from "./azure-blob-store.js";
import { FetchStore, type FetchStoreOptions } from "./fetch-store.js";
import { FileSystemStore, type FileSystemStoreOptions } from "./filesystem-store.js";
import { GcsStore, type GcsStoreOptions } from "./gcs-store.js";
import type { HttpLimits } from "./http-limits.js";
import { S3Store, type S3StoreOptions } from "./s3-store.js";
import { ZipStore, type ZipStoreOptions } from "./zip-store.js";

export interface ResolveStoreOptions {
  /**
   * HTTP bounds (idleTimeoutMs, timeoutMs, maxBodyBytes, redirects...) for every store
   * that speaks HTTP: http(s)://, zips over HTTP, s3://, gs:// and Azure. The
   * per-kind options below override them.
   */
  http?: HttpLimits;
  fetch?: FetchStoreOptions;
  fileSystem?: FileSystemStoreOptions;
  zip?: ZipStoreOptions;
  /** For s3:// URLs (region, endpoint, credentials; AWS_* variables fill the rest). */
  s3?: S3StoreOptions;
  /** For gs:// URLs (a bearer token). */
  gcs?: GcsStoreOptions;
  /** For https://ACCOUNT.blob.core.windows.net/... URLs (a SAS token, if not in the URL). */
  azure?: AzureBlobStoreOptions;
}

/**
 * The store for a location: "http(s)://" URLs -> FetchStore, "s3://bucket/prefix" ->
 * S3Store, "gs://bucket/prefix" -> GcsStore, Azure Blob URLs -> AzureBlobStore, "file://" URLs and plain paths ->
 * FileSystemStore (Node), and http(s) or paths ending in ".zip" -> ZipStore.
 * Nothing is read until the store is used.
 */
export function resolveStore(urlOrPath: string, options: ResolveStoreOptions = {}): Store {
  const { http } = options;
  if (/^https?:\/\//i.test(urlOrPath)) {
    const url = new URL(urlOrPath);
    const fetch = { ...http, ...options.fetch };
    if (isZip(url.pathname)) return ZipStore.fromUrl(url, { ...fetch, ...options.zip });
    if (/\.blob\.core\.windows\.net$/i.test(url.hostname)) {
      return new AzureBlobStore(url, { ...fetch, ...options.azure });
    }
    return new FetchStore(url, fetch);
  }
  if (/^s3:\/\//i.test(urlOrPath)) return new S3Store(urlOrPath, { ...http, ...options.s3 });
  if (/^gs:\/\//i.test(urlOrPath)) return new GcsStore(urlOrPath, { ...http, ...options.gcs });
  let path = urlOrPath;
  if (/^file:\/\//i.test(urlOrPath)) {
    path = decodeURIComponent(new URL(urlOrPath).pathname);
  } else if (/^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(urlOrPath)) {
    throw new ZarrError(
      "unsupported",
      `no store for ${urlOrPath}: use an http(s)://, s3://, gs:// or file:// URL, or a path`,
    );
  }
  if (isZip(path)) return ZipStore.fromFile(path, options.zip);
  return new FileSystemStore(path, options.fileSystem);
}

function isZip(path: string): boolean {
  return /\.zip\/?$/i.test(path);
}
