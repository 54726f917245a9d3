/**
 * zarrkit vs zarrita.js 0.7.5 (+ numcodecs.js) in Debian's headless Chromium.
 *
 *   pnpm bench:browser [--runs N] [--filter substring] [--json] [--skip-http]
 *
 * Two modes per scenario (DESIGN.md "Measuring": Chromium's fetch from localhost moves
 * only ~30 MB/s here, so HTTP would hide the decoders):
 * - memory: the page fetches every file of the array into a Map first (untimed), then
 *   times get() over an in-memory store of those bytes.
 * - http: get() end to end over FetchStore from a static server on 127.0.0.1.
 * Medians of N runs after one warm-up, libraries alternating run by run, a forced GC
 * (CDP HeapProfiler.collectGarbage) before each timed run. zarrkit reads into one
 * reused `out` buffer; zarrita has no `out` and allocates per read. In memory mode both
 * stores hand out the stored bytes as they are; zarrkit copies the chunks its workers
 * take (moving them would detach the Map's bytes: bytesForDecoder).
 * memory-iso repeats memory in a cross-origin-isolated page (COOP/COEP headers): there
 * zarrkit's result is a SharedArrayBuffer its workers write into, while in the plain
 * page the workers send decoded chunks back and the main thread assembles them. The
 * isolated page keeps the chunk bytes in SharedArrayBuffers, which a worker shares
 * rather than detaches, so both libraries get the stored bytes as they are.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import type { Browser, CDPSession, Page } from "playwright-core";
import { type StaticServer, startStaticServer } from "../packages/zarrkit/src/cli/serve.js";
import { launchChromium } from "../tests/support/chromium.js";
import { BENCH_DIR, DATA_DIR, ensureData } from "./data.js";
import { SCENARIOS, type Scenario } from "./scenarios.js";
import { median } from "./timing.js";

const ROOT = join(BENCH_DIR, "..");
const BUNDLE_PATH = "packages/zarrkit/dist/zarrkit.min.js";
/** Full reads only: the scenarios. */
const BROWSER_SCENARIOS = [
  "f32 raw full",
  "f32 blosc-lz4 full",
  "f32 zstd full",
  "f32 gzip full",
  "u16 volume full",
];

type Lib = "zarrkit" | "zarrita";
/** memory-iso: as memory, in a cross-origin-isolated page (shared-memory output). */
type Mode = "memory" | "memory-iso" | "http";

export interface BrowserResult {
  scenario: string;
  runtime: "chromium";
  mode: Mode;
  zarrkit_ms: number;
  zarrita_ms: number;
  /** zarrita_ms / zarrkit_ms: > 1 means zarrkit is faster. */
  ratio: number;
  notes?: string[];
}

/**
 * The page's code (plain JS, bundled with zarrita by esbuild). The zarrkit CDN bundle
 * is imported by URL at run time, as a page without a bundler would.
 */
const PAGE_SOURCE = `
import * as zarr from "zarrita";
let zk;
const files = new Map();
const readers = {};
globalThis.zkbench = {
  async init(bundleUrl) { zk = await import(bundleUrl); return true; },
  async load(dataUrl, keys) {
    files.clear();
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++];
        const response = await fetch(dataUrl + key);
        if (!response.ok) throw new Error(key + ": HTTP " + response.status);
        const bytes = new Uint8Array(await response.arrayBuffer());
        // an isolated page keeps chunks in shared memory: posting them to a worker
        // shares them, so zarrkit's store hands them out as they are, like zarrita's
        // (metadata stays in ordinary memory: zarrita's TextDecoder refuses shared views)
        const name = key.split("/").pop();
        const isMetadata = [".zarray", ".zattrs", ".zgroup", "zarr.json"].includes(name);
        const shared = globalThis.crossOriginIsolated && !isMetadata
          ? new Uint8Array(new SharedArrayBuffer(bytes.length))
          : undefined;
        shared?.set(bytes);
        files.set(key, shared ?? bytes);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    let bytes = 0;
    for (const v of files.values()) bytes += v.length;
    return bytes;
  },
  async open(mode, dataUrl, path) {
    // the same buffers as zarrita gets: zarrkit copies what its workers take
    const zkStore = mode !== "http"
      ? { async get(key) { return files.get(key); } }
      : new zk.FetchStore(dataUrl);
    const zaStore = mode !== "http"
      ? { async get(key) { return files.get(key.replace(/^\\//, "")); } }
      : new zarr.FetchStore(dataUrl);
    const zkArray = await zk.open(zkStore, { kind: "array", path, zarrFormat: 2 });
    const zaArray = await zarr.open.v2(zarr.root(zaStore).resolve(path), { kind: "array", attrs: false });
    let out;
    readers.zarrkit = async () => {
      const result = await zkArray.get(undefined, out ? { out } : {});
      out = result.data;
      return result.data;
    };
    readers.zarrita = async () => (await zarr.get(zaArray, null)).data;
    return true;
  },
  async time(lib) {
    const t0 = performance.now();
    await readers[lib]();
    return performance.now() - t0;
  },
  async same() {
    const a = await readers.zarrkit();
    const b = await readers.zarrita();
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  },
  clear() { files.clear(); readers.zarrkit = readers.zarrita = undefined; return true; },
};
`;

