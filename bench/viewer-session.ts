/**
 * The viewer's session over nginx (issue 15, "must show 2"): the sample's OME-Zarr image
 * (2048² uint16, 4 levels, shards of 4x4 inner chunks of 128², zstd) seen through an
 * 870 x 800 canvas: fitted, zoomed in three times, panned, panned back, zoomed out three
 * times. Each view loads the visible region coarse-to-fine (every level from the coarsest
 * to the one that suits the zoom, all at once), and the bench records when the first
 * (coarse) frame and the full-resolution frame land. The same viewer logic runs on:
 *
 *   zarrkit  MultiscaleImage + ProgressiveLoader, one ChunkCache (64 MiB) for the session
 *   zarrita  zarrita.js 0.7.5 get() per level, started together, frames as they land
 *            (no cache: zarrita has none; fizarrita is not a dependency here)
 *
 * Both decode on the calling thread (zarrkit `workers: 0`), fresh stores per run.
 * Prints medians over N runs per view, and session totals with requests from nginx's log.
 *
 *   pnpm bench:viewer [--runs N] [--json]
 */
import { parseArgs } from "node:util";
import * as zarrita from "zarrita";
import {
  ChunkCache,
  FetchStore,
  MultiscaleImage,
  open,
  ProgressiveLoader,
  type ZarrGroup,
} from "zarrkit";
import { makeSample, SAMPLE_DIR, SAMPLE_NAME } from "../scripts/make-sample.js";
import { type NginxServer, nginxUnavailableReason, startNginx } from "../tests/http/nginx.js";
import { collectGarbage, median } from "./timing.js";

const SIZE = 2048;
const CANVAS = { width: 870, height: 800 };
const LEVELS = 4;

interface View {
  name: string;
  cx: number;
  cy: number;
  zoom: number;
}

function session(): View[] {
  const fit = Math.min(CANVAS.width / SIZE, CANVAS.height / SIZE);
  const c = SIZE / 2;
  const views: View[] = [{ name: "fit", cx: c, cy: c, zoom: fit }];
  for (let i = 1; i <= 3; i++)
    views.push({ name: `zoom in ${i}`, cx: c, cy: c, zoom: fit * 2 ** i });
  const z = fit * 8;
  views.push({ name: "pan", cx: c + 500 / z, cy: c + 300 / z, zoom: z });
  views.push({ name: "pan back", cx: c, cy: c, zoom: z });
  for (let i = 2; i >= 0; i--)
    views.push({ name: `zoom out ${3 - i}`, cx: c, cy: c, zoom: fit * 2 ** i });
  return views;
}

/** The level the viewer reads at a zoom: the finest whose pixels cover a screen pixel. */
function levelFor(zoom: number): number {
  for (let k = 0; k < LEVELS; k++) if (2 ** k * zoom >= 0.999) return k;
  return LEVELS - 1;
}

/** Level k's visible box [y0, y1, x0, x1], clamped. */
function box(view: View, k: number): [number, number, number, number] {
  const n = SIZE >> k;
  const f = 2 ** k;
  const hw = CANVAS.width / (2 * view.zoom);
  const hh = CANVAS.height / (2 * view.zoom);
  const clamp = (v: number) => Math.min(n, Math.max(0, v));
  return [
    clamp(Math.floor((view.cy - hh) / f)),
    clamp(Math.ceil((view.cy + hh) / f)),
    clamp(Math.floor((view.cx - hw) / f)),
    clamp(Math.ceil((view.cx + hw) / f)),
  ];
}

interface Frames {
  first: number;
  full: number;
}

type Viewer = (view: View) => Promise<Frames>;

