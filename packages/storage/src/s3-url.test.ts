import { StoreError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { s3OptionsFromEnv } from "./s3-credentials.js";
import { parseListPage } from "./s3-list.js";
import { bucketBaseUrl, parseBucketUrl } from "./s3-url.js";
import { encodePath, queryString } from "./uri-encoding.js";

describe("bucket URLs", () => {
  it("parses s3://bucket/prefix", () => {
    expect(parseBucketUrl("s3://my-bucket")).toEqual({ bucket: "my-bucket", prefix: "" });
    expect(parseBucketUrl("s3://my-bucket/")).toEqual({ bucket: "my-bucket", prefix: "" });
    expect(parseBucketUrl("s3://my-bucket/a/b.zarr")).toEqual({
      bucket: "my-bucket",
      prefix: "a/b.zarr/",
    });
    expect(parseBucketUrl("gs://b.c/x%20y/")).toEqual({ bucket: "b.c", prefix: "x y/" });
    for (const bad of [
      "s3://",
      "s3://UPPER/x",
      "s3://a/../x",
      "s3://ab/x?y",
      "s3://a_b/x",
      "s3://ab/%zz",
    ]) {
      expect(() => parseBucketUrl(bad), bad).toThrow(StoreError);
    }
  });

  it("builds virtual-hosted and path-style base URLs", () => {
    expect(bucketBaseUrl("data")).toBe("https://data.s3.us-east-1.amazonaws.com/");
    expect(bucketBaseUrl("data", { region: "eu-west-1" })).toBe(
      "https://data.s3.eu-west-1.amazonaws.com/",
    );
    expect(bucketBaseUrl("data", { pathStyle: true })).toBe(
      "https://s3.us-east-1.amazonaws.com/data/",
    );
    // dots break TLS host names: path-style
    expect(bucketBaseUrl("my.data")).toBe("https://s3.us-east-1.amazonaws.com/my.data/");
    expect(bucketBaseUrl("data", { endpoint: "http://127.0.0.1:9000" })).toBe(
      "http://127.0.0.1:9000/data/",
    );
    expect(
      bucketBaseUrl("data", {
        endpoint: "https://acct.r2.cloudflarestorage.com/",
        pathStyle: false,
      }),
    ).toBe("https://data.acct.r2.cloudflarestorage.com/");
    expect(() => bucketBaseUrl("data", { endpoint: "ftp://x" })).toThrow(StoreError);
    expect(() => bucketBaseUrl("data", { region: "us-east-1/../x" })).toThrow(StoreError);
  });

  it("encodes keys and queries the way SigV4 canonicalises them", () => {
    expect(encodePath("a b/c(1)!*'~.json")).toBe("a%20b/c%281%29%21%2A%27~.json");
    expect(queryString({ "list-type": "2", prefix: "a/b+c", token: undefined, uploads: "" })).toBe(
      "?list-type=2&prefix=a%2Fb%2Bc&uploads",
    );
  });
});

describe("AWS environment variables", () => {
  it("reads region, endpoint and credentials; none is anonymous", () => {
    expect(s3OptionsFromEnv({})).toEqual({});
    expect(
      s3OptionsFromEnv({
        AWS_ACCESS_KEY_ID: "id",
        AWS_SECRET_ACCESS_KEY: "secret",
        AWS_SESSION_TOKEN: "tok",
        AWS_REGION: "ap-south-1",
        AWS_ENDPOINT_URL: "http://minio:9000",
      }),
    ).toEqual({
      region: "ap-south-1",
      endpoint: "http://minio:9000",
      credentials: { accessKeyId: "id", secretAccessKey: "secret", sessionToken: "tok" },
    });
    expect(s3OptionsFromEnv({ AWS_DEFAULT_REGION: "eu-north-1" })).toEqual({
      region: "eu-north-1",
    });
    expect(() => s3OptionsFromEnv({ AWS_ACCESS_KEY_ID: "id" })).toThrow(/must be set together/);
  });
});

describe("ListObjectsV2 answers", () => {
  const page = (body: string) =>
    `<?xml version="1.0"?><ListBucketResult>${body}</ListBucketResult>`;

  it("reads keys, common prefixes and the continuation token, decoding entities", () => {
    const result = parseListPage(
      page(
        "<IsTruncated>true</IsTruncated><NextContinuationToken>a+b/c=</NextContinuationToken>" +
          "<Contents><Key>p/a&amp;b&#x3c;.json</Key><Size>1</Size></Contents>" +
          "<CommonPrefixes><Prefix>p/sub/</Prefix></CommonPrefixes>",
      ),
      "u",
    );
    expect(result).toEqual({ keys: ["p/a&b<.json"], prefixes: ["p/sub/"], next: "a+b/c=" });
  });

  it("refuses malformed or incomplete answers with a StoreError", () => {
    for (const bad of [
      "<html>not a listing</html>",
      page("<Contents><Key>unclosed"),
      page("<Contents><Size>1</Size></Contents>"),
      page("<IsTruncated>true</IsTruncated>"),
      page("<Contents><Key><b>x</b></Key></Contents>"),
    ]) {
      expect(() => parseListPage(bad, "u"), bad).toThrow(StoreError);
    }
  });
});
