/**
 * zarrkit as a user installs it: the built packages are packed (`pnpm pack`, so
 * workspace:* becomes a version), published to a local registry (registry.ts), and
 * installed with `npm install zarrkit` into fresh apps, one per toolchain: Vite (build
 * and dev server), webpack 5, esbuild, Rollup, the CDN file from the installed package,
 * and a plain Node script. Each browser app reads a Blosc and a Zstd array over HTTP
 * from another origin in Chromium, with no configuration for zarrkit: the values must
 * be right, decoded in Web Workers (Playwright sees them start) with no fallback
 * warning. Prints the installed size and what a page downloads for its first read
 * (gzip), and holds the zstd figure to FIRST_READ_BUDGET_GZIP.
 *
 * Run `pnpm build` first; then `pnpm test:toolchains`.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser } from "playwright-core";
import type { ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasChromium, launchChromium } from "../support/chromium.js";
import { APP_SOURCE, APPS, buildApp, type Toolchain, writeApp } from "./apps.js";
import { type ArrayName, SHAPE, valueAt, writeArrays } from "./data.js";
import { type LocalRegistry, startRegistry } from "./registry.js";
import { run } from "./run-npm.js";
import { type StaticServer, serveFolder } from "./static-server.js";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const PACKAGES = ["core", "codecs", "storage", "workers", "zarrkit"];

/**
 * What a page may download for its first Zstd read, gzip: code, worker and WebAssembly,
 * each file counted every time the app's server sent it (the server sends an app's
 * files cacheable, as a static host or CDN does, so a worker file that N workers load
 * is fetched once, as it is in the field). The issue's aim.
 */
const FIRST_READ_BUDGET_GZIP = 200 * 1024;

type Page = "cdn" | Toolchain;

let tmp: string;
let registry: LocalRegistry | undefined;
let npmEnv: NodeJS.ProcessEnv;
let data: StaticServer | undefined;
let browser: Browser | undefined;
const servers: StaticServer[] = [];
let vite: ViteDevServer | undefined;
const origins = new Map<Page, { origin: string; server?: StaticServer }>();
const report: string[] = [];

const appDir = (kind: string) => join(tmp, "apps", kind);

let lastStep = Date.now();
/** Logs how long each setup step took (the suite's time budget is a few minutes). */
function step(what: string): void {
  const now = Date.now();
  console.log(`toolchains: ${what} in ${((now - lastStep) / 1000).toFixed(1)} s`);
  lastStep = now;
}

