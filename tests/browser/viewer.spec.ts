/**
 * The viewer (examples/viewer, Vite build) on its sample dataset: the tree, pixels that
 * match values read in Node, sliders, zoom with pyramid levels and visible chunks only,
 * the progress bar, and a superseded load that is cancelled. UPDATE_SCREENSHOTS=1 also
 * writes the README's screenshots to examples/viewer/screenshots/.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { sampleImageValue, sampleVolumeValue } from "../../scripts/sample-values.js";
import { type CountingServer, ROOT, readInNode, serve, viewerSettled } from "./harness.js";

const SAMPLE = join(ROOT, "examples/viewer/data/sample.zarr");
const SCREENSHOTS = join(ROOT, "examples/viewer/screenshots");

interface ViewerState {
  view: { cx: number; cy: number; zoom: number; width: number; height: number };
  level: number;
  factors: number[];
  shown: { level: number; y0: number; y1: number; x0: number; x1: number } | undefined;
  contrast: [number, number];
  indices: number[];
  loads: { started: number; completed: number; aborted: number };
  busy: boolean;
  statsAnswered: number;
}

let site: CountingServer;

test.beforeAll(async () => {
  site = await serve(ROOT);
});
test.afterAll(async () => {
  await site?.close();
});

async function state(page: Page): Promise<ViewerState> {
  return page.evaluate(() => {
    const { view, stats } = (globalThis as unknown as { zarrkitViewer: ViewerHandle })
      .zarrkitViewer;
    return {
      view: view.view,
      level: view.level,
      factors: [...view.factors],
      shown: view.shown,
      contrast: view.contrast,
      indices: [...view.indices],
      loads: { ...view.loads },
      busy: view.busy,
      statsAnswered: stats.answered,
    };
  });
}

/** What the page exposes as globalThis.zarrkitViewer (examples/viewer/src/main.ts). */
interface ViewerHandle {
  view: {
    view: ViewerState["view"];
    level: number;
    factors: readonly number[];
    shown: ViewerState["shown"];
    contrast: [number, number];
    indices: number[];
    loads: ViewerState["loads"];
    busy: boolean;
    setView(view: ViewerState["view"]): void;
  };
  stats: { answered: number };
}

/** Waits until a load newer than `completed` loads has finished and nothing is pending. */
async function settled(page: Page, completed: number): Promise<ViewerState> {
  await viewerSettled(page, completed);
  return state(page);
}

async function openViewer(page: Page, query = ""): Promise<ViewerState> {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(new URL(`examples/viewer/dist/${query}`, site.url).href);
  const s = await settled(page, 0);
  expect(errors).toEqual([]);
  return s;
}

/** Canvas pixels (RGBA) at screen points. */
async function pixels(page: Page, points: [number, number][]): Promise<number[][]> {
  return page.evaluate((pts) => {
    const canvas = document.querySelector("#canvas") as HTMLCanvasElement;
    const ctx = canvas.getContext("2d")!;
    return pts.map(([x, y]) => Array.from(ctx.getImageData(x, y, 1, 1).data));
  }, points);
}

/** The gray colormap of the viewer, restated: contrast [lo, hi] to 0..255. */
function gray(value: number, [lo, hi]: [number, number]): number {
  const t = (value - lo) / (hi - lo);
  return t > 0 ? (t >= 1 ? 255 : Math.round(t * 255)) : 0;
}

/**
 * Screen points spread over the canvas whose data coordinates are well inside a pixel
 * of the shown level (not on an edge, where rounding could pick either neighbour).
 */
function probePoints(s: ViewerState): { sx: number; sy: number; y: number; x: number }[] {
  const { view } = s;
  const factor = s.factors[s.level];
  const out: { sx: number; sy: number; y: number; x: number }[] = [];
  for (let i = 1; i < 12; i++) {
    for (let j = 1; j < 12; j++) {
      const sx = Math.floor((view.width * i) / 12);
      const sy = Math.floor((view.height * j) / 12);
      const y = (view.cy + (sy + 0.5 - view.height / 2) / view.zoom) / factor;
      const x = (view.cx + (sx + 0.5 - view.width / 2) / view.zoom) / factor;
      const inside = (v: number) => v - Math.floor(v) > 0.2 && v - Math.floor(v) < 0.8;
      if (inside(y) && inside(x)) out.push({ sx, sy, y: Math.floor(y), x: Math.floor(x) });
    }
  }
  return out;
}

