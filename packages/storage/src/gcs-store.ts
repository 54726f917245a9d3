/**
 * Google Cloud Storage: "gs://bucket/prefix" through GCS's XML API at
 * https://storage.googleapis.com, which speaks the S3 protocol for everything zarrkit
 * uses (ranged GET, HEAD, ListObjectsV2 with list-type=2, PUT, DELETE, multipart
 * uploads). Public buckets need nothing; private ones an OAuth2 bearer token (e.g.
 * `gcloud auth print-access-token`), fixed or from a function that refreshes it.
 * Conditional writes are refused (GCS's XML API conditions on generations, not ETags).
 */
import { StoreError } from "@zarrkit/core";
import type { HeaderValues } from "./http-client.js";
import { S3Store, type S3StoreOptions } from "./s3-store.js";

export interface GcsStoreOptions
  extends Omit<
    S3StoreOptions,
    | "credentials"
    | "region"
    | "pathStyle"
    | "requesterPays"
    | "authorize"
    | "conditionalWrites"
    | "useEnvironment"
  > {
  /** An OAuth2 access token, or a function returning a fresh one (undefined: anonymous). */
  token?: string | (() => Promise<string | undefined>);
  /** Default https://storage.googleapis.com (an emulator's URL in tests). */
  endpoint?: string;
}

export class GcsStore extends S3Store {
  constructor(url: string, options: GcsStoreOptions = {}) {
    if (!/^gs:\/\//i.test(url)) throw new StoreError(`GcsStore needs a gs:// URL, got ${url}`);
    const { token, ...rest } = options;
    super(`s3://${url.slice(5)}`, {
      ...rest,
      endpoint: options.endpoint ?? "https://storage.googleapis.com",
      pathStyle: true,
      useEnvironment: false,
      conditionalWrites: false,
      authorize: async (): Promise<HeaderValues> => {
        const value = typeof token === "function" ? await token() : token;
        if (value === undefined) return {};
        if (typeof value !== "string" || !/^[\x21-\x7e]+$/.test(value)) {
          throw new StoreError("a GCS token must be a non-empty printable string");
        }
        return { Authorization: `Bearer ${value}` };
      },
    });
  }
}
