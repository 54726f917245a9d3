import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRange, runServe, type StaticServer, startStaticServer } from "./serve.js";

describe("parseRange", () => {
  it("reads the three forms and clamps to the file", () => {
    expect(parseRange("bytes=2-5", 10)).toEqual([2, 5]);
    expect(parseRange("bytes=2-", 10)).toEqual([2, 9]);
    expect(parseRange("bytes=-3", 10)).toEqual([7, 9]);
    expect(parseRange("bytes=-30", 10)).toEqual([0, 9]);
    expect(parseRange("bytes=5-100", 10)).toEqual([5, 9]);
  });
  it("rejects ranges past the end and ignores other forms", () => {
    expect(parseRange("bytes=10-", 10)).toBe("unsatisfiable");
    expect(parseRange("bytes=5-2", 10)).toBe("unsatisfiable");
    expect(parseRange("bytes=0-1,3-4", 10)).toBeUndefined();
    expect(parseRange("items=0-1", 10)).toBeUndefined();
  });
});

describe("startStaticServer", () => {
  let dir: string;
  let server: StaticServer;
  const seen: string[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "zarrkit-serve-"));
    await mkdir(join(dir, "a.zarr"));
    await writeFile(join(dir, "a.zarr", "zarr.json"), '{"zarr_format":3}');
    await writeFile(join(dir, "data.bin"), new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    await writeFile(join(dir, "index.html"), "<p>hi</p>");
    server = await startStaticServer({ root: dir, onRequest: (r) => seen.push(r.path) });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("listens on 127.0.0.1 and serves files with CORS and a content type", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const response = await fetch(new URL("a.zarr/zarr.json", server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ zarr_format: 3 });
    expect(seen).toContain("/a.zarr/zarr.json");
  });

  it("sends COOP/COEP only when asked to isolate pages", async () => {
    const plain = await fetch(new URL("index.html", server.url));
    expect(plain.headers.get("cross-origin-opener-policy")).toBeNull();
    const isolated = await startStaticServer({ root: dir, crossOriginIsolated: true });
    try {
      for (const path of ["index.html", "data.bin", "missing"]) {
        const response = await fetch(new URL(path, isolated.url));
        expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
        expect(response.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
      }
    } finally {
      await isolated.close();
    }
  });

  it("answers byte ranges with 206 and Content-Range, and 416 past the end", async () => {
    const part = await fetch(new URL("data.bin", server.url), { headers: { Range: "bytes=-3" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 7-9/10");
    expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([7, 8, 9]);
    const past = await fetch(new URL("data.bin", server.url), { headers: { Range: "bytes=20-" } });
    expect(past.status).toBe(416);
  });

  it("answers HEAD, preflight, 404 and index.html", async () => {
    const head = await fetch(new URL("data.bin", server.url), { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe("10");
    const preflight = await fetch(server.url, { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Range");
    expect((await fetch(new URL("missing/zarr.json", server.url))).status).toBe(404);
    expect(await (await fetch(server.url)).text()).toBe("<p>hi</p>");
  });

  it("redirects the paths it is given, and only those", async () => {
    const redirecting = await startStaticServer({ root: dir, redirects: { "/": "/a.zarr/" } });
    try {
      const root = await fetch(redirecting.url, { redirect: "manual" });
      expect(root.status).toBe(302);
      expect(root.headers.get("location")).toBe("/a.zarr/");
      const followed = await fetch(new URL("zarr.json", (await fetch(redirecting.url)).url));
      expect(await followed.json()).toEqual({ zarr_format: 3 });
      expect((await fetch(new URL("index.html", redirecting.url))).status).toBe(200);
      const inherited = await fetch(new URL("toString", redirecting.url), { redirect: "manual" });
      expect(inherited.status).toBe(404);
    } finally {
      await redirecting.close();
    }
  });

  it("never serves outside its folder", async () => {
    const response = await fetch(`${server.url}..%2F..%2Fetc%2Fpasswd`);
    expect([403, 404]).toContain(response.status);
  });
});

describe("runServe", () => {
  it("fails with usage errors", async () => {
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (t: string) => err.push(t) };
    expect(await runServe([], io)).toBe(2);
    expect(await runServe([".", "--port", "x"], io)).toBe(2);
    expect(await runServe(["/no/such/folder"], io)).toBe(1);
    expect(err.join("")).toMatch(/needs a DIR[\s\S]*--port[\s\S]*not a folder/);
  });
});
