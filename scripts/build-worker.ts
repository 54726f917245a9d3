/**
 * The browser decode worker: packages/zarrkit/src/browser-decode-worker.ts bundled into
 * one file with no imports, dist/browser-decode-worker.js (replacing tsc's output), and
 * the same code as a string, dist/decode-worker-source.js (for a blob: worker where the
 * app's bundler emitted no worker file, and for the CDN build). One file, because
 * bundlers that do emit it (Vite, webpack) then have nothing to split (Vite's default
 * iife worker format allows no code splitting), and the blob: worker can import nothing
 * relative. So every lazy import in it is inlined: it carries every codec's JavaScript,
 * but no WebAssembly (wasm-base64.ts is swapped for wasm-base64-none.ts: the worker asks
 * its pool for each module when first needed), and nothing a browser read never runs
 * (checked below). Node's workers run tsc's dist/decode-worker.js, which imports the
 * packages and also opens local folders.
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

function bundle(): Promise<esbuild.BuildResult<{ write: false; metafile: true }>> {
  return esbuild.build({
    ...browserBundleOptions(),
    entryPoints: [join(ROOT, "packages/zarrkit/src/browser-decode-worker.ts")],
    plugins: [NO_WASM_BYTES],
    write: false,
    metafile: true,
  });
}

/**
 * What a browser worker never runs, so its bundle must not carry: WebAssembly bytes (its
 * pool sends compiled modules), fflate (gzip/zlib decode in WebAssembly), and local
 * file code. (Its HTTP store stays: cross-origin-isolated pages' workers fetch chunks.)
 */
const NEVER_IN_WORKER = /\.wasm\.ts$|\/fflate\/|filesystem-store|file-lock|node-modules/;
/** Bytes of a module's empty lazy-init wrapper, which esbuild may leave behind. */
const EMPTY_MODULE_BYTES = 64;

/**
 * Minifying drops the comments that tell the app's bundler, which bundles the file again,
 * to leave the Node-only `import(specifier)` (serveWorker's node:worker_threads) alone:
 * put them back, so that webpack warns of no "critical dependency".
 */
function keepNodeImportsIgnored(code: string): string {
  const out = code.replace(
    /\bimport\(([\w$]+)\)/g,
    "import(/* @vite-ignore */ /* webpackIgnore: true */ $1)",
  );
  const rest = out.match(/\bimport\((?!\/\* @vite-ignore)/g);
  if (rest)
    throw new Error(`the browser worker bundle has an import() of a literal: ${rest.length}`);
  return out;
}

/** The browser worker's code, bundled, minified and checked. */
export async function bundleBrowserWorker(): Promise<string> {
  const result = await bundle();
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  const carried = Object.keys(inputs).filter(
    (path) => inputs[path]!.bytesInOutput > EMPTY_MODULE_BYTES && NEVER_IN_WORKER.test(path),
  );
  if (carried.length > 0) {
    throw new Error(`the browser worker bundle carries what it never runs: ${carried.join(", ")}`);
  }
  return keepNodeImportsIgnored(result.outputFiles[0]!.text);
}

/** The module that carries `code` as a string (decode-worker-source.ts's place in dist/). */
export function carriedWorkerModule(code: string): string {
  return [
    "/** dist/browser-decode-worker.js as a string, for a blob: worker (see worker-starters.js). */",
    `export const DECODE_WORKER_SOURCE = ${JSON.stringify(code)};`,
    "",
  ].join("\n");
}

/** Writes both files; returns the worker's code. */
export async function buildWorker(outdir = ZARRKIT_DIST): Promise<string> {
  const code = await bundleBrowserWorker();
  writeFileSync(join(outdir, "browser-decode-worker.js"), code);
  // tsc's source maps describe the files replaced here
  rmSync(join(outdir, "browser-decode-worker.js.map"), { force: true });
  rmSync(join(outdir, "decode-worker-source.js.map"), { force: true });
  writeFileSync(join(outdir, "decode-worker-source.js"), carriedWorkerModule(code));
  return code;
}
