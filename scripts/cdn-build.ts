/**
 * The CDN build of zarrkit: one ESM entry, packages/zarrkit/dist/zarrkit.min.js, that a
 * plain HTML page imports with <script type="module"> from any origin. Codecs and their
 * WebAssembly (inlined as base64 modules) are split into chunks under dist/cdn/ that the
 * entry loads on demand with import() relative to its own URL. So is the decode worker,
 * as a string (the browser worker of build-worker.ts, self-contained): the page makes
 * one blob: URL of it for all its workers (cdn.ts).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { bundleBrowserWorker, carriedWorkerModule } from "./build-worker.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const ZARRKIT_DIST = join(ROOT, "packages/zarrkit/dist");
export const CDN_ENTRY_FILE = join(ZARRKIT_DIST, "zarrkit.min.js");

/** The entry (src/cdn.ts). */
export function cdnEntryPoints(): Record<string, string> {
  return { "zarrkit.min": join(ROOT, "packages/zarrkit/src/cdn.ts") };
}

/** decode-worker-source.ts (a placeholder in the sources) as the module carrying `worker`. */
function carriedWorker(worker: string): esbuild.Plugin {
  return {
    name: "carried-decode-worker",
    setup(build) {
      build.onResolve({ filter: /\/decode-worker-source\.js$/ }, (args) => ({
        path: join(args.resolveDir, "decode-worker-source.ts"),
        namespace: "carried-worker",
      }));
      build.onLoad({ filter: /.*/, namespace: "carried-worker" }, () => ({
        contents: carriedWorkerModule(worker),
        loader: "js",
      }));
    },
  };
}

/** esbuild options shared by the CDN build and the size-budget measurement. */
export function browserBundleOptions(): esbuild.BuildOptions {
  return {
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    // workspace packages resolve to their TypeScript sources
    conditions: ["zarrkit-source"],
    legalComments: "none",
    logLevel: "warning",
    // the stores import "node:*" modules through variables on Node-only paths
    external: ["node:*"],
  };
}

/** Builds the CDN files into `outdir`, carrying `worker` (bundleBrowserWorker's code). */
export async function buildCdn(outdir = ZARRKIT_DIST, worker?: string): Promise<esbuild.Metafile> {
  const result = await esbuild.build({
    ...browserBundleOptions(),
    entryPoints: cdnEntryPoints(),
    plugins: [carriedWorker(worker ?? (await bundleBrowserWorker()))],
    outdir,
    splitting: true,
    entryNames: "[name]",
    chunkNames: "cdn/[name]-[hash]",
    metafile: true,
  });
  return result.metafile;
}
