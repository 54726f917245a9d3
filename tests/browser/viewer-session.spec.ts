/**
 * A scripted viewer session against nginx (issue 15, "must show 1"): open the sample
 * image, zoom in three times, pan, pan back, zoom out three times. From nginx's access
 * log, with each shard byte range mapped back to its inner chunk through the shard's
 * index: no chunk is fetched twice, every chunk request was for a chunk in the view of
 * the load in effect when it started, and pan-back and zoom-out cost no chunk request
 * (the cache budget holds every chunk seen). The page's decoded-cache bytes, sampled
 * through the session, never exceed the budget.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import {
  type NginxLogEntry,
  type NginxServer,
  nginxUnavailableReason,
  startNginx,
} from "../http/nginx.js";
import { type Box, ROOT, viewerSettled } from "./harness.js";

const SAMPLE = join(ROOT, "examples/viewer/data/sample.zarr");
const CACHE_MIB = 24;
const INNER = 128;

interface SessionState {
  view: { cx: number; cy: number; zoom: number; width: number; height: number };
  loads: { started: number; completed: number; aborted: number };
  busy: boolean;
  loadLog: { at: number; boxes: Box[] }[];
  cache: { bytes: number; maxBytes: number; peakBytes: number; hits: number; misses: number };
  samples: number[];
}
interface ViewerHandle {
  view: {
    view: SessionState["view"];
    loads: SessionState["loads"];
    busy: boolean;
    loadLog: SessionState["loadLog"];
    setView(view: SessionState["view"]): void;
  };
  cache: { stats: SessionState["cache"] };
}

let nginx: NginxServer;

test.beforeAll(async () => {
  test.skip(nginxUnavailableReason() !== undefined, nginxUnavailableReason());
  nginx = await startNginx({ root: ROOT, logTimes: true });
});
test.afterAll(async () => {
  await nginx?.stop();
});

async function state(page: Page): Promise<SessionState> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { zarrkitViewer: ViewerHandle; cacheSamples: number[] };
    const { view, cache } = g.zarrkitViewer;
    return {
      view: view.view,
      loads: { ...view.loads },
      busy: view.busy,
      loadLog: view.loadLog,
      cache: { ...cache.stats },
      samples: [...(g.cacheSamples ?? [])],
    };
  });
}

async function settled(page: Page, completed: number): Promise<SessionState> {
  await viewerSettled(page, completed);
  return state(page);
}

async function setView(page: Page, view: SessionState["view"]): Promise<void> {
  await page.evaluate((v) => {
    (globalThis as unknown as { zarrkitViewer: ViewerHandle }).zarrkitViewer.view.setView(v);
  }, view);
}

/** A shard's inner chunks by byte offset (the index ends the shard: offset, nbytes per chunk). */
function innerChunksByOffset(
  level: number,
  row: number,
  col: number,
): Map<number, [number, number]> {
  const size = 2048 >> level;
  const perShard = Math.min(512, size) / INNER;
  const bytes = readFileSync(join(SAMPLE, `image/${level}/c/${row}/${col}`));
  const count = perShard * perShard;
  const index = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - (count * 16 + 4));
  const byOffset = new Map<number, [number, number]>();
  for (let i = 0; i < count; i++) {
    const offset = Number(index.getBigUint64(i * 16, true));
    byOffset.set(offset, [
      row * perShard + Math.floor(i / perShard),
      col * perShard + (i % perShard),
    ]);
  }
  return byOffset;
}

interface ChunkRequest {
  /** "level/row/col" of an inner chunk, or "level/row/col/index" of a shard index. */
  id: string;
  level: number;
  inner?: [number, number];
  start: number;
}

/** The chunk requests of a log (level, inner chunk, or shard index), in order. */
function chunkRequests(log: NginxLogEntry[]): ChunkRequest[] {
  const out: ChunkRequest[] = [];
  for (const entry of log) {
    const m = /\/sample\.zarr\/image\/(\d)\/c\/(\d+)\/(\d+)$/.exec(entry.uri);
    if (!m) continue;
    const [level, row, col] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const range = /^bytes=(\d*)-(\d*)$/.exec(entry.range ?? "");
    expect(range, `${entry.uri} was fetched whole (${entry.range})`).not.toBeNull();
    if (range![1] === "") {
      out.push({ id: `${level}/${row}/${col}/index`, level, start: entry.start! });
      continue;
    }
    const inner = innerChunksByOffset(level, row, col).get(Number(range![1]));
    expect(inner, `${entry.uri} ${entry.range} starts an inner chunk`).toBeDefined();
    out.push({ id: `${level}/${inner!.join("/")}`, level, inner: inner!, start: entry.start! });
  }
  return out;
}

