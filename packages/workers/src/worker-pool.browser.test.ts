/**
 * The pool against real Web Workers in headless Chromium: the page and the worker
 * entry are bundled by esbuild for the browser (which also proves no `node:` import
 * is reachable from them) and served with COOP/COEP headers, so SharedArrayBuffer
 * is available (crossOriginIsolated). Skipped where /usr/bin/chromium is missing.
 */
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundleForBrowser,
  hasChromium,
  launchChromium,
  MODULE_PAGE,
  serveFiles,
} from "../../../tests/support/chromium.js";

const bundle = (file: string) => bundleForBrowser(new URL(file, import.meta.url));

describe.skipIf(!hasChromium)("WorkerPool with Web Workers (Chromium)", () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    const files: Record<string, string> = {
      "/": MODULE_PAGE,
      "/page.js": await bundle("./__fixtures__/browser-page.ts"),
      "/worker.js": await bundle("./__fixtures__/browser-worker.ts"),
    };
    ({ server, origin } = await serveFiles(files, {
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
    }));
  });
  afterAll(() => new Promise((resolve) => server?.close(resolve)));

  it("runs, transfers, shares, rethrows, survives crashes and aborts", async () => {
    const browser = await launchChromium();
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
