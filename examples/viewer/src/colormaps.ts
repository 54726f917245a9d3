/**
 * Colormaps as 256-entry RGBA lookup tables (Uint32 in the canvas's little-endian
 * byte order), built from a few control points of the matplotlib maps.
 */

const STOPS: Record<string, readonly (readonly [number, number, number])[]> = {
  gray: [
    [0, 0, 0],
    [255, 255, 255],
  ],
  viridis: [
    [68, 1, 84],
    [72, 40, 120],
    [62, 74, 137],
    [49, 104, 142],
    [38, 130, 142],
    [31, 158, 137],
    [53, 183, 121],
    [109, 205, 89],
    [180, 222, 44],
    [253, 231, 37],
  ],
  magma: [
    [0, 0, 4],
    [28, 16, 68],
    [79, 18, 123],
    [129, 37, 129],
    [181, 54, 122],
    [229, 80, 100],
    [251, 135, 97],
    [254, 194, 135],
    [252, 253, 191],
  ],
  ice: [
    [4, 6, 19],
    [38, 60, 120],
    [62, 130, 180],
    [140, 200, 220],
    [234, 253, 253],
  ],
};

export const COLORMAP_NAMES = Object.keys(STOPS);

const cache = new Map<string, Uint32Array>();

/** The lookup table of a colormap: entry i is the colour of intensity i / 255. */
export function colormapLut(name: string): Uint32Array {
  let lut = cache.get(name);
  if (lut) return lut;
  const stops = STOPS[name] ?? STOPS.gray;
  lut = new Uint32Array(256);
  const segments = stops.length - 1;
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * segments;
    const k = Math.min(segments - 1, Math.floor(t));
    const f = t - k;
    const [r, g, b] = [0, 1, 2].map((c) =>
      Math.round(stops[k][c] + (stops[k + 1][c] - stops[k][c]) * f),
    );
    lut[i] = (255 << 24) | (b << 16) | (g << 8) | r; // RGBA bytes, little-endian
  }
  // gray is exact: entry i is (i, i, i)
  cache.set(name, lut);
  return lut;
}

/** The LUT index of value v under contrast limits [lo, hi]. */
export function intensityIndex(v: number, lo: number, hi: number): number {
  const t = (v - lo) / (hi - lo);
  if (!(t > 0)) return 0; // also NaN
  if (t >= 1) return 255;
  return Math.round(t * 255);
}
