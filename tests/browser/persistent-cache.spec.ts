/**
 * The persistent byte cache across page loads (issue 15, "must show 3"), against nginx:
 * the viewer loads a copy of the sample image with `persistMiB` set. On a reload, every
 * request for the dataset is conditional and answered 304, or not made at all (shard
 * chunks of the version the revalidated index names). Then one inner chunk is rewritten
 * on disk: on the next reload its shard is fetched again (200/206), the others still
 * 304, and the viewer reads the new value.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import {
  type NginxLogEntry,
  type NginxServer,
  nginxUnavailableReason,
  startNginx,
} from "../http/nginx.js";
import { type Box, ROOT, viewerSettled } from "./harness.js";

const INNER = 128;
const SHARD = 512;

interface PersistentStats {
  hits: number;
  notModified: number;
  changed: number;
  misses: number;
  stored: number;
  errors: number;
}
interface Viewer {
  view: {
    loadLog: { boxes: Box[] }[];
    layer: {
      image: {
        levels: {
          shape: number[];
          array: { get(sel: number[]): Promise<{ data: ArrayLike<number> }> };
        }[];
      };
    };
  };
  persistentCache: { stats: PersistentStats; flush(): Promise<void> } | undefined;
}

let nginx: NginxServer;
let copy: string;

test.beforeAll(async () => {
  test.skip(nginxUnavailableReason() !== undefined, nginxUnavailableReason());
  copy = mkdtempSync(join(tmpdir(), "zarrkit-persist-"));
  cpSync(join(ROOT, "examples/viewer/data/sample.zarr"), join(copy, "sample.zarr"), {
    recursive: true,
  });
  nginx = await startNginx({ root: ROOT, mounts: { "/copy/": copy } });
});
test.afterAll(async () => {
  await nginx?.stop();
  if (copy) rmSync(copy, { recursive: true, force: true });
});

/** Loads (or reloads) the viewer, waits for its first view, saves the cache's state. */
async function loaded(page: Page, reload: boolean): Promise<PersistentStats> {
  if (reload) await page.reload();
  await viewerSettled(page, 0);
  return page.evaluate(async () => {
    const viewer = (globalThis as unknown as { zarrkitViewer: Viewer }).zarrkitViewer;
    const cache = viewer.persistentCache;
    if (!cache) throw new Error("the viewer has no persistent cache");
    await cache.flush();
    return { ...cache.stats };
  });
}

async function valueAt(page: Page, level: number, y: number, x: number): Promise<number> {
  return page.evaluate(
    async ([l, yy, xx]) => {
      const viewer = (globalThis as unknown as { zarrkitViewer: Viewer }).zarrkitViewer;
      const { data } = await viewer.view.layer.image.levels[l].array.get([yy, xx]);
      return Number(data[0]);
    },
    [level, y, x],
  );
}

/** The requests for the copied dataset (metadata, shard indexes, inner chunks). */
function datasetRequests(log: NginxLogEntry[]): NginxLogEntry[] {
  return log.filter((entry) => entry.uri.startsWith("/copy/sample.zarr/"));
}

test("a reload revalidates kept chunks (304 or no request) and refetches a changed one", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const dataUrl = `${nginx.url}/copy/sample.zarr/`;
  await page.goto(
    `${nginx.url}/examples/viewer/dist/?url=${encodeURIComponent(dataUrl)}&persistMiB=64`,
  );

  // first load: everything fetched, and kept
  const first = await loaded(page, false);
  const firstLog = datasetRequests(await nginx.accessLog());
  const chunkUris = new Set(firstLog.filter((e) => /\/c\/\d+\/\d+$/.test(e.uri)).map((e) => e.uri));
  expect(chunkUris.size).toBeGreaterThan(0);
  expect(firstLog.every((e) => e.status === 200 || e.status === 206)).toBe(true);
  expect(first.stored).toBeGreaterThan(0);
  expect(first.errors).toBe(0);

  // the finest level the first view loaded, and one inner chunk of it
  const boxes = await page.evaluate(
    () => (globalThis as unknown as { zarrkitViewer: Viewer }).zarrkitViewer.view.loadLog[0].boxes,
  );
  const box = boxes.reduce((a, b) => (b.level < a.level ? b : a));
  const [y, x] = [box.start[0] - (box.start[0] % INNER), box.start[1] - (box.start[1] % INNER)];
  const before = await valueAt(page, box.level, y, x);

  // second load: nothing but conditional requests answered 304
  await nginx.clearLog();
  const second = await loaded(page, true);
  const secondLog = datasetRequests(await nginx.accessLog());
  expect(
    secondLog.filter((e) => e.status !== 304).map((e) => `${e.status} ${e.uri} ${e.range ?? ""}`),
  ).toEqual([]);
  expect(secondLog.length).toBeGreaterThan(0);
  expect(second.notModified).toBeGreaterThan(0);
  expect(second.misses + second.changed).toBe(0);
  expect(await valueAt(page, box.level, y, x)).toBe(before);

  // rewrite that inner chunk on disk; a later mtime makes nginx's ETag change for sure
  const after = (before + 12345) % 65536;
  execFileSync(
    process.execPath,
    [
      "--conditions=zarrkit-source",
      "--import",
      "tsx",
      join(ROOT, "tests/support/fill-region.ts"),
      join(copy, "sample.zarr"),
      `image/${box.level}`,
      ...[y, x, INNER, INNER, after].map(String),
    ],
    { cwd: ROOT, stdio: "inherit" },
  );
  const shardUri = `/copy/sample.zarr/image/${box.level}/c/${Math.floor(y / SHARD)}/${Math.floor(x / SHARD)}`;
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(copy, shardUri.slice("/copy/".length)), later, later);

  // third load: the changed shard is fetched again, the rest still 304
  await nginx.clearLog();
  const third = await loaded(page, true);
  const thirdLog = datasetRequests(await nginx.accessLog());
  const changed = thirdLog.filter((e) => e.uri === shardUri);
  expect(changed.length).toBeGreaterThan(0);
  expect(changed.every((e) => e.status === 200 || e.status === 206)).toBe(true);
  expect(thirdLog.filter((e) => e.uri !== shardUri && e.status !== 304)).toEqual([]);
  expect(third.changed).toBeGreaterThan(0);
  expect(await valueAt(page, box.level, y, x)).toBe(after);
  expect(errors).toEqual([]);
  console.log(
    `persistent cache: load 1 ${firstLog.length} requests; load 2 ${secondLog.length} (all 304, ` +
      `${second.hits} served without a request); load 3 ${changed.length} for the changed shard, ` +
      `${thirdLog.length - changed.length} others 304`,
  );
});
