/**
 * Measures what a browser app pays for a piece of zarrkit: bundles an entry the way an
 * app's bundler would (minified, tree-shaken) and reports minified and gzipped bytes,
 * plus the largest inputs from esbuild's metafile to show where the bytes come from.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { browserBundleOptions, buildCdn, ROOT } from "./cdn-build.js";

/** The read path without codecs: open an array over HTTP and get a selection. */
export const READ_PATH_ENTRY = `
export { open, slice } from "@zarrkit/core";
export { FetchStore } from "@zarrkit/storage";
`;

/**
 * Bytes the read path may cost, minified and gzipped (stated in the README): 37.1 KB
 * measured plus a margin. Was 34 KB before every read took on the HTTP hardening
 * (redirect rules, stall watchdog and deadline, bounded bodies: http-exchange.ts) and
 * version-checked reads; what a read does not need (send(), the persistent cache's
 * revalidation, S3 signing) loads on demand and is not counted.
 */
export const READ_PATH_BUDGET_GZIP = 40 * 1024;

export interface BundleSize {
  min: number;
  gzip: number;
  /** Input files by bytes in the entry and its static chunks, largest first. */
  inputs: { path: string; bytes: number }[];
  /** Lazy (dynamic-import) chunks, not counted: they load only when a codec is used. */
  chunks: number;
}

/** Bundles `contents` (an ES module resolved from the repo root) and measures it. */
export async function measureEntry(
  contents: string,
  options: { conditions?: string[] } = {},
): Promise<BundleSize> {
  const result = await esbuild.build({
    ...browserBundleOptions(),
    ...(options.conditions ? { conditions: options.conditions } : {}),
    stdin: { contents, resolveDir: ROOT, loader: "ts", sourcefile: "entry.ts" },
    outdir: "/virtual-out",
    splitting: true,
    entryNames: "entry",
    write: false,
    metafile: true,
  });
  const outputs = result.metafile.outputs;
  const entryPath = Object.keys(outputs).find((path) => path.endsWith("/entry.js"));
  if (entryPath === undefined) throw new Error("esbuild produced no entry file");
  // the entry and the chunks it imports statically: what loads before it runs (code
  // shared with lazy chunks is split out of the entry into such chunks)
  const initial = new Set<string>();
  const visit = (path: string) => {
    if (initial.has(path)) return;
    initial.add(path);
    for (const dependency of outputs[path]?.imports ?? []) {
      if (dependency.kind === "import-statement" && !dependency.external) visit(dependency.path);
    }
  };
  visit(entryPath);
  const files = result.outputFiles.filter((file) =>
    [...initial].some((path) => file.path.endsWith(path.replace(/^.*virtual-out/, ""))),
  );
  const code = Buffer.concat(files.map((file) => file.contents));
  const inputs = [...initial]
    .flatMap((path) => Object.entries(outputs[path].inputs))
    .map(([path, info]) => ({ path, bytes: info.bytesInOutput }))
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return {
    min: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    inputs,
    chunks: result.outputFiles.length - files.length,
  };
}

/** What a page may download for its first Zstd read with the CDN build (gzip). */
export const CDN_FIRST_ZSTD_READ_BUDGET_GZIP = 200 * 1024;

/**
 * What a page downloads with the CDN build for its first read of arrays using `codec`
 * (a file under packages/codecs/src/wasm/, e.g. "zstd"), gzip: the entry and the chunks
 * it imports, the decode worker's code (one chunk, fetched once for all workers), the
 * codec's lazy chunk (should the page decode a chunk itself) and its decoder's
 * WebAssembly chunk (loaded and compiled by the page, once for all workers). The chunks
 * that codec loads, and nothing else lazy.
 */
export async function measureCdnFirstRead(
  codec: string,
  wasm: string,
): Promise<{ gzip: number; files: string[] }> {
  const outdir = mkdtempSync(join(tmpdir(), "zarrkit-cdn-"));
  try {
    const metafile = await buildCdn(outdir);
    const outputs = metafile.outputs;
    const closure = (file: string, seen: Set<string>) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const dependency of outputs[file]?.imports ?? []) {
        if (dependency.kind === "import-statement") closure(dependency.path, seen);
      }
    };
    const byEntry = (suffix: string) => {
      const file = Object.keys(outputs).find((f) => outputs[f]!.entryPoint?.endsWith(suffix));
      if (file === undefined) throw new Error(`no CDN chunk for ${suffix}`);
      return file;
    };
    const files = new Set<string>();
    const entry = Object.keys(outputs).find((f) => f.endsWith("/zarrkit.min.js"));
    if (entry === undefined) throw new Error("no CDN output zarrkit.min.js");
    closure(entry, files);
    closure(byEntry("/decode-worker-source.ts"), files);
    closure(byEntry(`packages/codecs/src/wasm/${codec}.ts`), files);
    closure(byEntry(`packages/codecs/src/wasm/${wasm}.wasm.ts`), files);
    let gzip = 0;
    for (const file of files) gzip += gzipSync(readFileSync(join(ROOT, file)), { level: 9 }).length;
    return { gzip, files: [...files].map((f) => basename(f)) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
