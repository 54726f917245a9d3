/**
 * Object stores' own requests (send(): PUT, DELETE, listing, getVersioned) have the
 * guarantees of reads (issue 13 items 4, 9, 10): a redirect never carries a signature,
 * session token or body to another origin; a stalled or dripping answer fails with
 * HttpTimeoutError; an endless body or listing stops with a typed error. Each test
 * failed on the code before send() shared the read path (noted per test).
 */
import { HttpError, StoreError } from "@zarrkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostileServer, stream } from "./hostile-server.test-helper.js";
import { HttpTimeoutError, ResponseTooLargeError } from "./http-errors.js";
import { S3Store, type S3StoreOptions } from "./s3-store.js";

const home = new HostileServer();
const elsewhere = new HostileServer(); // another port: another origin
const credentials = { accessKeyId: "AKID", secretAccessKey: "SECRET", sessionToken: "TOKEN" };

beforeAll(async () => {
  await home.start();
  await elsewhere.start();
});
afterAll(async () => {
  await home.stop();
  await elsewhere.stop();
});

const s3 = (options: S3StoreOptions = {}) =>
  new S3Store("s3://bucket/root", {
    endpoint: home.url,
    pathStyle: true,
    credentials,
    useEnvironment: false,
    baseDelayMs: 1,
    maxDelayMs: 2,
    ...options,
  });

const LIST_PAGE = (keys: string[], token?: string) =>
  `<ListBucketResult>${keys.map((k) => `<Contents><Key>${k}</Key></Contents>`).join("")}` +
  `<IsTruncated>${token !== undefined}</IsTruncated>` +
  (token === undefined ? "" : `<NextContinuationToken>${token}</NextContinuationToken>`) +
  "</ListBucketResult>";

async function drain(keys: AsyncIterable<string>): Promise<unknown> {
  try {
    for await (const _ of keys) {
    }
  } catch (error) {
    return error;
  }
}

/** Every header whose name says it identifies the caller. */
function secrets(headers: Record<string, unknown>): string[] {
  return Object.keys(headers).filter((name) => /^(authorization|x-amz-)/i.test(name));
}

/** `home` redirects every request to `elsewhere`, which answers `answer`. */
function redirectingAway(status: number, answer: string): void {
  home.reset((req, res) => {
    res.writeHead(status, { Location: `${elsewhere.url}${req.url}` }).end();
  });
  elsewhere.reset((req, res) => {
    req.resume();
    res.writeHead(200, { ETag: '"e"' }).end(answer);
  });
}

