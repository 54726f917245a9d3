/**
 * When a page forbids workers (a Content-Security-Policy with `worker-src 'none'`),
 * reads still work in Firefox: the pool's start fails at once (an error event, not the
 * start timeout), chunks decode on the main thread, and one console warning says why.
 */
import assert from "node:assert/strict";
import type { Server } from "node:http";
import { after, before, test } from "node:test";
import { expectedCdnSlice } from "../browser/cdn-example-page.js";
import { BUNDLE_PATH, type CountingServer, ROOT, serve } from "../browser/harness.js";
import { pollPage } from "../browser/page-like.js";
import { serveFiles } from "../support/chromium.js";
import { useFirefox } from "./use-firefox.js";

const firefox = useFirefox();
let site: CountingServer;
let pageServer: Server;
let pageOrigin: string;

/** Reads the sample volume's middle slice with the CDN bundle; records console warnings. */
function readingPage(bundle: string, data: string, z: number): string {
  return `<!doctype html><script type="module">
const warnings = [];
const warn = console.warn;
console.warn = (...args) => { warnings.push(args.join(" ")); warn(...args); };
try {
  const zk = await import(${JSON.stringify(bundle)});
  const array = await zk.open(${JSON.stringify(data)}, { kind: "array" });
  const { data, shape } = await array.get([${z}, null, null]);
  let sum = 0;
  for (const v of data) sum += v;
  const { spawned } = (await zk.getWorkerPool()).stats();
  globalThis.result = { slice: { z: ${z}, shape: [...shape], sum }, spawned, warnings };
} catch (error) {
  globalThis.result = { error: String(error), warnings };
}
</script>`;
}

before(async () => {
  site = await serve(ROOT);
  const bundle = new URL(BUNDLE_PATH, site.url).href;
  const data = new URL("examples/viewer/data/sample.zarr/volume", site.url).href;
  ({ server: pageServer, origin: pageOrigin } = await serveFiles(
    { "/": readingPage(bundle, data, expectedCdnSlice().z) },
    { "content-security-policy": "worker-src 'none'" },
  ));
});
after(async () => {
  pageServer?.close();
  await site?.close();
});

test("a page that forbids workers reads on the main thread, with one warning", async () => {
  const page = await firefox.newPage();
  await page.goto(`${pageOrigin}/`);
  const result = await pollPage(
    page,
    () =>
      (globalThis as { result?: { slice?: unknown; spawned?: number; warnings: string[] } }).result,
    undefined,
  );
  assert.deepEqual(result.slice, expectedCdnSlice());
  assert.equal(result.spawned, 0);
  assert.equal(result.warnings.length, 1, result.warnings.join("\n"));
  assert.match(result.warnings[0], /no decode worker could start/);
  // the blocked worker failed at once; a start that timed out would say "did not start"
  assert.doesNotMatch(result.warnings[0], /did not start within/);
  // Firefox reports the blocked worker itself as a page error; nothing else may appear
  const others = page.errors.filter((e) => !e.startsWith("Content-Security-Policy:"));
  assert.deepEqual(others, []);
});