/** Keeps the points that fall on the array (the canvas may show background around it). */
function onArray(shape: [number, number]) {
  return (p: { y: number; x: number }) => p.y >= 0 && p.x >= 0 && p.y < shape[0] && p.x < shape[1];
}

test("opens the sample: hierarchy with array info, a multiscale image on the canvas", async ({
  page,
}) => {
  const s = await openViewer(page);
  await expect(page.locator(".node", { hasText: "multiscale image, 4 levels" })).toBeVisible();
  await expect(page.locator(".node", { hasText: "2048 × 2048 uint16" })).toContainText(
    "shards 512×512 of chunks 128×128, bytes + zstd",
  );
  await expect(page.locator(".node", { hasText: "64 × 256 × 256 uint8" })).toBeVisible();
  // fitted: the whole 2048² image on a ~870 px canvas reads level 2 (512²)
  expect(s.level).toBe(2);
  expect(s.shown).toEqual({ level: 2, y0: 0, y1: 512, x0: 0, x1: 512 });
  expect(s.statsAnswered).toBeGreaterThan(0); // contrast came from the worker
  await expect(page.locator("#status")).toContainText("level 2");
  if (process.env.UPDATE_SCREENSHOTS) {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, "multiscale-image.png") });
  }
});

test("renders pixels that match the values read in Node", async ({ page }) => {
  let s = await openViewer(page);
  // zoom to 2 screen pixels per level-0 pixel somewhere off-centre: level 0 is read
  await page.evaluate(() => {
    const { view } = (globalThis as unknown as { zarrkitViewer: ViewerHandle }).zarrkitViewer;
    view.setView({ ...view.view, cx: 700.3, cy: 1300.6, zoom: 2 });
  });
  s = await settled(page, s.loads.completed);
  expect(s.level).toBe(0);
  const points = probePoints(s).filter(onArray([2048, 2048]));
  expect(points.length).toBeGreaterThan(20);
  const rgba = await pixels(
    page,
    points.map((p) => [p.sx, p.sy]),
  );

  // the same pixels read in Node (zarrkit's CLI), and from the formula
  const region = s.shown!;
  const { data, shape } = readInNode(
    SAMPLE,
    "image/0",
    `${region.y0}:${region.y1}, ${region.x0}:${region.x1}`,
  );
  const width = region.x1 - region.x0;
  expect(shape).toEqual([region.y1 - region.y0, width]);
  points.forEach((p, i) => {
    const value = Number(data[(p.y - region.y0) * width + (p.x - region.x0)]);
    expect(value).toBe(sampleImageValue(p.y, p.x));
    const g = gray(value, s.contrast);
    expect(rgba[i], `pixel at (${p.sx}, ${p.sy}) = data [${p.y}, ${p.x}]`).toEqual([g, g, g, 255]);
  });
});

test("sliders pick the slice of a 3D volume; colormaps recolour it", async ({ page }) => {
  let s = await openViewer(page, "?path=volume");
  expect(s.indices).toEqual([32]);
  const slider = page.locator('#sliders input[data-dim="0"]');
  await slider.fill("40");
  s = await settled(page, s.loads.completed);
  expect(s.indices).toEqual([40]);
  await expect(page.locator("#sliders")).toContainText("z: 40 / 63");
  const points = probePoints(s).filter(onArray([256, 256]));
  expect(points.length).toBeGreaterThan(20);
  const rgba = await pixels(
    page,
    points.map((p) => [p.sx, p.sy]),
  );
  points.forEach((p, i) => {
    const g = gray(sampleVolumeValue(40, p.y, p.x), s.contrast);
    expect(rgba[i], `volume[40, ${p.y}, ${p.x}]`).toEqual([g, g, g, 255]);
  });

  await page.locator("#colormap").selectOption("viridis");
  s = await settled(page, s.loads.completed);
  const [after] = await pixels(page, [[points[0].sx, points[0].sy]]);
  expect(after).not.toEqual(rgba[0]); // viridis is never gray
  if (process.env.UPDATE_SCREENSHOTS) {
    await page.screenshot({ path: join(SCREENSHOTS, "volume-viridis.png") });
  }
});

