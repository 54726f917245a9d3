/**
 * The no-jank check (tests/browser/long-tasks.spec.ts) in Firefox: a 256 MiB blosc-lz4
 * read leaves every decode to the workers. Firefox has no Long Tasks API, so the check
 * rests, as in Chromium, on counts the main thread leaves (WebAssembly instances it
 * made, chunk bytes and messages it posted to workers); the longest timer gap is printed.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { DATA_DIR, ensureData } from "../../bench/data.js";
import { type CountingServer, ROOT, serve } from "../browser/harness.js";
import {
  describeRead,
  mainThreadDecodingProblems,
  observeRead,
} from "../browser/long-task-read.js";
import { useFirefox } from "./use-firefox.js";

const firefox = useFirefox();
let site: CountingServer;
/** The same files with COOP/COEP: pages from here are cross-origin isolated. */
let isolatedSite: CountingServer;
let data: CountingServer;

before(async () => {
  // make_data.py (zarr-python 2.13) writes all bench arrays in ~20 s when missing
  ensureData();
  site = await serve(ROOT);
  isolatedSite = await serve(ROOT, { crossOriginIsolated: true });
  data = await serve(DATA_DIR);
});
after(async () => {
  await site?.close();
  await isolatedSite?.close();
  await data?.close();
});

async function expectNoMainThreadDecoding(reuseOut: boolean, isolated: boolean) {
  const page = await firefox.newPage();
  const report = await observeRead(page, (isolated ? isolatedSite : site).url, data.url, reuseOut);
  const summary = describeRead(report);
  console.log(`Firefox: ${summary}`);
  assert.deepEqual(page.errors, []);
  assert.equal(report.longTaskApi, false, "Firefox now has the Long Tasks API: observe it");
  assert.deepEqual(mainThreadDecodingProblems(report, isolated), [], summary);
  await page.raw.close();
}

test("reading a 256 MiB blosc-lz4 array into a reused `out` decodes nothing on the main thread", () =>
  expectNoMainThreadDecoding(true, false));

test("reading a 256 MiB blosc-lz4 array into a fresh result decodes nothing on the main thread", () =>
  expectNoMainThreadDecoding(false, false));

test("in a cross-origin-isolated page, a fresh shared result is written by the workers alone", () =>
  expectNoMainThreadDecoding(false, true));
