/**
 * In a cross-origin-isolated page, a FetchStore's chunks are fetched by the decode
 * workers (FetchStore.workerRef): the page's main thread calls fetch only for metadata,
 * the values are right, and the store's statistics count the workers' requests. In a
 * page that is not isolated (no shared output), the main thread fetches as before.
 */
import { expect, type Page, test } from "@playwright/test";
import { sampleVolumeValue, VOLUME_SHAPE } from "../../scripts/sample-values.js";
import { BUNDLE_PATH, type CountingServer, ROOT, serve } from "./harness.js";

let isolated: CountingServer;
let plain: CountingServer;

test.beforeAll(async () => {
  isolated = await serve(ROOT, { crossOriginIsolated: true });
  plain = await serve(ROOT);
});
test.afterAll(async () => {
  await isolated?.close();
  await plain?.close();
});

interface PageRead {
  isolated: boolean;
  mainFetches: number;
  storeRequests: number;
  sums: number[];
}

/** Reads the sample volume through a FetchStore, counting the main thread's fetch calls. */
async function readVolume(page: Page, site: CountingServer): Promise<PageRead> {
  await page.goto(new URL("tests/browser/pages/blank.html", site.url).href);
  return page.evaluate(
    async ([bundle, data]) => {
      let mainFetches = 0;
      const realFetch = globalThis.fetch;
      globalThis.fetch = (input, init) => {
        mainFetches++;
        return realFetch(input, init);
      };
      const zk = await import(bundle);
      const store = new zk.FetchStore(data);
      const volume = await zk.open(store, { path: "volume", kind: "array" });
      const metadataFetches = mainFetches;
      const { data: values, shape } = await volume.get(null);
      const [nz, plane] = [shape[0], shape[1] * shape[2]];
      const sums: number[] = [];
      for (let z = 0; z < nz; z++) {
        let sum = 0;
        for (let i = 0; i < plane; i++) sum += values[z * plane + i];
        sums.push(sum);
      }
      return {
        isolated: globalThis.crossOriginIsolated,
        mainFetches: mainFetches - metadataFetches,
        storeRequests: store.stats.requests,
        sums,
      };
    },
    [
      new URL(BUNDLE_PATH, site.url).href,
      new URL("examples/viewer/data/sample.zarr/", site.url).href,
    ],
  );
}

function expectedSums(): number[] {
  const [nz, ny, nx] = VOLUME_SHAPE;
  const sums: number[] = [];
  for (let z = 0; z < nz; z++) {
    let sum = 0;
    for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) sum += sampleVolumeValue(z, y, x);
    sums.push(sum);
  }
  return sums;
}

const chunkRequests = (site: CountingServer) =>
  site.requests.filter((r) => /sample\.zarr\/volume\/c\/\d+\/\d+\/\d+$/.test(r.path)).length;

test("in a cross-origin-isolated page the workers fetch the chunks themselves", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const read = await readVolume(page, isolated);
  expect(errors).toEqual([]);
  expect(read.isolated).toBe(true);
  expect(read.sums).toEqual(expectedSums());
  const chunks = chunkRequests(isolated);
  expect(chunks).toBeGreaterThan(0);
  // the main thread fetched no chunk; the store still counts the workers' requests
  expect(read.mainFetches).toBe(0);
  expect(read.storeRequests).toBeGreaterThanOrEqual(chunks);
});

test("in a page that is not isolated the main thread fetches the chunks", async ({ page }) => {
  const read = await readVolume(page, plain);
  expect(read.isolated).toBe(false);
  expect(read.sums).toEqual(expectedSums());
  expect(read.mainFetches).toBe(chunkRequests(plain));
});
