/**
 * No jank, decided on what the main thread does rather than on how long it took: reading
 * a large compressed array (long-task-read.ts: 256 MiB of blosc-lz4 in 64 chunks) must
 * leave every decode to the workers. The main thread makes no WebAssembly instance (no
 * codec runs on it), moves every chunk's bytes to a worker, and posts at most a few
 * messages per chunk. These counts hold on a loaded machine; long-task durations do not
 * (a busy 2-core machine stretches any task past 50 ms), so they are only printed here
 * and reported, against the 50 ms bar, by `pnpm bench:long-tasks` (bench/long-tasks.ts).
 */
import { expect, type Page, test } from "@playwright/test";
import { DATA_DIR, ensureData } from "../../bench/data.js";
import { type CountingServer, ROOT, serve } from "./harness.js";
import { describeRead, mainThreadDecodingProblems, observeRead } from "./long-task-read.js";

let site: CountingServer;
/** The same files with COOP/COEP: pages from here are cross-origin isolated. */
let isolatedSite: CountingServer;
let data: CountingServer;

test.beforeAll(async () => {
  // make_data.py (zarr-python 2.13) writes all bench arrays in ~20 s when missing
  test.setTimeout(180_000);
  ensureData();
  site = await serve(ROOT);
  isolatedSite = await serve(ROOT, { crossOriginIsolated: true });
  data = await serve(DATA_DIR);
});
test.afterAll(async () => {
  await site?.close();
  await isolatedSite?.close();
  await data?.close();
});

async function expectNoMainThreadDecoding(page: Page, reuseOut: boolean, isolated: boolean) {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const origin = isolated ? isolatedSite : site;
  const report = await observeRead(page, origin.url, data.url, reuseOut);
  const summary = describeRead(report);
  console.log(summary);
  expect(errors).toEqual([]);
  // Chromium has the Long Tasks API; the check then also proves its observer works
  expect(report.longTaskApi).toBe(true);
  expect(mainThreadDecodingProblems(report, isolated), summary).toEqual([]);
}

test("reading a 256 MiB blosc-lz4 array into a reused `out` decodes nothing on the main thread", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await expectNoMainThreadDecoding(page, true, false);
});

test("reading a 256 MiB blosc-lz4 array into a fresh result decodes nothing on the main thread", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await expectNoMainThreadDecoding(page, false, false);
});

test("in a cross-origin-isolated page, a fresh shared result is written by the workers alone", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await expectNoMainThreadDecoding(page, false, true);
});
