/**
 * The pool against real Web Workers in headless Chromium: the page and the worker
 * entry are bundled by esbuild for the browser (which also proves no `node:` import
 * is reachable from them) and served with COOP/COEP headers, so SharedArrayBuffer
 * is available (crossOriginIsolated). Skipped where /usr/bin/chromium is missing.
 */
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = "/usr/bin/chromium";

async function bundle(file: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(file, import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["source"],
    write: false,
  });
  return result.outputFiles[0].text;
}

describe.skipIf(!existsSync(CHROMIUM))("WorkerPool with Web Workers (Chromium)", () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    const files: Record<string, string> = {
      "/": '<!doctype html><script type="module" src="./page.js"></script>',
      "/page.js": await bundle("./__fixtures__/browser-page.ts"),
      "/worker.js": await bundle("./__fixtures__/browser-worker.ts"),
    };
    server = createServer((request, response) => {
      const body = files[request.url ?? ""];
      response.writeHead(body === undefined ? 404 : 200, {
        "content-type": request.url === "/" ? "text/html" : "text/javascript",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-embedder-policy": "require-corp",
      });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server?.close(resolve)));

  it("runs, transfers, shares, rethrows, survives crashes and aborts", async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction(
        () => {
          const w = window as unknown as { __report?: unknown; __error?: string };
          return w.__report !== undefined || w.__error !== undefined;
        },
        undefined,
        { timeout: 30_000 },
      );
      const { report, error } = await page.evaluate(() => {
        const w = window as unknown as { __report?: unknown; __error?: string };
        return { report: w.__report, error: w.__error };
      });
      expect(error).toBeUndefined();
      expect(report).toMatchObject({
        echo: { ok: true, value: { a: 1 } },
        init: { ok: true, value: { tag: "v1", sum: 5 } },
        sum: { ok: true, value: { total: 6 } },
        detached: true,
        isolated: true,
        sharedAvailable: true,
        sharedIsSab: true,
        sharedValues: [9, 9],
        corrupt: { ok: false, name: "CorruptChunkError", code: "corrupt-chunk", corrupt: true },
        uncaught: { ok: false, code: "worker" },
        unhandled: { ok: false, code: "worker" },
        afterCrash: { ok: true, value: "still here" },
        aborted: { ok: false, code: "aborted" },
        busyRightAfterAbort: 1,
        stats: { replaced: 2, busy: 0, queued: 0 },
      });
      const r = report as Record<string, { message: string; ms: number }> & { defaultSize: number };
      expect(r.uncaught.message).toMatch(/"uncaught".*boom from a timer/);
      expect(r.unhandled.message).toMatch(/"unhandled".*nobody catches this/);
      expect(r.aborted.ms).toBeLessThan(50);
      expect(r.defaultSize).toBeGreaterThanOrEqual(1);
    } finally {
      await browser.close();
    }
  });
});
