/**
 * Where an S3 bucket is: "s3://bucket/prefix" parsed, and the HTTPS base URL for it,
 * virtual-hosted ("https://bucket.s3.region.amazonaws.com/") on AWS or path-style
 * ("https://endpoint/bucket/") on an S3-compatible endpoint (MinIO, R2, Ceph...).
 */
import { StoreError } from "@zarrkit/core";
import { encodePath } from "./uri-encoding.js";

export interface S3Location {
  bucket: string;
  /** The key prefix under which the store's keys live: "" or ending in "/". */
  prefix: string;
}

export interface S3EndpointOptions {
  /** AWS region (default us-east-1). */
  region?: string;
  /** An S3-compatible endpoint, e.g. "https://ACCOUNT.r2.cloudflarestorage.com". */
  endpoint?: string;
  /**
   * Path-style URLs (endpoint/bucket/key). Default: true with a custom endpoint, and for
   * bucket names that cannot be a host name (dots break TLS); false on AWS.
   */
  pathStyle?: boolean;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses "s3://bucket/prefix" (or "gs://..."); the prefix gains a trailing "/". */
export function parseBucketUrl(url: string): S3Location {
  const match = /^([a-z0-9]+):\/\/([^/?#]+)\/?([^?#]*)$/i.exec(url);
  if (!match) throw new StoreError(`not a bucket URL (scheme://bucket/prefix): ${url}`);
  const bucket = match[2] as string;
  if (!BUCKET.test(bucket)) throw new StoreError(`invalid bucket name "${bucket}" in ${url}`);
  let prefix = decodeURIComponentSafe(match[3] as string, url).replace(/^\/+/, "");
  if (prefix !== "" && !prefix.endsWith("/")) prefix += "/";
  if (prefix.split("/").some((part) => part === "." || part === "..")) {
    throw new StoreError(`"." and ".." are not allowed in ${url}`);
  }
  return { bucket, prefix };
}

/** The URL that keys of the bucket resolve below (ends in "/"); listing uses it too. */
export function bucketBaseUrl(bucket: string, options: S3EndpointOptions = {}): string {
  const region = options.region ?? "us-east-1";
  if (!BUCKET.test(bucket)) throw new StoreError(`invalid bucket name "${bucket}"`);
  if (options.endpoint) {
    let endpoint: URL;
    try {
      endpoint = new URL(options.endpoint);
    } catch (error) {
      throw new StoreError(`invalid S3 endpoint ${options.endpoint}`, { cause: error });
    }
    if (endpoint.protocol !== "https:" && endpoint.protocol !== "http:") {
      throw new StoreError(`S3 endpoint must be http(s): ${options.endpoint}`);
    }
    const path = endpoint.pathname.replace(/\/+$/, "");
    if (options.pathStyle ?? true) {
      return `${endpoint.protocol}//${endpoint.host}${path}/${encodePath(bucket)}/`;
    }
    return `${endpoint.protocol}//${bucket}.${endpoint.host}${path}/`;
  }
  if (!/^[a-z0-9-]{1,40}$/.test(region)) throw new StoreError(`invalid AWS region "${region}"`);
  const host = `s3.${region}.amazonaws.com`;
  const pathStyle = options.pathStyle ?? bucket.includes(".");
  return pathStyle ? `https://${host}/${bucket}/` : `https://${bucket}.${host}/`;
}

function decodeURIComponentSafe(text: string, url: string): string {
  try {
    return decodeURIComponent(text);
  } catch (error) {
    throw new StoreError(`invalid percent-encoding in ${url}`, { cause: error });
  }
}
