/**
 * A private S3 bucket read from a page on another origin (issue 16, must show 4): the
 * S3 test server (s3rver, SigV4 verified; unsigned requests refused) on one port, the
 * page and the CDN bundle on another. boto3 uploads zarr-python's arrays and sets the
 * bucket's CORS rules (PutBucketCors, the rules the README documents); the page reads
 * every array with credentials and a session token, so each signed request is
 * preceded by a CORS preflight for Authorization, x-amz-date, x-amz-content-sha256,
 * x-amz-security-token (and Range). A wrong secret is a 403 HttpError in the page.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { runBoto3 } from "../s3/boto3.js";
import { ACCESS_KEY, type S3TestServer, SECRET_KEY, startS3Server } from "../s3/s3-server.js";
import { diff, type Target, zarritaTargets } from "./expected-values.js";
import { BUNDLE_PATH, type CountingServer, FIXTURES, ROOT, serve } from "./harness.js";

/** The rule the README documents for browsers (AWS's PutBucketCors JSON). */
function browserCorsRule(origin: string) {
  return {
    AllowedOrigins: [origin],
    AllowedMethods: ["GET", "HEAD", "PUT", "POST", "DELETE"],
    AllowedHeaders: [
      "authorization",
      "range",
      "x-amz-date",
      "x-amz-content-sha256",
      "x-amz-security-token",
      "x-amz-request-payer",
      "content-type",
      "if-match",
      "if-none-match",
    ],
    ExposeHeaders: ["ETag", "Content-Range", "Content-Length"],
    MaxAgeSeconds: 3600,
  };
}

const SIGNING_HEADERS = [
  "authorization",
  "x-amz-content-sha256",
  "x-amz-date",
  "x-amz-security-token",
];

let site: CountingServer;
let s3: S3TestServer;
let dir: string;

