/**
 * The viewer (examples/viewer, Vite build) on its sample dataset: the tree, pixels that
 * match values read in Node, sliders, zoom with pyramid levels and visible chunks only,
 * the progress bar, and a superseded load that is cancelled. UPDATE_SCREENSHOTS=1 also
 * writes the README's screenshots to examples/viewer/screenshots/.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { sampleVolumeValue } from "../../scripts/sample-values.js";
import { type CountingServer, ROOT, serve, viewerSettled } from "./harness.js";
import {
  gray,
  onArray,
  PIXEL_TEST_VIEW,
  pixelMismatches,
  pixels,
  probePoints,
  setView,
  type ViewerState,
  viewerState,
} from "./viewer-probe.js";

const SCREENSHOTS = join(ROOT, "examples/viewer/screenshots");

let site: CountingServer;

test.beforeAll(async () => {
  site = await serve(ROOT);
});
test.afterAll(async () => {
  await site?.close();
});

/** Waits until a load newer than `completed` loads has finished and nothing is pending. */
async function settled(page: Page, completed: number): Promise<ViewerState> {
  await viewerSettled(page, completed);
  return viewerState(page);
}

async function openViewer(page: Page, query = ""): Promise<ViewerState> {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(new URL(`examples/viewer/dist/${query}`, site.url).href);
  const s = await settled(page, 0);
  expect(errors).toEqual([]);
  return s;
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
  await setView(page, PIXEL_TEST_VIEW);
  s = await settled(page, s.loads.completed);
  expect(s.level).toBe(0);
  const { probed, mismatches } = await pixelMismatches(page, s);
  expect(probed).toBeGreaterThan(20);
  expect(mismatches, mismatches.join("\n")).toEqual([]);
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
  await setView(page, { cx: 200, cy: 150, zoom: 4 });
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