interface Options {
  runs: number;
  filter: string;
  json: boolean;
  http: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv[0] === "--" ? argv.slice(1) : argv,
    options: {
      runs: { type: "string", default: "3" },
      filter: { type: "string", default: "" },
      json: { type: "boolean", default: false },
      "skip-http": { type: "boolean", default: false },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be an integer >= 1");
  return {
    runs,
    filter: values.filter.toLowerCase(),
    json: values.json,
    http: !values["skip-http"],
  };
}

/** The page module: PAGE_SOURCE with zarrita bundled in, written to a temp folder. */
async function writePageModule(dir: string): Promise<void> {
  const result = await build({
    stdin: { contents: PAGE_SOURCE, resolveDir: ROOT, sourcefile: "bench-page.js", loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
  });
  writeFileSync(join(dir, "bench-page.js"), result.outputFiles[0].text);
  writeFileSync(
    join(dir, "index.html"),
    '<!doctype html><meta charset="utf-8"><script type="module" src="./bench-page.js"></script>',
  );
}

/** Every file of the array (v2: .zarray and chunk files), as keys relative to DATA_DIR. */
function arrayKeys(s: Scenario): string[] {
  return readdirSync(join(DATA_DIR, s.array.path)).map((name) => `${s.array.path}/${name}`);
}

const call = <T>(page: Page, expression: string): Promise<T> => page.evaluate(expression);
const js = (v: unknown): string => JSON.stringify(v);
const round = (v: number, digits: number): number => Math.round(v * 10 ** digits) / 10 ** digits;

async function measure(
  page: Page,
  cdp: CDPSession,
  s: Scenario,
  mode: Mode,
  dataUrl: string,
  runs: number,
): Promise<BrowserResult> {
  await call(page, `zkbench.open(${js(mode)}, ${js(dataUrl)}, ${js(s.array.path)})`);
  const notes: string[] = [];
  // warm-up (also allocates zarrkit's reused `out`), then a byte-for-byte comparison
  for (const lib of ["zarrkit", "zarrita"] as const) await call(page, `zkbench.time("${lib}")`);
  if (mode !== "http" && !(await call<boolean>(page, "zkbench.same()"))) {
    notes.push("MISMATCH: zarrkit and zarrita results differ");
  }
  const times: Record<Lib, number[]> = { zarrkit: [], zarrita: [] };
  for (let i = 0; i < runs; i++) {
    // alternate which library goes first, so drift hits both
    const order: Lib[] = i % 2 === 0 ? ["zarrkit", "zarrita"] : ["zarrita", "zarrkit"];
    for (const lib of order) {
      await cdp.send("HeapProfiler.collectGarbage");
      times[lib].push(await call<number>(page, `zkbench.time("${lib}")`));
    }
  }
  const zarrkitMs = median(times.zarrkit);
  const zarritaMs = median(times.zarrita);
  return {
    scenario: s.name,
    runtime: "chromium",
    mode,
    zarrkit_ms: round(zarrkitMs, 1),
    zarrita_ms: round(zarritaMs, 1),
    ratio: round(zarritaMs / zarrkitMs, 3),
    notes: notes.length > 0 ? notes : undefined,
  };
}

function printRow(r: BrowserResult, json: boolean): void {
  if (json) {
    console.log(JSON.stringify(r));
    return;
  }
  console.log(
    [
      r.scenario.padEnd(22),
      r.mode.padEnd(10),
      r.zarrkit_ms.toFixed(1).padStart(9),
      r.zarrita_ms.toFixed(1).padStart(9),
      r.ratio.toFixed(2).padStart(10),
    ].join(" "),
  );
  for (const note of r.notes ?? []) console.log(`    note: ${note}`);
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  ensureData();
  const scenarios = SCENARIOS.filter(
    (s) => BROWSER_SCENARIOS.includes(s.name) && s.name.toLowerCase().includes(opts.filter),
  );
  const pageDir = mkdtempSync(join(tmpdir(), "zarrkit-bench-page-"));
  const servers: StaticServer[] = [];
  const browser = await launchChromium();
  try {
    await writePageModule(pageDir);
    const site = await startStaticServer({ root: ROOT });
    const pageServer = await startStaticServer({ root: pageDir });
    const data = await startStaticServer({ root: DATA_DIR });
    servers.push(site, pageServer, data);
    // the same page served plainly and cross-origin isolated (COOP/COEP)
    const isolatedServer = await startStaticServer({ root: pageDir, crossOriginIsolated: true });
    servers.push(isolatedServer);
    const bundleUrl = new URL(BUNDLE_PATH, site.url).href;
    const { page, cdp } = await openPage(browser, pageServer.url, bundleUrl);
    const isolated = await openPage(browser, isolatedServer.url, bundleUrl);
    if (!(await call<boolean>(isolated.page, "globalThis.crossOriginIsolated"))) {
      throw new Error("the isolated bench page is not cross-origin isolated");
    }
    const version = browser.version();
    if (!opts.json) {
      console.log(`zarrkit (CDN bundle) vs zarrita.js 0.7.5 + numcodecs.js, Chromium ${version}`);
      console.log(`median ms of ${opts.runs} runs after 1 warm-up, libraries alternating`);
      console.log("memory: chunk bytes fetched into the page first; http: FetchStore end to end");
      console.log("memory-iso: memory, in a cross-origin-isolated page (workers write the result)");
      console.log("zarrkit reuses one `out` buffer; ratio = zarrita/zarrkit (> 1: zarrkit faster)");
      console.log("");
      console.log("scenario               mode         zarrkit   zarrita zarrita/zk");
      console.log(
        `${"-".repeat(22)} ${"-".repeat(10)} ${"-".repeat(9)} ${"-".repeat(9)} ${"-".repeat(10)}`,
      );
    }
    for (const s of scenarios) {
      await call(page, `zkbench.load(${js(data.url)}, ${js(arrayKeys(s))})`);
      printRow(await measure(page, cdp, s, "memory", data.url, opts.runs), opts.json);
      await call(page, "zkbench.clear()");
      await call(isolated.page, `zkbench.load(${js(data.url)}, ${js(arrayKeys(s))})`);
      printRow(
        await measure(isolated.page, isolated.cdp, s, "memory-iso", data.url, opts.runs),
        opts.json,
      );
      await call(isolated.page, "zkbench.clear()");
      if (opts.http) printRow(await measure(page, cdp, s, "http", data.url, opts.runs), opts.json);
      await call(page, "zkbench.clear()");
    }
  } finally {
    await browser.close();
    for (const server of servers) await server.close();
    rmSync(pageDir, { recursive: true, force: true });
  }
}

async function openPage(
  browser: Browser,
  url: string,
  bundleUrl: string,
): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.error(`page error: ${error.message}`));
  const cdp = await page.context().newCDPSession(page);
  await page.goto(url);
  await page.waitForFunction("typeof globalThis.zkbench === 'object'");
  await call(page, `zkbench.init(${js(bundleUrl)})`);
  return { page, cdp };
}

await main();
