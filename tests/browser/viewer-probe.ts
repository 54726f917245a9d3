/**
 * Reading the viewer page (examples/viewer) from a test: its state, canvas pixels, and
 * the screen points whose expected colour is unambiguous. Shared by viewer.spec.ts
 * (Chromium) and tests/firefox (Firefox).
 */
import { join } from "node:path";
import { sampleImageValue } from "../../scripts/sample-values.js";
import { ROOT, readInNode } from "./harness.js";
import type { PageLike } from "./page-like.js";

export const SAMPLE = join(ROOT, "examples/viewer/data/sample.zarr");

export interface ViewerState {
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

/** What the page exposes as globalThis.zarrkitViewer (examples/viewer/src/main.ts). */
export interface ViewerHandle {
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

export function viewerState(page: PageLike): Promise<ViewerState> {
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
  }, undefined);
}

/** Moves the view (centre and zoom, in level-0 pixels). */
export async function setView(
  page: PageLike,
  target: { cx: number; cy: number; zoom: number },
): Promise<void> {
  await page.evaluate((t) => {
    const { view } = (globalThis as unknown as { zarrkitViewer: ViewerHandle }).zarrkitViewer;
    view.setView({ ...view.view, ...t });
  }, target);
}

/** Canvas pixels (RGBA) at screen points. */
export function pixels(page: PageLike, points: [number, number][]): Promise<number[][]> {
  return page.evaluate((pts) => {
    const canvas = document.querySelector("#canvas") as HTMLCanvasElement;
    const ctx = canvas.getContext("2d")!;
    return pts.map(([x, y]) => Array.from(ctx.getImageData(x, y, 1, 1).data));
  }, points);
}

/** The gray colormap of the viewer, restated: contrast [lo, hi] to 0..255. */
export function gray(value: number, [lo, hi]: [number, number]): number {
  const t = (value - lo) / (hi - lo);
  return t > 0 ? (t >= 1 ? 255 : Math.round(t * 255)) : 0;
}

export interface ProbePoint {
  sx: number;
  sy: number;
  y: number;
  x: number;
}

/**
 * Screen points spread over the canvas whose data coordinates are well inside a pixel
 * of the shown level (not on an edge, where rounding could pick either neighbour).
 */
export function probePoints(s: ViewerState): ProbePoint[] {
  const { view } = s;
  const factor = s.factors[s.level];
  const out: ProbePoint[] = [];
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
export function onArray(shape: [number, number]) {
  return (p: { y: number; x: number }) => p.y >= 0 && p.x >= 0 && p.y < shape[0] && p.x < shape[1];
}

/** The pixel test's view: 2 screen pixels per level-0 pixel somewhere off-centre. */
export const PIXEL_TEST_VIEW = { cx: 700.3, cy: 1300.6, zoom: 2 } as const;

/**
 * The pixel test's check, once the viewer shows PIXEL_TEST_VIEW: canvas pixels at probe
 * points against the same pixels read in Node (zarrkit's CLI) and from the formula.
 * Returns the points probed and one line per mismatch.
 */
export async function pixelMismatches(
  page: PageLike,
  s: ViewerState,
): Promise<{ probed: number; mismatches: string[] }> {
  const points = probePoints(s).filter(onArray([2048, 2048]));
  const rgba = await pixels(
    page,
    points.map((p) => [p.sx, p.sy]),
  );
  const region = s.shown;
  if (!region) return { probed: points.length, mismatches: ["nothing shown"] };
  const { data, shape } = readInNode(
    SAMPLE,
    "image/0",
    `${region.y0}:${region.y1}, ${region.x0}:${region.x1}`,
  );
  const width = region.x1 - region.x0;
  const mismatches: string[] = [];
  if (shape[0] !== region.y1 - region.y0 || shape[1] !== width) {
    mismatches.push(`Node read shape ${shape} for region ${JSON.stringify(region)}`);
  }
  points.forEach((p, i) => {
    const value = Number(data[(p.y - region.y0) * width + (p.x - region.x0)]);
    if (value !== sampleImageValue(p.y, p.x)) {
      mismatches.push(`Node read ${value} at [${p.y}, ${p.x}]`);
    }
    const g = gray(value, s.contrast);
    if (JSON.stringify(rgba[i]) !== JSON.stringify([g, g, g, 255])) {
      mismatches.push(
        `pixel at (${p.sx}, ${p.sy}) = data [${p.y}, ${p.x}]: ${rgba[i]}, expected gray ${g}`,
      );
    }
  });
  return { probed: points.length, mismatches };
}
