/**
 * The browser read suite (tests/browser/read-fixtures.spec.ts) in Firefox: fixture arrays
 * of zarr-python and zarrs, v2 and v3, sharded, WASM codecs, read over HTTP from another
 * origin, and a sharded slice read with byte ranges only.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { zarritaTargets, zarrsTargets } from "../browser/expected-values.js";
import { type CountingServer, FIXTURES, ROOT, serve } from "../browser/harness.js";
import {
  readFailures,
  readShardSlice,
  readTargetsInPage,
  SHARD_SLICE,
  shardRequestsSince,
} from "../browser/read-in-page.js";
import { useFirefox } from "./use-firefox.js";

const firefox = useFirefox();
let site: CountingServer;
let data: CountingServer;

before(async () => {
  site = await serve(ROOT);
  data = await serve(FIXTURES);
});
after(async () => {
  await site?.close();
  await data?.close();
});

test("reads the zarrita.js and zarrs fixtures over HTTP from another origin", async () => {
  const page = await firefox.newPage();
  const targets = [...zarritaTargets(), ...zarrsTargets()];
  const results = await readTargetsInPage(page, site.url, data.url, targets);
  const failures = readFailures(results, targets);
  assert.deepEqual(failures, [], failures.join("\n"));
  assert.deepEqual(page.errors, []);
  assert.ok(targets.length > 30, `${targets.length} targets`);
});

test("reads part of a sharded array with byte-range requests, not whole shards", async () => {
  const page = await firefox.newPage();
  const since = data.requests.length;
  assert.deepEqual(await readShardSlice(page, site.url, data.url), SHARD_SLICE.expected);
  const requests = shardRequestsSince(data.requests, since);
  assert.ok(requests.length > 0, "no shard request");
  // the shard index (a suffix range) and the one inner chunk, each by range
  assert.ok(
    requests.every((r) => r.range !== undefined),
    JSON.stringify(requests),
  );
});