async function zarrkitViewer(url: string): Promise<Viewer> {
  const cache = new ChunkCache({ maxBytes: 64 * 2 ** 20 });
  const group = (await open(new FetchStore(url), {
    kind: "group",
    path: "image",
    cache,
    workers: 0,
  })) as ZarrGroup;
  const loader = new ProgressiveLoader(await MultiscaleImage.open(group));
  return async (view) => {
    const t0 = performance.now();
    let first = 0;
    const hw = CANVAS.width / (2 * view.zoom);
    const hh = CANVAS.height / (2 * view.zoom);
    await loader.load(
      [
        [view.cy - hh, view.cy + hh],
        [view.cx - hw, view.cx + hw],
      ],
      {
        level: levelFor(view.zoom),
        onLevel: () => {
          first ||= performance.now() - t0;
        },
      },
    );
    return { first, full: performance.now() - t0 };
  };
}

async function zarritaViewer(url: string): Promise<Viewer> {
  const store = new zarrita.FetchStore(url);
  const levels = await Promise.all(
    Array.from({ length: LEVELS }, (_, k) =>
      zarrita.open.v3(zarrita.root(store).resolve(`image/${k}`), { kind: "array" }),
    ),
  );
  return async (view) => {
    const t0 = performance.now();
    let first = 0;
    let shown = LEVELS;
    const target = levelFor(view.zoom);
    const loads = [];
    for (let k = LEVELS - 1; k >= target; k--) {
      const [y0, y1, x0, x1] = box(view, k);
      loads.push(
        zarrita.get(levels[k], [zarrita.slice(y0, y1), zarrita.slice(x0, x1)]).then(() => {
          if (k >= shown) return; // a finer level is on screen already
          shown = k;
          first ||= performance.now() - t0;
        }),
      );
    }
    await Promise.all(loads);
    return { first, full: performance.now() - t0 };
  };
}

async function run(nginx: NginxServer, make: (url: string) => Promise<Viewer>) {
  await nginx.clearLog();
  collectGarbage();
  const viewer = await make(`${nginx.url}/${SAMPLE_NAME}/`);
  const frames: Frames[] = [];
  for (const view of session()) frames.push(await viewer(view));
  const log = await nginx.accessLog();
  const chunkRequests = log.filter((e) => /\/image\/\d\/c\//.test(e.uri));
  return {
    frames,
    requests: chunkRequests.length,
    bytes: chunkRequests.reduce((a, e) => a + e.bytes, 0),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: "string", default: "5" }, json: { type: "boolean", default: false } },
  });
  const reason = nginxUnavailableReason();
  if (reason) throw new Error(reason);
  await makeSample();
  const nginx = await startNginx({ root: SAMPLE_DIR });
  try {
    const runs = Number(values.runs);
    const variants = { zarrkit: zarrkitViewer, zarrita: zarritaViewer };
    const results: Record<string, Awaited<ReturnType<typeof run>>[]> = { zarrkit: [], zarrita: [] };
    await run(nginx, zarrkitViewer); // warm-up (JIT, WASM compile, nginx file cache)
    await run(nginx, zarritaViewer);
    for (let i = 0; i < runs; i++) {
      for (const [name, make] of Object.entries(variants))
        results[name].push(await run(nginx, make));
    }
    const views = session();
    const table = views.map((view, v) => {
      const row: Record<string, number | string> = { view: view.name, level: levelFor(view.zoom) };
      for (const name of Object.keys(variants)) {
        row[`${name} first ms`] = Math.round(median(results[name].map((r) => r.frames[v].first)));
        row[`${name} full ms`] = Math.round(median(results[name].map((r) => r.frames[v].full)));
      }
      return row;
    });
    const totals = Object.fromEntries(
      Object.keys(variants).map((name) => [
        name,
        {
          sessionMs: Math.round(
            median(results[name].map((r) => r.frames.reduce((a, f) => a + f.full, 0))),
          ),
          requests: median(results[name].map((r) => r.requests)),
          bytes: median(results[name].map((r) => r.bytes)),
        },
      ]),
    );
    if (values.json) {
      console.log(JSON.stringify({ views: table, totals }));
      return;
    }
    console.table(table);
    console.table(totals);
  } finally {
    await nginx.stop();
  }
}

await main();
