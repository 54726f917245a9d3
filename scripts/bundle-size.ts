/**
 * Measures what a browser app pays for a piece of zarrkit: bundles an entry the way an
 * app's bundler would (minified, tree-shaken) and reports minified and gzipped bytes,
 * plus the largest inputs from esbuild's metafile to show where the bytes come from.
 */
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { browserBundleOptions, ROOT } from "./cdn-build.js";

/** The read path without codecs: open an array over HTTP and get a selection. */
export const READ_PATH_ENTRY = `
export { open, slice } from "@zarrkit/core";
export { FetchStore } from "@zarrkit/storage";
`;

/** Bytes the read path may cost, minified and gzipped (stated in the README). */
export const READ_PATH_BUDGET_GZIP = 34 * 1024;

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
