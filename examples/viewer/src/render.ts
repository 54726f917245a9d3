/**
 * Turns a 2D block of values into pixels: contrast limits, then a colormap lookup.
 * One pass over the data, no allocation inside the loop.
 */
import { colormapLut, intensityIndex } from "./colormaps.js";

export function renderPixels(
  data: ArrayLike<number | bigint>,
  width: number,
  height: number,
  contrast: readonly [number, number],
  colormap: string,
): ImageData {
  const image = new ImageData(width, height);
  const pixels = new Uint32Array(image.data.buffer);
  const lut = colormapLut(colormap);
  const [lo, hi] = contrast;
  const n = width * height;
  if (typeof data[0] === "bigint") {
    for (let i = 0; i < n; i++) pixels[i] = lut[intensityIndex(Number(data[i]), lo, hi)];
  } else {
    const values = data as ArrayLike<number>;
    for (let i = 0; i < n; i++) pixels[i] = lut[intensityIndex(values[i], lo, hi)];
  }
  return image;
}