test.beforeAll(async () => {
  site = await serve(ROOT);
  s3 = await startS3Server(["private", "narrow"], {
    privateBuckets: ["private", "narrow"],
    logRequests: true,
  });
  dir = mkdtempSync(join(tmpdir(), "zarrkit-s3-cors-"));
  const origin = new URL(site.url).origin;
  // "narrow" allows the origin but not the signing headers
  const narrow = { ...browserCorsRule(origin), AllowedHeaders: ["authorization", "range"] };
  runBoto3(
    s3.endpoint,
    `
for bucket, rule in (("private", ${JSON.stringify(browserCorsRule(origin))}), ("narrow", ${JSON.stringify(narrow)})):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [rule]})
    upload(${JSON.stringify(join(FIXTURES, "zarrita/v3/data.zarr"))}, bucket, "zarrita/v3/data.zarr/")
upload(${JSON.stringify(join(FIXTURES, "zarrita/v2/data.zarr"))}, "private", "zarrita/v2/data.zarr/")
`,
    dir,
  );
});
test.afterAll(async () => {
  await site?.close();
  await s3?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const GOOD: Credentials = {
  accessKeyId: ACCESS_KEY,
  secretAccessKey: SECRET_KEY,
  sessionToken: "FwoGZXIvYXdzEXAMPLEsessionTOKEN/+=",
};

/** Reads targets in the page from `bucket` through S3Store with these credentials. */
async function readInPage(
  page: Page,
  bucket: string,
  targets: Target[],
  credentials: Credentials | undefined,
): Promise<Record<string, { error?: string; status?: number }>> {
  await page.goto(new URL("tests/browser/pages/blank.html", site.url).href);
  return page.evaluate(
    async ([helper, bundle, list, options]) => {
      const { readArrays } = await import(helper);
      return readArrays(bundle, list, options);
    },
    [
      new URL("tests/browser/pages/read-arrays.js", site.url).href,
      new URL(BUNDLE_PATH, site.url).href,
      targets.map((t) => ({ name: t.name, url: `s3://${bucket}/${t.store}`, path: t.path })),
      { endpoint: s3.endpoint, credentials, retries: 0 },
    ] as const,
  );
}

test("reads every zarr-python array of a private bucket on another origin, signed, through CORS preflights", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const targets = zarritaTargets();
  expect(new URL(s3.endpoint).origin).not.toBe(new URL(site.url).origin);
  const results = await readInPage(page, "private", targets, GOOD);
  const failures = targets
    .map((t) => [t.name, diff(results[t.name], t.expected)] as const)
    .filter(([, problem]) => problem !== null)
    .map(([name, problem]) => `${name}: ${problem}`);
  expect(failures, failures.join("\n")).toEqual([]);
  expect(targets.length).toBeGreaterThan(70);
  expect(errors).toEqual([]);

  const origin = new URL(site.url).origin;
  const requests = s3.requests().filter((r) => r.origin === origin);
  const preflights = requests.filter((r) => r.method === "OPTIONS");
  const asked = new Set(preflights.flatMap((r) => (r.requestHeaders ?? "").split(",")));
  expect(preflights.length).toBeGreaterThan(0);
  expect(preflights.every((r) => r.status === 200)).toBe(true);
  for (const name of [...SIGNING_HEADERS, "range"]) expect([...asked]).toContain(name);
  const reads = requests.filter((r) => r.method === "GET");
  expect(reads.length).toBeGreaterThan(targets.length);
  // none refused (404: keys zarr-python did not write, such as empty chunks)
  expect(reads.filter((r) => r.status !== 404 && r.status !== 200 && r.status !== 206)).toEqual([]);
});

test("a wrong secret is a clear 403 HttpError in the page; unsigned reads are refused", async ({
  page,
}) => {
  const [target] = zarritaTargets().filter((t) => t.path.includes("sharded"));
  const wrong = await readInPage(page, "private", [target], { ...GOOD, secretAccessKey: "wrong" });
  expect(wrong[target.name]).toMatchObject({ status: 403 });
  expect(wrong[target.name].error).toMatch(
    /^HttpError: HTTP 403 Forbidden for http:.*access denied \(wrong or expired credentials/,
  );
  const anonymous = await readInPage(page, "private", [target], undefined);
  expect(anonymous[target.name]).toMatchObject({ status: 403 });
  expect(anonymous[target.name].error).toMatch(/^HttpError: HTTP 403 Forbidden/);
});

test("a bucket whose CORS rule leaves out the signing headers fails at the preflight", async ({
  page,
}) => {
  const [target] = zarritaTargets();
  const before = s3.requests().length;
  const result = await readInPage(page, "narrow", [target], GOOD);
  // fetch rejects (TypeError) without a status: a StoreError, not an HttpError
  expect(result[target.name].error).toMatch(
    /^StoreError: GET request failed for .*Failed to fetch/,
  );
  const requests = s3.requests().slice(before);
  // the browser asked, was refused, and never sent the signed request
  expect(requests.filter((r) => r.method === "OPTIONS").map((r) => r.status)).toContain(403);
  expect(requests.filter((r) => r.method === "GET")).toEqual([]);
});

test("writes from the page: conditional create, conflict, and the exposed ETag", async ({
  page,
}) => {
  await page.goto(new URL("tests/browser/pages/blank.html", site.url).href);
  const result = await page.evaluate(
    async ([bundle, endpoint, credentials]) => {
      const zk = await import(bundle);
      const store = new zk.S3Store("s3://private/written", { endpoint, credentials });
      const bytes = new TextEncoder().encode('{"node_type":"group"}');
      const created = await store.setIf("zarr.json", bytes, { ifNoneMatch: "*" });
      const again = await store.setIf("zarr.json", bytes, { ifNoneMatch: "*" });
      const { version } = await store.getVersioned("zarr.json");
      const changed = new TextEncoder().encode('{"node_type":"group","attributes":{"a":1}}');
      const swapped = await store.setIf("zarr.json", changed, { ifMatch: version });
      const stale = await store.setIf("zarr.json", bytes, { ifMatch: version });
      return { created, again, version, swapped, stale };
    },
    [new URL(BUNDLE_PATH, site.url).href, s3.endpoint, GOOD] as const,
  );
  expect(result).toMatchObject({ created: true, again: false, swapped: true, stale: false });
  expect(result.version).toMatch(/^"[0-9a-f]{32}"$/);
});
