/** The viewer's pure parts: fit, zoom, screen mapping, percentiles, colormaps (levels and regions: core multiscale/). */
import { describe, expect, it } from "vitest";
import { colormapLut, intensityIndex } from "../../examples/viewer/src/colormaps.js";
import { percentiles } from "../../examples/viewer/src/percentiles.js";
import { fitView, screenRect, screenToData, zoomAt } from "../../examples/viewer/src/view-math.js";

describe("view geometry", () => {
  const view = fitView([2048, 2048], 800, 600);
  it("fits the image", () => {
    expect(view).toEqual({ cx: 1024, cy: 1024, zoom: 600 / 2048, width: 800, height: 600 });
  });
  it("maps regions to the screen and back", () => {
    const v = { cx: 50, cy: 40, zoom: 2, width: 200, height: 100 };
    const region = { level: 1, y0: 10, y1: 20, x0: 20, x1: 30 };
    expect(screenRect(v, region, 2)).toEqual([80, 10, 40, 40]);
    expect(screenToData(v, 80, 10)).toEqual([20, 40]);
  });
  it("keeps the point under the cursor when zooming", () => {
    const v = { cx: 50, cy: 40, zoom: 2, width: 200, height: 100 };
    const z = zoomAt(v, 2, 30, 70);
    expect(screenToData(z, 30, 70)).toEqual(screenToData(v, 30, 70));
    expect(z.zoom).toBe(4);
  });
});

describe("percentiles", () => {
  it("takes the low and high percentiles, skipping NaN", () => {
    const data = Float32Array.from({ length: 101 }, (_, i) => i);
    expect(percentiles(data, 2, 98)).toEqual([2, 98]);
    expect(percentiles(Float32Array.of(Number.NaN, 5, Number.NaN), 0, 100)).toEqual([4.5, 5.5]);
    expect(percentiles(BigInt64Array.of(1n, 2n, 3n), 0, 100)).toEqual([1, 3]);
  });
});

describe("colormaps", () => {
  it("maps contrast limits to 0..255 and gray exactly", () => {
    expect(intensityIndex(10, 10, 20)).toBe(0);
    expect(intensityIndex(15, 10, 20)).toBe(128);
    expect(intensityIndex(25, 10, 20)).toBe(255);
    expect(intensityIndex(Number.NaN, 10, 20)).toBe(0);
    const gray = colormapLut("gray");
    const bytes = new Uint8Array(gray.buffer);
    expect([...bytes.subarray(4 * 77, 4 * 78)]).toEqual([77, 77, 77, 255]);
  });
});
