/**
 * examples/cdn in Firefox (tests/browser/cdn-example.spec.ts): the page on one origin
 * imports the bundle from a second one, reads a slice and decodes it in Web Workers
 * started from blob: URLs that import the worker script from the bundle's origin.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { cdnExampleResult, cdnExampleUrl, expectedCdnSlice } from "../browser/cdn-example-page.js";
import { type CountingServer, ROOT, serve } from "../browser/harness.js";
import { useFirefox } from "./use-firefox.js";

const firefox = useFirefox();
let page1: CountingServer;
let cdn: CountingServer;

before(async () => {
  page1 = await serve(join(ROOT, "examples/cdn"));
  cdn = await serve(ROOT);
});
after(async () => {
  await page1?.close();
  await cdn?.close();
});

test("the CDN example reads an array cross-origin and decodes in workers", async () => {
  const page = await firefox.newPage();
  const workers: string[] = [];
  page.raw.on("workercreated", (worker) => workers.push(worker.url()));
  assert.notEqual(new URL(cdn.url).origin, new URL(page1.url).origin);

  await page.goto(cdnExampleUrl(page1.url, cdn.url));
  const { workers: spawned, ...slice } = await cdnExampleResult(page);
  assert.deepEqual(slice, expectedCdnSlice());
  assert.deepEqual(page.errors, []);
  // the page's pool started workers (it asks for 2), all from the worker code the page
  // fetched once from the CDN origin
  assert.ok((spawned ?? 0) >= 1, `workers spawned: ${spawned}`);
  // each from a blob: URL (the cross-origin worker trick)
  assert.ok(workers.length >= 1, "no workercreated event");
  assert.ok(
    workers.every((url) => url.startsWith("blob:")),
    workers.join(", "),
  );
  const scriptLoads = cdn.requests.filter((r) => /\/decode-worker-source-[^/]*\.js$/.test(r.path));
  assert.equal(scriptLoads.length, 1, "the worker code should be fetched once from the CDN");
  console.log(
    `Firefox CDN example: ${spawned} workers spawned, ${scriptLoads.length} worker-script fetches, ${workers.length} workercreated events`,
  );
  // the page's origin served only the page
  assert.deepEqual(
    page1.requests.map((r) => r.path),
    ["/"],
  );
  const log = await page.evaluate(
    () => document.querySelector("#log")?.textContent ?? "",
    undefined,
  );
  assert.match(log, /decoded in \d+ Web Worker/);
});
