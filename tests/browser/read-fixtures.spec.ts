/**
 * The read suite in the browser: a page on one origin imports the CDN bundle and reads
 * fixture arrays over HTTP from another origin (Range requests, CORS), v2 and v3,
 * written by zarr-python and zarrs, sharded ones included, with WASM codecs. Values
 * are compared in Node with expected.json / the fixtures README.
 */
import { expect, test } from "@playwright/test";
import { diff, type Target, zarritaTargets, zarrsTargets } from "./expected-values.js";
import { BUNDLE_PATH, type CountingServer, FIXTURES, ROOT, serve } from "./harness.js";

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

async function readInPage(
  page: import("@playwright/test").Page,
  targets: Target[],
): Promise<Record<string, unknown>> {
  await page.goto(new URL("tests/browser/pages/blank.html", site.url).href);
  return page.evaluate(
    async ([helper, bundle, list]) => {
      const { readArrays } = await import(helper);
      return readArrays(bundle, list) as Promise<Record<string, unknown>>;
    },
    [
      new URL("tests/browser/pages/read-arrays.js", site.url).href,
      new URL(BUNDLE_PATH, site.url).href,
      targets.map((t) => ({ name: t.name, url: new URL(t.store, data.url).href, path: t.path })),
    ] as const,
  );
}

for (const [label, targets] of [
  ["zarrita.js fixtures (zarr-python 2.18 / 3.1)", zarritaTargets()],
  ["zarrs fixtures (zarrs, zarr-python 3)", zarrsTargets()],
] as const) {
  test(`reads ${label} over HTTP from another origin`, async ({ page }) => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const results = await readInPage(page, targets);
    const failures = targets
      .map((t) => [t.name, diff(results[t.name], t.expected)] as const)
      .filter(([, problem]) => problem !== null)
      .map(([name, problem]) => `${name}: ${problem}`);
    expect(failures, failures.join("\n")).toEqual([]);
    expect(errors).toEqual([]);
    expect(targets.length).toBeGreaterThan(15);
  });
}

test("reads part of a sharded array with byte-range requests, not whole shards", async ({
  page,
}) => {
  await page.goto(new URL("tests/browser/pages/blank.html", site.url).href);
  const before = data.requests.length;
  const values = await page.evaluate(
    async ([bundle, url]) => {
      const zk = await import(bundle);
      const array = await zk.open(url, { kind: "array", path: "group/array" });
      // rows 1..2, columns 5..6: one inner chunk of one shard
      const { data, shape } = await array.get([zk.slice(1, 3), zk.slice(5, 7)]);
      return { shape: [...shape], data: Array.from(data as Uint16Array) };
    },
    [
      new URL(BUNDLE_PATH, site.url).href,
      new URL("zarrs/sharded_array_write_read.zarr", data.url).href,
    ] as const,
  );
  expect(values).toEqual({ shape: [2, 2], data: [13, 14, 21, 22] });
  const shardRequests = data.requests
    .slice(before)
    .filter((r) => r.path.includes("/c/") && r.method === "GET");
  expect(shardRequests.length).toBeGreaterThan(0);
  // the shard index (a suffix range) and the one inner chunk, each by range
  expect(
    shardRequests.every((r) => r.range !== undefined),
    JSON.stringify(shardRequests),
  ).toBe(true);
});