beforeAll(async () => {
  for (const name of PACKAGES) {
    const built = join(ROOT, "packages", name, "dist/index.js");
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`pnpm build\` first`);
  }
  tmp = await mkdtemp(join(tmpdir(), "zarrkit-toolchains-"));
  await mkdir(join(tmp, "registry"), { recursive: true });
  registry = await startRegistry(join(tmp, "registry"));
  step("registry started");
  // npm sees only the temp registry and cache, never the user's or pnpm's settings
  npmEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_|^pnpm_/i.test(key)),
  );
  Object.assign(npmEnv, {
    npm_config_userconfig: registry.npmrc,
    npm_config_cache: join(tmp, "npm-cache"),
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    npm_config_loglevel: "error",
  });
  const packs = join(tmp, "packs");
  await mkdir(packs);
  await Promise.all(
    PACKAGES.map((name) =>
      run("pnpm", ["pack", "--pack-destination", packs], { cwd: join(ROOT, "packages", name) }),
    ),
  );
  const tarballs = (await readdir(packs)).filter((file) => file.endsWith(".tgz"));
  expect(tarballs).toHaveLength(PACKAGES.length);
  step("packed");
  await Promise.all(
    tarballs.map((file) => run("npm", ["publish", join(packs, file)], { cwd: tmp, env: npmEnv })),
  );
  step("published");
  await writeArrays(join(tmp, "data"));
  data = await serveFolder(join(tmp, "data"));
  await Promise.all(
    APPS.map(async (kind) => {
      await writeApp(appDir(kind), kind);
      await run("npm", ["install", "zarrkit"], { cwd: appDir(kind), env: npmEnv });
    }),
  );
  step(`installed zarrkit in ${APPS.length} apps`);
  for (const kind of APPS) {
    const server = await serveFolder(await buildApp(appDir(kind), kind), { cacheable: true });
    servers.push(server);
    origins.set(kind, { origin: server.origin, server });
    step(`built the ${kind} app`);
  }
  const { createServer } = await import("vite");
  vite = await createServer({
    root: appDir("vite"),
    configFile: false,
    logLevel: "warn",
    server: { host: "127.0.0.1", port: 0, strictPort: false },
  });
  await vite.listen();
  const address = vite.httpServer?.address();
  if (address === null || typeof address !== "object" || address === undefined) {
    throw new Error("the Vite dev server has no address");
  }
  origins.set("vite-dev", { origin: `http://127.0.0.1:${address.port}` });
  // the CDN file as installed, imported by a plain page
  const page = `<!doctype html><script type="module">${APP_SOURCE.replace('"zarrkit"', '"./zarrkit.min.js"')}</script>`;
  const cdn = await serveFolder(join(appDir("esbuild"), "node_modules/zarrkit/dist"), {
    extra: { "/index.html": page },
    cacheable: true,
  });
  servers.push(cdn);
  origins.set("cdn", { origin: cdn.origin, server: cdn });
  if (hasChromium) browser = await launchChromium();
});