describe("redirects of signed object-store requests", () => {
  it("a signed GET and LIST followed to another origin carry no signature or token (old code: x-amz-security-token leaked)", async () => {
    redirectingAway(302, LIST_PAGE(["root/a"]));
    const store = s3();
    expect(await store.getVersioned("a")).toMatchObject({ version: '"e"' });
    expect(await drain(store.list())).toBeUndefined();
    expect(secrets(home.requests[0]?.headers ?? {})).toContain("x-amz-security-token");
    expect(elsewhere.requests.map((r) => r.method)).toEqual(["GET", "GET"]);
    for (const request of elsewhere.requests) expect(secrets(request.headers)).toEqual([]);
  });

  it('"same-origin" refuses them outright', async () => {
    redirectingAway(302, LIST_PAGE([]));
    const error = await drain(s3({ redirects: "same-origin" }).list());
    expect(error).toBeInstanceOf(HttpError);
    expect(String(error)).toMatch(/another origin/);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("a PUT or DELETE is never sent to another origin, even on a 307 (old code: body and headers sent)", async () => {
    redirectingAway(307, "");
    const store = s3({ retries: 0 });
    const put = await store.set("a", new TextEncoder().encode("private")).catch((e) => e);
    expect(put).toBeInstanceOf(HttpError);
    expect(String(put)).toMatch(/another origin: a PUT goes only to/);
    const del = await store.delete("a").catch((e) => e);
    expect(del).toBeInstanceOf(HttpError);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("a PUT follows a 307 within its origin, signed again for the new URL", async () => {
    home.reset((req, res) => {
      req.resume();
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (path === "/bucket/root/a") return void res.writeHead(307, { Location: "/moved" }).end();
      res.writeHead(200, { ETag: '"new"' }).end();
    });
    await s3().set("a", new TextEncoder().encode("v"));
    expect(home.requests.map((r) => [r.method, r.path])).toEqual([
      ["PUT", "/bucket/root/a"],
      ["PUT", "/moved"],
    ]);
    const [first, second] = home.requests.map((r) => String(r.headers.authorization));
    expect(second).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(second).not.toBe(first); // a signature covers the path
  });
});

describe("stalls and endless answers of object-store requests", () => {
  it("a listing that never answers fails with HttpTimeoutError (old code: hung)", async () => {
    home.reset(() => {}); // accept, never answer
    const error = await drain(s3({ idleTimeoutMs: 150, retries: 1 }).list());
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(error).toMatchObject({ kind: "idle", timeoutMs: 150 });
    expect(home.requests).toHaveLength(2);
  }, 20_000);

  it("a listing that drips its body fails with HttpTimeoutError (old code: hung)", async () => {
    home.reset((_req, res) => {
      res.writeHead(200);
      const tick = () => {
        if (res.destroyed) return;
        res.write("<ListBucketResult>".slice(0, 1));
        home.later(20, tick);
      };
      tick();
    });
    const error = await drain(s3({ idleTimeoutMs: 150, retries: 0 }).list());
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(String(error)).toMatch(/minimum transfer rate/);
  }, 20_000);

  it("a PUT that is never answered fails with HttpTimeoutError, not retried when conditional (old code: hung)", async () => {
    home.reset((req) => void req.resume());
    const store = s3({ idleTimeoutMs: 150, retries: 1 });
    const error = await store.setIf("a", new Uint8Array(10), { ifNoneMatch: "*" }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(home.requests).toHaveLength(1);
  }, 20_000);

  it("the deadline (timeoutMs) bounds a stalled DELETE with its retries (old code: hung)", async () => {
    home.reset(() => {});
    const error = await s3({ idleTimeoutMs: 0, timeoutMs: 200 })
      .delete("a")
      .catch((e) => e);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(error).toMatchObject({ kind: "deadline" });
  }, 20_000);

  it("an endless listing body stops at the response bound with ResponseTooLargeError", async () => {
    home.reset((_req, res) => {
      res.writeHead(200);
      res.write("<ListBucketResult>");
      stream(res, Number.POSITIVE_INFINITY);
    });
    const error = await drain(s3({ retries: 3 }).list());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(String(error)).toMatch(/maxResponseBytes/);
    expect(home.requests).toHaveLength(1); // not retried
  }, 20_000);

  it("reads only the start of an endless error document (old code: read 16 MiB of it)", async () => {
    const server = await new HostileServer().start(); // its own byte count
    try {
      server.reset((_req, res) => {
        res.writeHead(400);
        res.write("<Error><Code>Hostile</Code><Message>endless</Message></Error>");
        stream(res, Number.POSITIVE_INFINITY);
      });
      const error = await s3({ endpoint: server.url })
        .delete("a")
        .catch((e) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect(String(error)).toMatch(/HTTP 400 for DELETE .*: Hostile \(endless\)/);
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the socket close
      expect(server.bytesWritten).toBeLessThan(4 * 1024 * 1024);
    } finally {
      await server.stop();
    }
  }, 20_000);

  it("a list that never ends (the first page again, with a new token) stops at page 2 (old code: 100,000 pages)", async () => {
    let pages = 0;
    home.reset((_req, res) => {
      pages++;
      res.writeHead(200).end(LIST_PAGE(["root/a", "root/b"], `token-${pages}`));
    });
    const error = await drain(s3().list());
    expect(error).toBeInstanceOf(StoreError);
    expect(String(error)).toMatch(/went backwards.*ignores the continuation token/);
    expect(pages).toBe(2);
  }, 20_000);
});