function intersects(box: Box, [r, c]: [number, number]): boolean {
  return (
    r * INNER < box.stop[0] &&
    (r + 1) * INNER > box.start[0] &&
    c * INNER < box.stop[1] &&
    (c + 1) * INNER > box.start[1]
  );
}

test("a viewer session fetches each chunk once, only in view, and nothing on the way back", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${nginx.url}/examples/viewer/dist/?cacheMiB=${CACHE_MIB}`);
  let s = await settled(page, 0);
  // sample the decoded cache's bytes through the whole session
  await page.evaluate(() => {
    const g = globalThis as unknown as { zarrkitViewer: ViewerHandle; cacheSamples: number[] };
    g.cacheSamples = [];
    setInterval(() => g.cacheSamples.push(g.zarrkitViewer.cache.stats.bytes), 10);
  });
  const fitted = s.view;
  for (let i = 0; i < 3; i++) {
    await page.locator("#zoom-in").click();
    s = await settled(page, s.loads.completed);
  }
  const zoomed = s.view;
  expect(zoomed.zoom).toBeCloseTo(fitted.zoom * 8);
  await setView(page, {
    ...zoomed,
    cx: zoomed.cx + 500 / zoomed.zoom,
    cy: zoomed.cy + 300 / zoomed.zoom,
  });
  s = await settled(page, s.loads.completed);
  const outbound = await nginx.accessLog();

  // the way back: every chunk it shows was loaded on the way out
  await setView(page, zoomed);
  s = await settled(page, s.loads.completed);
  for (let i = 0; i < 3; i++) {
    await page.locator("#zoom-out").click();
    s = await settled(page, s.loads.completed);
  }
  expect(s.view).toEqual(fitted);
  const log = await nginx.accessLog();
  expect(errors).toEqual([]);

  const requests = chunkRequests(outbound);
  expect(requests.filter((r) => r.inner).length).toBeGreaterThan(20);
  expect(new Set(requests.map((r) => r.level))).toEqual(new Set([0, 1, 2, 3]));
  // no chunk (and no shard index) fetched twice
  const ids = requests.map((r) => r.id);
  expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  // every chunk request was for a chunk in the view of the load in effect when it
  // started (or, when a newer load was queued in the last 50 ms, of the one before)
  for (const r of requests.filter((q) => q.inner)) {
    const queued = s.loadLog.filter((l) => l.at <= r.start);
    expect(queued.length, `a load was queued before ${r.id}`).toBeGreaterThan(0);
    const latest = queued[queued.length - 1];
    const candidates = [latest];
    if (latest.at > r.start - 50 && queued.length > 1) candidates.push(queued[queued.length - 2]);
    const inView = candidates.some((l) =>
      l.boxes.some((b) => b.level === r.level && intersects(b, r.inner!)),
    );
    expect(inView, `chunk ${r.id} requested at ${r.start} was out of view`).toBe(true);
  }
  // pan back and zoom out: no chunk requests at all
  expect(chunkRequests(log.slice(outbound.length))).toEqual([]);
  // the decoded cache never held more than its budget
  expect(s.cache.maxBytes).toBe(CACHE_MIB * 2 ** 20);
  expect(s.samples.length).toBeGreaterThan(20);
  expect(Math.max(...s.samples)).toBeLessThanOrEqual(s.cache.maxBytes);
  expect(s.cache.peakBytes).toBeLessThanOrEqual(s.cache.maxBytes);
  expect(s.cache.hits).toBeGreaterThan(0);
  console.log(
    `session: ${requests.filter((r) => r.inner).length} chunk and ${requests.filter((r) => !r.inner).length} index requests out, ` +
      `0 back; cache peak ${(s.cache.peakBytes / 2 ** 20).toFixed(1)} MiB of ${CACHE_MIB} MiB, ` +
      `${s.cache.hits} hits / ${s.cache.misses} misses`,
  );
});
