/**
 * A store over an S3 bucket or any S3-compatible service (MinIO, R2, Ceph, GCS's XML
 * API): reads as FetchStore does them (ranges, coalescing, retries, concurrency, abort),
 * each request signed with AWS Signature V4 when there are credentials; listing by
 * ListObjectsV2; writes by PUT, multipart upload for large values, and conditional
 * writes (setIf) for compare-and-swap.
 */
import type { StoreReadOptions, WriteCondition } from "@zarrkit/core";
import { HttpError, StoreError, ZarrError } from "@zarrkit/core";
import { FetchStore, type FetchStoreOptions } from "./fetch-store.js";
import type { HeadersRequest, HeaderValues, HttpReadResult } from "./http-client.js";
import { normalizeDirPrefix } from "./list-dir.js";
import {
  resolveCredentials,
  type S3CredentialsOption,
  s3OptionsFromEnv,
} from "./s3-credentials.js";
import { listObjectPages } from "./s3-list.js";
import { multipartUpload } from "./s3-multipart.js";
import { presignUrl, sha256Hex, signRequest, UNSIGNED_PAYLOAD } from "./s3-signer.js";
import { bucketBaseUrl, parseBucketUrl, type S3EndpointOptions } from "./s3-url.js";
import { validateKey } from "./store-key.js";
import { encodePath } from "./uri-encoding.js";
import { conditionHeaders, getVersionedOver, type VersionedValue } from "./versioned-value.js";

export interface S3StoreOptions
  extends Omit<FetchStoreOptions, "headers" | "treat403AsMissing" | "credentials">,
    S3EndpointOptions {
  /** Access key, secret and session token, or an async function that returns (refreshed) ones. */
  credentials?: S3CredentialsOption;
  /**
   * Take region, endpoint and credentials not given here from AWS_REGION,
   * AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN
   * (Node; default true).
   */
  useEnvironment?: boolean;
  /** Send x-amz-request-payer: requester (the reader pays for a requester-pays bucket). */
  requesterPays?: boolean;
  /** Extra headers on every request. */
  headers?: HeaderValues;
  /** Values this large or larger are written by multipart upload (default 16 MiB). */
  multipartThreshold?: number;
  /** Part size of multipart uploads (default 8 MiB; S3 needs at least 5 MiB). */
  partSize?: number;
  /** Largest value getVersioned reads (default 256 MiB). */
  maxValueBytes?: number;
  /** Keys per listing page (default 1000) and pages before giving up (default 100,000). */
  listPageSize?: number;
  maxListPages?: number;
  /**
   * Authorises each request instead of SigV4 (GcsStore sends a bearer token this way):
   * the headers to add to a request.
   */
  authorize?: (request: HeadersRequest) => Promise<HeaderValues>;
  /** Whether the service honours If-None-Match / If-Match on writes (default true). */
  conditionalWrites?: boolean;
  /** 403 for a missing key, as a bucket without list rights answers (default false). */
  treat403AsMissing?: boolean;
}

export class S3Store extends FetchStore {
  readonly bucket: string;
  /** The key prefix this store's keys live under ("" or ending in "/"). */
  readonly prefix: string;
  readonly region: string;
  readonly #bucketUrl: string;
  readonly #credentials: S3CredentialsOption | undefined;
  readonly #options: S3StoreOptions;

  /** `url` is "s3://bucket/prefix". */
  constructor(url: string, options: S3StoreOptions = {}) {
    const location = parseBucketUrl(url);
    const env = options.useEnvironment === false ? {} : s3OptionsFromEnv();
    const endpoint: S3EndpointOptions = { region: options.region ?? env.region ?? "us-east-1" };
    const endpointUrl = options.endpoint ?? env.endpoint;
    if (endpointUrl) endpoint.endpoint = endpointUrl;
    if (options.pathStyle !== undefined) endpoint.pathStyle = options.pathStyle;
    const bucketUrl = bucketBaseUrl(location.bucket, endpoint);
    const credentials = options.credentials ?? env.credentials;
    const extra = new Headers(options.headers);
    if (options.requesterPays) extra.set("x-amz-request-payer", "requester");
    const region = endpoint.region as string;
    const { credentials: _credentials, ...fetchOptions } = options;
    super(bucketUrl + encodePath(location.prefix), {
      ...fetchOptions,
      treat403AsMissing: options.treat403AsMissing ?? false,
      headers: async (request: HeadersRequest) => {
        if (!options.authorize) return signedHeaders(request, extra, credentials, region);
        request.headers?.delete("x-amz-content-sha256");
        const headers = new Headers(extra);
        for (const [name, value] of new Headers(await options.authorize(request))) {
          headers.set(name, value);
        }
        return headers;
      },
    });
    this.bucket = location.bucket;
    this.prefix = location.prefix;
    this.region = region;
    this.#bucketUrl = bucketUrl;
    this.#credentials = credentials;
    this.#options = options;
  }

  /** The URL of a key, each segment encoded the way SigV4 canonicalises it. */
  override resolve(key: string): string {
    validateKey(key);
    return this.url + encodePath(key);
  }