test("zoom switches pyramid levels and fetches only the visible chunks", async ({ page }) => {
  let s = await openViewer(page);
  expect(s.level).toBe(2);
  await page.locator("#zoom-in").click();
  s = await settled(page, s.loads.completed);
  expect(s.level).toBe(1);

  // zoom far into the top-left corner: level 0, a few 128² chunks of one shard
  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  await page.evaluate(() => {
    const { view } = (globalThis as unknown as { zarrkitViewer: ViewerHandle }).zarrkitViewer;
    view.setView({ ...view.view, cx: 200, cy: 150, zoom: 4 });
  });
  s = await settled(page, s.loads.completed);
  expect(s.level).toBe(0);
  const region = s.shown!;
  expect(region.x1).toBeLessThanOrEqual(512);
  expect(region.y1).toBeLessThanOrEqual(512);
  const level0 = requested.filter((path) => path.includes("/image/0/c/"));
  expect(level0.length).toBeGreaterThan(0);
  // only shard (0, 0) holds visible pixels: no other level-0 shard is touched
  expect(new Set(level0)).toEqual(new Set([level0[0]]));
  expect(level0[0]).toMatch(/\/image\/0\/c\/0\/0$/);
  if (process.env.UPDATE_SCREENSHOTS) {
    await page.screenshot({ path: join(SCREENSHOTS, "zoomed-level-0.png") });
  }
});

test("the progress bar counts the chunks of a load", async ({ page }) => {
  const s = await openViewer(page, "?path=volume");
  expect(s.shown).toEqual({ level: 0, y0: 0, y1: 256, x0: 0, x1: 256 });
  const progress = await page.evaluate(() => {
    const bar = document.querySelector("#progress") as HTMLProgressElement;
    return { value: bar.value, max: bar.max, title: bar.title };
  });
  // a 256² slice of 64² chunks: 16 chunk tasks, all done
  expect(progress).toEqual({ value: 16, max: 16, title: "16/16 chunks" });
});

test("a superseded load is cancelled: fewer requests than a full load", async ({ page }) => {
  // slow chunk responses down so that a load is still running when the view changes
  await page.route("**/volume/c/**", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue().catch(() => {});
  });
  let s = await openViewer(page, "?path=volume");
  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  const chunksOf = (zChunk: number) =>
    requested.filter((path) => path.includes(`/volume/c/${zChunk}/`)).length;

  // a full load of one slice: z = 5 lies in chunk row 0 along z
  await page.locator('#sliders input[data-dim="0"]').fill("5");
  s = await settled(page, s.loads.completed);
  const full = chunksOf(0);
  expect(full).toBe(16);

  // start z = 60 (chunk row 3), then supersede it at once with z = 20 (row 1)
  const aborted = s.loads.aborted;
  await page.locator('#sliders input[data-dim="0"]').fill("60");
  await expect.poll(() => chunksOf(3), { intervals: [10] }).toBeGreaterThan(0);
  await page.locator('#sliders input[data-dim="0"]').fill("20");
  s = await settled(page, s.loads.completed);
  expect(s.indices).toEqual([20]);
  expect(s.loads.aborted).toBeGreaterThan(aborted);
  expect(chunksOf(3)).toBeLessThan(full);
  expect(chunksOf(1)).toBe(16);
  // what is on screen is slice 20
  const points = probePoints(s).filter(onArray([256, 256]));
  const rgba = await pixels(
    page,
    points.map((p) => [p.sx, p.sy]),
  );
  points.forEach((p, i) => {
    const g = gray(sampleVolumeValue(20, p.y, p.x), s.contrast);
    expect(rgba[i]).toEqual([g, g, g, 255]);
  });
});
