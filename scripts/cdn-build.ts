/**
 * The CDN build of zarrkit: one ESM entry, packages/zarrkit/dist/zarrkit.min.js, that a
 * plain HTML page imports with <script type="module"> from any origin. Codecs and their
 * WebAssembly (inlined as base64 modules) are split into chunks under dist/cdn/ that the
 * entry loads on demand with import() relative to its own URL. The decode worker,
 * dist/zarrkit-worker.min.js, shares those chunks.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const ZARRKIT_DIST = join(ROOT, "packages/zarrkit/dist");
export const CDN_ENTRY_FILE = join(ZARRKIT_DIST, "zarrkit.min.js");

/** The entry (src/cdn.ts) and the decode worker it starts (WORKER_URL in cdn.ts). */
export function cdnEntryPoints(): Record<string, string> {
  return {
    "zarrkit.min": join(ROOT, "packages/zarrkit/src/cdn.ts"),
    "zarrkit-worker.min": join(ROOT, "packages/zarrkit/src/decode-worker.ts"),
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

export async function buildCdn(outdir = ZARRKIT_DIST): Promise<esbuild.Metafile> {
  const result = await esbuild.build({
    ...browserBundleOptions(),
    entryPoints: cdnEntryPoints(),
    outdir,
    splitting: true,
    entryNames: "[name]",
    chunkNames: "cdn/[name]-[hash]",
    metafile: true,
  });
  return result.metafile;
}
