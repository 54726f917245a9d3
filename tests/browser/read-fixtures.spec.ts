/**
 * The read suite in the browser: a page on one origin imports the CDN bundle and reads
 * fixture arrays over HTTP from another origin (Range requests, CORS), v2 and v3,
 * written by zarr-python and zarrs, sharded ones included, with WASM codecs. Values
 * are compared in Node with expected.json / the fixtures README.
 */
import { expect, test } from "@playwright/test";
import { zarritaTargets, zarrsTargets } from "./expected-values.js";
import { type CountingServer, FIXTURES, ROOT, serve } from "./harness.js";
import {
  readFailures,
  readShardSlice,
  readTargetsInPage,
  SHARD_SLICE,
  shardRequestsSince,
} from "./read-in-page.js";

let site: CountingServer;
let data: CountingServer;

test.beforeAll(async () => {
  site = await serve(ROOT);
  data = await serve(FIXTURES);
});
test.afterAll(async () => {
  await site?.close();
  await data?.close();
});

for (const [label, targets] of [
  ["zarrita.js fixtures (zarr-python 2.18 / 3.1)", zarritaTargets()],
  ["zarrs fixtures (zarrs, zarr-python 3)", zarrsTargets()],
] as const) {
  test(`reads ${label} over HTTP from another origin`, async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const results = await readTargetsInPage(page, site.url, data.url, targets);
    const failures = readFailures(results, targets);
    expect(failures, failures.join("\n")).toEqual([]);
    expect(errors).toEqual([]);
    expect(targets.length).toBeGreaterThan(15);
  });
}

test("reads part of a sharded array with byte-range requests, not whole shards", async ({
  page,
}) => {
  const before = data.requests.length;
  const values = await readShardSlice(page, site.url, data.url);
  expect(values).toEqual(SHARD_SLICE.expected);
  const shardRequests = shardRequestsSince(data.requests, before);
  expect(shardRequests.length).toBeGreaterThan(0);
  // the shard index (a suffix range) and the one inner chunk, each by range
  expect(
    shardRequests.every((r) => r.range !== undefined),
    JSON.stringify(shardRequests),
  ).toBe(true);
});