  override get(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined> {
    return explain(super.get(key, options));
  }

  override readRange(
    key: string,
    range: Parameters<FetchStore["readRange"]>[1],
    options?: StoreReadOptions,
  ): Promise<HttpReadResult | undefined> {
    return explain(super.readRange(key, range, options));
  }

  override getRanges(
    key: string,
    ranges: Parameters<FetchStore["getRanges"]>[1],
    options?: StoreReadOptions,
  ): Promise<(Uint8Array | undefined)[] | undefined> {
    return explain(super.getRanges(key, ranges, options));
  }

  override has(key: string, options?: StoreReadOptions): Promise<boolean> {
    return explain(super.has(key, options));
  }

  async getSize(key: string, options?: StoreReadOptions): Promise<number | undefined> {
    const head = await explain(this.client.head(this.resolve(key), options?.signal));
    if (!head) return undefined;
    if (head.size === undefined) throw new StoreError(`no Content-Length for ${this.resolve(key)}`);
    return head.size;
  }

  /** Every key under `prefix` (relative to the store), by ListObjectsV2. */
  async *list(prefix = ""): AsyncIterable<string> {
    for await (const page of this.#pages(prefix)) {
      for (const key of page.keys) yield key.slice(this.prefix.length);
    }
  }

  async listDir(prefix: string): Promise<{ keys: string[]; prefixes: string[] }> {
    const dir = normalizeDirPrefix(prefix);
    const keys: string[] = [];
    const prefixes: string[] = [];
    for await (const page of this.#pages(dir, "/")) {
      for (const key of page.keys) keys.push(key.slice(this.prefix.length));
      for (const sub of page.prefixes) prefixes.push(sub.slice(this.prefix.length));
    }
    return { keys: keys.sort(), prefixes: prefixes.sort() };
  }

  #pages(prefix: string, delimiter?: string) {
    if (prefix !== "") validateKey(prefix.replace(/\/$/, ""));
    return listObjectPages(this.client, {
      bucketUrl: this.#bucketUrl,
      prefix: this.prefix + prefix,
      ...(delimiter ? { delimiter } : {}),
      ...(this.#options.listPageSize ? { pageSize: this.#options.listPageSize } : {}),
      ...(this.#options.maxListPages ? { maxPages: this.#options.maxListPages } : {}),
    });
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    await this.#write(key, value, undefined);
  }

  /** False when this store refuses conditional writes (GCS; `conditionalWrites: false`). */
  get conditionalWrites(): boolean {
    return this.#options.conditionalWrites !== false;
  }

  /**
   * Compare-and-swap: writes `value` only if the key's current version (ETag) is
   * `ifMatch`, or, with `ifNoneMatch: "*"`, only if the key does not exist. Resolves
   * false when another writer changed the key first (HTTP 412/409): nothing was
   * written, re-read and retry.
   */
  async setIf(key: string, value: Uint8Array, condition: WriteCondition): Promise<boolean> {
    if (!this.conditionalWrites) {
      throw new ZarrError("unsupported", `conditional writes are not supported by ${this.url}`);
    }
    return (await this.#write(key, value, conditionHeaders(condition))) !== undefined;
  }

  /** The value and its version (ETag), for setIf; undefined when the key is missing. */
  getVersioned(key: string, options?: StoreReadOptions): Promise<VersionedValue | undefined> {
    const maxBytes = this.#options.maxValueBytes ?? 256 * 1024 * 1024;
    return getVersionedOver(this.client, this.resolve(key), maxBytes, options?.signal);
  }

  async delete(key: string): Promise<void> {
    await this.client.send(this.resolve(key), { method: "DELETE", retry: true, accept: [404] });
  }

  /** A URL that lets anyone make this one request (GET by default) until it expires. */
  async presign(
    key: string,
    options: { method?: string; expiresIn?: number } = {},
  ): Promise<string> {
    const credentials = await resolveCredentials(this.#credentials);
    if (!credentials) throw new StoreError("presigning needs credentials");
    return presignUrl({
      method: options.method ?? "GET",
      url: this.resolve(key),
      credentials,
      region: this.region,
      ...(options.expiresIn ? { expiresIn: options.expiresIn } : {}),
    });
  }

  async #write(
    key: string,
    value: Uint8Array,
    conditions: Record<string, string> | undefined,
  ): Promise<string | undefined> {
    const url = this.resolve(key);
    if (value.length >= (this.#options.multipartThreshold ?? 16 * 1024 * 1024)) {
      return multipartUpload({
        client: this.client,
        url,
        body: value,
        partSize: this.#options.partSize ?? 8 * 1024 * 1024,
        ...(conditions ? { conditions } : {}),
      });
    }
    const headers = new Headers(conditions);
    headers.set("x-amz-content-sha256", await sha256Hex(value));
    const response = await this.client.send(url, {
      method: "PUT",
      body: value,
      headers,
      // an unconditional PUT is idempotent; a conditional one must not be retried blindly
      retry: conditions === undefined,
      accept: [409, 412],
    });
    if (response.status === 409 || response.status === 412) return undefined;
    return response.headers.get("ETag") ?? "";
  }
}

/** Signs a request when there are credentials; otherwise sends it anonymously. */
async function signedHeaders(
  request: HeadersRequest,
  extra: Headers,
  option: S3CredentialsOption | undefined,
  region: string,
): Promise<Headers> {
  const credentials = await resolveCredentials(option);
  const headers = new Headers(extra);
  const payloadHash = request.headers?.get("x-amz-content-sha256") ?? UNSIGNED_PAYLOAD;
  if (!credentials) {
    request.headers?.delete("x-amz-content-sha256");
    return headers;
  }
  for (const [name, value] of request.headers ?? []) headers.set(name, value);
  return signRequest({
    method: request.method,
    url: request.url,
    headers,
    payloadHash,
    credentials,
    region,
  });
}

/** A refused request (403) says why it may have been refused. */
async function explain<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof HttpError && error.status === 403) {
      throw new HttpError(
        403,
        error.url,
        `HTTP 403 Forbidden for ${error.url}: access denied (wrong or expired credentials, a wrong region, or no permission for this key)`,
      );
    }
    throw error;
  }
}
