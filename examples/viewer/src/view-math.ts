/**
 * The geometry of the image view, as pure functions: fitting, zooming, and where a
 * level's region is drawn (which level and region to load is zarrkit's MultiscaleImage).
 * Coordinates are level-0 pixels; `zoom` is screen pixels per level-0 pixel.
 */

export interface View {
  /** Level-0 pixel at the centre of the canvas. */
  cx: number;
  cy: number;
  zoom: number;
  /** Canvas size in screen pixels. */
  width: number;
  height: number;
}

/** A rectangle of one level's pixels: [y0, y1) x [x0, x1). */
export interface Region {
  level: number;
  y0: number;
  y1: number;
  x0: number;
  x1: number;
}

/** Where a region of a level with `factor` lands on the canvas: [x, y, width, height]. */
export function screenRect(
  view: View,
  region: Region,
  factor: number,
): [number, number, number, number] {
  const scale = view.zoom * factor;
  return [
    (region.x0 * factor - view.cx) * view.zoom + view.width / 2,
    (region.y0 * factor - view.cy) * view.zoom + view.height / 2,
    (region.x1 - region.x0) * scale,
    (region.y1 - region.y0) * scale,
  ];
}

/** The level-0 pixel under a canvas point. */
export function screenToData(view: View, sx: number, sy: number): [number, number] {
  return [
    view.cy + (sy - view.height / 2) / view.zoom,
    view.cx + (sx - view.width / 2) / view.zoom,
  ];
}

/** The view that shows a whole level-0 image of `shape`, centred. */
export function fitView(shape: readonly [number, number], width: number, height: number): View {
  const zoom = Math.min(width / shape[1], height / shape[0]);
  return { cx: shape[1] / 2, cy: shape[0] / 2, zoom, width, height };
}

/** Zooms by `factor` keeping the data point under (sx, sy) where it is. */
export function zoomAt(view: View, factor: number, sx: number, sy: number): View {
  const [y, x] = screenToData(view, sx, sy);
  const zoom = Math.min(64, Math.max(1 / 1024, view.zoom * factor));
  return {
    ...view,
    zoom,
    cx: x - (sx - view.width / 2) / zoom,
    cy: y - (sy - view.height / 2) / zoom,
  };
}