afterAll(async () => {
  if (report.length > 0) console.log(`toolchain report:\n${report.join("\n")}`);
  await browser?.close();
  await vite?.close();
  for (const server of servers) await server.close();
  await data?.close();
  await registry?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

interface PageRead {
  values: Map<ArrayName, { shape: number[]; values: number[] }>;
  workers: string[];
  warnings: string[];
  /** gzip bytes of every file the app's server sent for the visit. */
  gzip: number | undefined;
  /** The largest of those files, for the report. */
  largest: string[];
}

async function readInPage(kind: Page, arrays: ArrayName[]): Promise<PageRead> {
  if (browser === undefined) throw new Error("no Chromium (/usr/bin/chromium)");
  const { origin, server } = origins.get(kind)!;
  server?.take();
  // a fresh context per visit: nothing cached from the last one
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const workers: string[] = [];
    const warnings: string[] = [];
    page.on("worker", (worker) => workers.push(worker.url()));
    page.on("console", (message) => {
      // Chromium logs every 404 (the data's zarr.json / .zarray probes, the bundled worker
      // file where the bundler emitted none): those are expected, zarrkit's are not
      if (message.text().startsWith("Failed to load resource")) return;
      if (message.type() === "warning" || message.type() === "error") warnings.push(message.text());
    });
    page.on("pageerror", (error) => warnings.push(`page error: ${error.message}`));
    const query = `?data=${encodeURIComponent(`${data!.origin}/`)}&arrays=${arrays.join(",")}`;
    await page.goto(`${origin}/index.html${query}`);
    await page.waitForFunction(() => "zarrkitRead" in window, undefined, { timeout: 60_000 });
    const outcome = await page.evaluate(
      () =>
        (window as unknown as { zarrkitRead: Promise<unknown> }).zarrkitRead as Promise<
          | { ok: true; value: Record<ArrayName, { shape: number[]; values: number[] }> }
          | { ok: false; error: string }
        >,
    );
    if (!outcome.ok) throw new Error(`${kind}: the read failed: ${outcome.error}`);
    const served = (server?.take() ?? []).map((path) => ({ path, gzip: gzippedFile(kind, path) }));
    const gzip = server && served.reduce((sum, file) => sum + file.gzip, 0);
    const largest = served
      .sort((a, b) => b.gzip - a.gzip)
      .slice(0, 4)
      .map((file) => `${file.path.split("/").pop()} ${kb(file.gzip)}`);
    return {
      values: new Map(
        Object.entries(outcome.value) as [ArrayName, { shape: number[]; values: number[] }][],
      ),
      workers,
      warnings,
      gzip,
      largest,
    };
  } finally {
    await context.close();
  }
}

/** The gzip size of a file an app server sent (its folder, or the CDN page). */
function gzippedFile(kind: Page, path: string): number {
  const folder =
    kind === "cdn"
      ? join(appDir("esbuild"), "node_modules/zarrkit/dist")
      : join(appDir(kind === "vite-dev" ? "vite" : kind), "dist");
  const file = join(folder, path);
  const bytes = existsSync(file) ? readFileSync(file) : Buffer.from(APP_SOURCE);
  return gzipSync(bytes, { level: 9 }).length;
}

function expectValues(name: string, read: { shape: number[]; values: number[] } | undefined) {
  expect(read?.shape, name).toEqual(SHAPE);
  const values = read!.values;
  expect(values.length).toBe(SHAPE[0]! * SHAPE[1]!);
  const wrong = values.findIndex((v, i) => v !== valueAt(i));
  expect(wrong, `${name}: first wrong value at ${wrong}`).toBe(-1);
}

const kb = (n: number | undefined) => (n === undefined ? "n/a" : `${(n / 1024).toFixed(1)} KB`);

describe.each(["vite", "vite-dev", "webpack", "esbuild", "rollup", "cdn"] as Page[])(
  "an app built with %s",
  (kind) => {
    it.skipIf(!hasChromium)(
      "reads a Blosc and a Zstd array in Web Workers, with no configuration",
      async () => {
        const figures: string[] = [];
        for (const name of ["zstd.zarr", "blosc.zarr"] as ArrayName[]) {
          const read = await readInPage(kind, [name]);
          expectValues(`${kind} ${name}`, read.values.get(name));
          expect(read.warnings, `${kind}: console warnings`).toEqual([]);
          expect(read.workers.length, `${kind}: decode workers started`).toBeGreaterThan(0);
          const how = read.workers.every((url) => url.startsWith("blob:"))
            ? "blob: worker"
            : "worker file";
          figures.push(
            `first ${name} read ${kb(read.gzip)} gzip (${read.workers.length} workers, ${how}; largest: ${read.largest.join(", ")})`,
          );
          if (name === "zstd.zarr" && read.gzip !== undefined) {
            expect(
              read.gzip,
              `${kind}: first zstd read; largest: ${read.largest.join(", ")}`,
            ).toBeLessThan(FIRST_READ_BUDGET_GZIP);
          }
        }
        report.push(`${kind.padEnd(9)} ${figures.join("; ")}`);
      },
    );
  },
);

describe("a plain Node script", () => {
  it("reads both arrays from a folder in worker_threads", async () => {
    const out = await run(
      process.execPath,
      ["main.mjs", join(tmp, "data"), "blosc.zarr", "zstd.zarr"],
      { cwd: appDir("esbuild") },
    );
    const result = JSON.parse(out) as {
      out: Record<ArrayName, { shape: number[]; values: number[] }>;
      spawned: number;
    };
    expectValues("node blosc.zarr", result.out["blosc.zarr"]);
    expectValues("node zstd.zarr", result.out["zstd.zarr"]);
    expect(result.spawned).toBeGreaterThan(0);
    const du = await run("du", ["-sk", "node_modules/zarrkit", "node_modules/@zarrkit"], {
      cwd: appDir("esbuild"),
    });
    const kib = du
      .trim()
      .split("\n")
      .reduce((sum, line) => sum + Number(line.split(/\s+/)[0]), 0);
    report.push(`installed: node_modules/zarrkit + @zarrkit = ${(kib / 1024).toFixed(2)} MB (du)`);
  });
});
