/**
 * The published decode worker: packages/zarrkit/src/decode-worker.ts bundled into one
 * file with no imports, dist/decode-worker.js (replacing tsc's output), and the same
 * code as a string, dist/decode-worker-source.js (for a blob: worker where the app's
 * bundler emitted no worker file). One file, because bundlers that do emit it (Vite,
 * webpack) then have nothing to split (Vite's default iife worker format allows no
 * code splitting), and the blob: worker can import nothing relative. It carries every
 * codec's JavaScript but no WebAssembly: wasm-base64.ts is swapped for
 * wasm-base64-none.ts, and the worker asks its pool for each module when first needed.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { browserBundleOptions, ROOT, ZARRKIT_DIST } from "./cdn-build.js";

const NO_WASM_BYTES: esbuild.Plugin = {
  name: "worker-without-wasm-bytes",
  setup(build) {
    build.onResolve({ filter: /\/wasm-base64\.js$/ }, (args) => ({
      path: join(args.resolveDir, "wasm-base64-none.ts"),
    }));
  },
};

function bundle(
  minify: esbuild.BuildOptions,
): Promise<esbuild.BuildResult<{ write: false; metafile: true }>> {
  return esbuild.build({
    ...browserBundleOptions(),
    ...minify,
    entryPoints: [join(ROOT, "packages/zarrkit/src/decode-worker.ts")],
    plugins: [NO_WASM_BYTES],
    write: false,
    metafile: true,
  });
}

/** Writes both files; returns the carried (string) version's code. */
export async function buildWorker(outdir = ZARRKIT_DIST): Promise<string> {
  const [file, carried] = await Promise.all([
    // the file keeps the /* webpackIgnore */ and /* @vite-ignore */ comments on its
    // Node-only import()s, so the app's bundler, which bundles it again, leaves them be
    bundle({ minify: false, minifySyntax: true, minifyIdentifiers: true }),
    // the string is never bundled again: fully minified
    bundle({ minify: true }),
  ]);
  for (const result of [file, carried]) {
    const wasm = Object.keys(result.metafile.inputs).filter((path) => path.endsWith(".wasm.ts"));
    if (wasm.length > 0)
      throw new Error(`the worker bundle carries WebAssembly: ${wasm.join(", ")}`);
  }
  writeFileSync(join(outdir, "decode-worker.js"), file.outputFiles[0]!.text);
  // tsc's source maps describe the files replaced here
  rmSync(join(outdir, "decode-worker.js.map"), { force: true });
  rmSync(join(outdir, "decode-worker-source.js.map"), { force: true });
  const code = carried.outputFiles[0]!.text;
  const source = [
    "/** dist/decode-worker.js as a string, for a blob: worker (see worker-starters.js). */",
    `export const DECODE_WORKER_SOURCE = ${JSON.stringify(code)};`,
    "",
  ].join("\n");
  writeFileSync(join(outdir, "decode-worker-source.js"), source);
  return code;
}
