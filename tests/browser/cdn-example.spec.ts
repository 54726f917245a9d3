/**
 * examples/cdn/index.html from a second origin: the page is served on one port, the
 * bundle and the data on another. The page imports zarrkit.min.js cross-origin, reads
 * a slice of the sample volume, and decodes its chunks in Web Workers started from the
 * bundle's origin (the blob-URL trick).
 */
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { cdnExampleResult, cdnExampleUrl, expectedCdnSlice } from "./cdn-example-page.js";
import { type CountingServer, ROOT, serve } from "./harness.js";

let page1: CountingServer;
let cdn: CountingServer;

test.beforeAll(async () => {
  page1 = await serve(join(ROOT, "examples/cdn"));
  cdn = await serve(ROOT);
});
test.afterAll(async () => {
  await page1?.close();
  await cdn?.close();
});

test("the CDN example reads an array cross-origin and decodes in workers", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const workers: string[] = [];
  page.on("worker", (worker) => workers.push(worker.url()));
  expect(new URL(cdn.url).origin).not.toBe(new URL(page1.url).origin);

  await page.goto(cdnExampleUrl(page1.url, cdn.url));
  const result = await cdnExampleResult(page);
  expect(result).toEqual({ ...expectedCdnSlice(), workers: expect.any(Number) });
  expect(result.workers).toBeGreaterThanOrEqual(1);
  expect(errors).toEqual([]);
  // the workers run from one blob: URL made of the worker code, fetched once from the CDN
  expect(workers.length).toBeGreaterThanOrEqual(1);
  expect(workers.every((url) => url.startsWith("blob:"))).toBe(true);
  expect(new Set(workers).size).toBe(1);
  const workerCode = cdn.requests.filter((r) => /\/decode-worker-source-[^/]*\.js$/.test(r.path));
  expect(workerCode).toHaveLength(1);
  // the page's origin served only the page
  expect(page1.requests.map((r) => r.path)).toEqual(["/"]);
  await expect(page.locator("#log")).toContainText("decoded in");
});
