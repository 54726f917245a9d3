/**
 * examples/cdn/index.html served from one origin with the bundle and the data on a
 * second one: the page's address, what it must compute, and its result. Shared by
 * cdn-example.spec.ts (Chromium) and tests/firefox (Firefox).
 */
import { sampleVolumeValue, VOLUME_SHAPE } from "../../scripts/sample-values.js";
import { BUNDLE_PATH } from "./harness.js";
import { type PageLike, pollPage } from "./page-like.js";

/** The example page at `pageUrl`, told to import the bundle and read the volume from `cdnUrl`. */
export function cdnExampleUrl(pageUrl: string, cdnUrl: string): string {
  const bundle = new URL(BUNDLE_PATH, cdnUrl).href;
  const data = new URL("examples/viewer/data/sample.zarr/volume", cdnUrl).href;
  return `${pageUrl}?bundle=${encodeURIComponent(bundle)}&url=${encodeURIComponent(data)}`;
}

/** The middle z slice of the sample volume, summed in Node from its formula. */
export function expectedCdnSlice(): { z: number; shape: number[]; sum: number } {
  const [, ny, nx] = VOLUME_SHAPE;
  const z = Math.floor(VOLUME_SHAPE[0] / 2);
  let sum = 0;
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) sum += sampleVolumeValue(z, y, x);
  return { z, shape: [ny, nx], sum };
}

/** What the page leaves in globalThis.cdnExample once done (or `{ error }`). */
export interface CdnExampleResult {
  z?: number;
  shape?: number[];
  sum?: number;
  /** Web Workers the pool spawned. */
  workers?: number;
  error?: string;
}

export function cdnExampleResult(page: PageLike): Promise<CdnExampleResult> {
  return pollPage(
    page,
    () => (globalThis as { cdnExample?: CdnExampleResult }).cdnExample,
    undefined,
  );
}
