/**
 * The browser read suite's in-page steps, shared by read-fixtures.spec.ts (Chromium)
 * and tests/firefox (Firefox): a blank page on the site's origin reads fixture arrays
 * from the data origin with the CDN bundle.
 */
import { diff, type Target } from "./expected-values.js";
import { BUNDLE_PATH } from "./harness.js";
import type { PageLike } from "./page-like.js";

/** Reads every target in a page from `siteUrl`; results keyed by target name. */
export async function readTargetsInPage(
  page: PageLike,
  siteUrl: string,
  dataUrl: string,
  targets: Target[],
): Promise<Record<string, unknown>> {
  await page.goto(new URL("tests/browser/pages/blank.html", siteUrl).href);
  return page.evaluate(
    async ([helper, bundle, list]) => {
      const { readArrays } = await import(helper);
      return readArrays(bundle, list) as Promise<Record<string, unknown>>;
    },
    [
      new URL("tests/browser/pages/read-arrays.js", siteUrl).href,
      new URL(BUNDLE_PATH, siteUrl).href,
      targets.map((t) => ({ name: t.name, url: new URL(t.store, dataUrl).href, path: t.path })),
    ] as const,
  );
}

/** One line per target whose result differs from what is expected. */
export function readFailures(results: Record<string, unknown>, targets: Target[]): string[] {
  return targets
    .map((t) => [t.name, diff(results[t.name], t.expected)] as const)
    .filter(([, problem]) => problem !== null)
    .map(([name, problem]) => `${name}: ${problem}`);
}

/** The sharded zarrs array read in part: rows 1..2, columns 5..6 (one inner chunk). */
export const SHARD_SLICE = {
  store: "zarrs/sharded_array_write_read.zarr",
  expected: { shape: [2, 2], data: [13, 14, 21, 22] },
} as const;

export async function readShardSlice(
  page: PageLike,
  siteUrl: string,
  dataUrl: string,
): Promise<{ shape: number[]; data: number[] }> {
  await page.goto(new URL("tests/browser/pages/blank.html", siteUrl).href);
  return page.evaluate(
    async ([bundle, url]) => {
      const zk = await import(bundle);
      const array = await zk.open(url, { kind: "array", path: "group/array" });
      const { data, shape } = await array.get([zk.slice(1, 3), zk.slice(5, 7)]);
      return { shape: [...shape] as number[], data: Array.from(data as Uint16Array) };
    },
    [new URL(BUNDLE_PATH, siteUrl).href, new URL(SHARD_SLICE.store, dataUrl).href] as const,
  );
}

/** Requests for shard files since `before`: each must be a byte range, not a whole shard. */
export function shardRequestsSince(
  requests: readonly { method: string; path: string; range: string | undefined }[],
  before: number,
) {
  return requests.slice(before).filter((r) => r.path.includes("/c/") && r.method === "GET");
}
