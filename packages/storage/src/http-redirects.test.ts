/**
 * Redirects keep the caller's headers on the origin asked for (issue 13 item 4): fetch
 * alone forwards every custom header (API keys) to wherever a 3xx points.
 */
import { HttpError } from "@zarrkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchStore, type FetchStoreOptions } from "./fetch-store.js";
import { HostileServer } from "./hostile-server.test-helper.js";
import { HttpClient } from "./http-client.js";

const home = new HostileServer();
const elsewhere = new HostileServer(); // another port: another origin
const SECRET = { "X-Api-Key": "secret", Authorization: "Bearer secret" };
const fast: FetchStoreOptions = { baseDelayMs: 1, maxDelayMs: 2, headers: SECRET };

beforeAll(async () => {
  await home.start();
  await elsewhere.start();
  elsewhere.handler = (_req, res) => void res.writeHead(200).end("payload");
});
afterAll(async () => {
  await home.stop();
  await elsewhere.stop();
});

/** `home` answers /data/* with a redirect to `location(path)`, and /final with the payload. */
function redirecting(location: (path: string) => string, status = 302): void {
  home.reset((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/final") return void res.writeHead(200).end("payload");
    res.writeHead(status, { Location: location(path) }).end();
  });
  elsewhere.requests.length = 0;
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe("redirects", () => {
  it("sends no custom header to another origin (fails on the old code: X-Api-Key leaked)", async () => {
    redirecting(() => `${elsewhere.url}/stolen`);
    const store = new FetchStore(`${home.url}/data`, fast);
    expect(text(await store.get("a"))).toBe("payload");
    expect(home.requests[0]?.headers["x-api-key"]).toBe("secret");
    expect(elsewhere.requests).toHaveLength(1);
    expect(elsewhere.requests[0]?.headers["x-api-key"]).toBeUndefined();
    expect(elsewhere.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("keeps headers on redirects within the origin, asking a header function per URL", async () => {
    redirecting(() => "/final", 307);
    const asked: string[] = [];
    const store = new FetchStore(`${home.url}/data`, {
      ...fast,
      headers: ({ url }) => {
        asked.push(new URL(url).pathname);
        return SECRET;
      },
    });
    expect(text(await store.get("a"))).toBe("payload");
    expect(home.requests.map((r) => [r.path, r.headers["x-api-key"]])).toEqual([
      ["/data/a", "secret"],
      ["/final", "secret"],
    ]);
    expect(asked).toEqual(["/data/a", "/final"]);
  });

  it('refuses another origin with redirects: "same-origin", and every redirect with "error"', async () => {
    redirecting(() => `${elsewhere.url}/x`);
    const sameOrigin = new FetchStore(`${home.url}/data`, { ...fast, redirects: "same-origin" });
    await expect(sameOrigin.get("a")).rejects.toThrow(/another origin/);
    await expect(sameOrigin.get("a")).rejects.toBeInstanceOf(HttpError);
    redirecting(() => "/final");
    const never = new FetchStore(`${home.url}/data`, { ...fast, redirects: "error" });
    await expect(never.get("a")).rejects.toThrow(/redirects: "error"/);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("bounds the chain (fails on the old code: fetch followed 6 hops)", async () => {
    home.reset((req, res) => {
      const hop = Number(new URL(req.url ?? "/", "http://x").searchParams.get("hop") ?? 0);
      if (hop >= 6) return void res.writeHead(200).end("payload");
      res.writeHead(302, { Location: `/data/a?hop=${hop + 1}` }).end();
    });
    const error = await new FetchStore(`${home.url}/data`, fast).get("a").catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(String(error)).toMatch(/more than 5 redirects/);
    expect(home.requests).toHaveLength(6); // the first request and 5 hops, no retries
    const longer = new FetchStore(`${home.url}/data`, { ...fast, maxRedirects: 6 });
    expect(text(await longer.get("a"))).toBe("payload");
  });

  it("never follows to other schemes, user:password URLs or downgrades (old code: retried TypeErrors)", async () => {
    for (const target of ["file:///etc/passwd", "data:,x", "ftp://127.0.0.1/x"]) {
      redirecting(() => target);
      const error = await new FetchStore(`${home.url}/data`, fast).get("a").catch((e) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect(String(error)).toMatch(/is not http\(s\)/);
      expect(home.requests).toHaveLength(1);
    }
    redirecting(() => `http://user:pw@127.0.0.1:1/x`);
    await expect(new FetchStore(`${home.url}/data`, fast).get("a")).rejects.toThrow(/password/);
    // https -> http, through a fetch that plays both servers
    const fetch = async (url: string) =>
      url.startsWith("https:")
        ? new Response(null, { status: 301, headers: { Location: "http://example.org/a" } })
        : new Response("plain");
    const client = new HttpClient({ fetch });
    await expect(client.read("https://example.org/a")).rejects.toThrow(/downgrade/);
  });

  it("in a browser (opaque redirects), asks again without headers and checks where it ended", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch = async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      if (init.redirect === "manual") {
        // what a browser gives for redirect: "manual": status 0, no Location
        const opaque = new Response(null, { status: 200 });
        Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
        return opaque;
      }
      const followed = new Response("payload");
      Object.defineProperty(followed, "redirected", { value: true });
      Object.defineProperty(followed, "url", { value: "https://cdn.example.net/a" });
      return followed;
    };
    const options = { fetch, headers: SECRET, credentials: "include" as const };
    const result = await new HttpClient(options).read("https://data.example.org/a");
    expect(text(result?.bytes)).toBe("payload");
    expect(calls.map((c) => c.init.redirect)).toEqual(["manual", "follow"]);
    expect(new Headers(calls[1]?.init.headers).get("X-Api-Key")).toBeNull();
    expect(calls[1]?.init.credentials).toBe("same-origin");
    const strict = new HttpClient({ ...options, redirects: "same-origin" });
    await expect(strict.read("https://data.example.org/a")).rejects.toThrow(/another origin/);
  });
});
