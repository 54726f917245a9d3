/**
 * The viewer's pixel test (tests/browser/viewer.spec.ts) in Firefox: the Vite-built
 * viewer, its decode and stats workers, zoomed to level 0; canvas pixels must match the
 * values zarrkit reads in Node and the sample's formula.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { type CountingServer, ROOT, serve } from "../browser/harness.js";
import { pollPage } from "../browser/page-like.js";
import {
  PIXEL_TEST_VIEW,
  pixelMismatches,
  setView,
  type ViewerHandle,
  type ViewerState,
  viewerState,
} from "../browser/viewer-probe.js";
import { type FirefoxPage, useFirefox } from "./use-firefox.js";

const firefox = useFirefox();
let site: CountingServer;

before(async () => {
  site = await serve(ROOT);
});
after(async () => {
  await site?.close();
});

/** Waits (bounded) until a load newer than `completed` loads is done and none is pending. */
async function settled(page: FirefoxPage, completed: number): Promise<ViewerState> {
  await pollPage(
    page,
    (n) => {
      const viewer = (globalThis as unknown as { zarrkitViewer?: ViewerHandle }).zarrkitViewer;
      return viewer && !viewer.view.busy && viewer.view.loads.completed > n ? true : undefined;
    },
    completed,
  );
  return viewerState(page);
}

test("renders pixels that match the values read in Node", async () => {
  const page = await firefox.newPage();
  await page.goto(new URL("examples/viewer/dist/", site.url).href);
  let s = await settled(page, 0);
  assert.equal(s.level, 2, "the fitted 2048² image shows level 2");
  assert.ok(s.statsAnswered > 0, "the contrast came from the stats worker");
  await setView(page, PIXEL_TEST_VIEW);
  s = await settled(page, s.loads.completed);
  assert.equal(s.level, 0);
  const { probed, mismatches } = await pixelMismatches(page, s);
  assert.ok(probed > 20, `${probed} points probed`);
  assert.deepEqual(mismatches, [], mismatches.join("\n"));
  assert.deepEqual(page.errors, []);
});
