/**
 * `pnpm build` step 2: the self-contained decode worker (build-worker.ts) and the CDN
 * bundle (see cdn-build.ts). Prints each entry with what
 * a page downloads before it runs (the entry and the chunks it imports statically),
 * and the lazy chunks (codecs, WebAssembly), minified and gzipped.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Metafile } from "esbuild";
import { buildWorker } from "./build-worker.js";
import { buildCdn, ROOT, ZARRKIT_DIST } from "./cdn-build.js";

const worker = await buildWorker();
const workerGzip = gzipSync(worker, { level: 9 }).length;
console.log(
  `browser decode worker (dist/browser-decode-worker.js): ${(worker.length / 1024).toFixed(1)} KB min ${(workerGzip / 1024).toFixed(1)} KB gzip`,
);

rmSync(join(ZARRKIT_DIST, "cdn"), { recursive: true, force: true });
// the CDN worker's own file before its workers started from the carried code
rmSync(join(ZARRKIT_DIST, "zarrkit-worker.min.js"), { force: true });
const metafile = await buildCdn(ZARRKIT_DIST, worker);

const sizes = new Map<string, { min: number; gzip: number }>();
for (const file of Object.keys(metafile.outputs)) {
  if (!file.endsWith(".js")) continue;
  const bytes = readFileSync(join(ROOT, file));
  sizes.set(file, { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
}

/** The file and every chunk it imports statically, transitively. */
function initialLoad(outputs: Metafile["outputs"], file: string, seen = new Set<string>()) {
  seen.add(file);
  for (const dependency of outputs[file]?.imports ?? []) {
    if (dependency.kind === "import-statement" && !seen.has(dependency.path)) {
      initialLoad(outputs, dependency.path, seen);
    }
  }
  return seen;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
const total = (files: Iterable<string>) => {
  let min = 0;
  let gzip = 0;
  for (const file of files) {
    min += sizes.get(file)?.min ?? 0;
    gzip += sizes.get(file)?.gzip ?? 0;
  }
  return `${kb(min)} min ${kb(gzip)} gzip`;
};

// the named entries sit in dist/; dist/cdn/ holds chunks (lazy ones are entry points too)
const entries = Object.keys(metafile.outputs).filter(
  (file) => file.endsWith(".js") && !file.includes("/cdn/"),
);
const initial = new Set<string>();
for (const file of entries) {
  const files = initialLoad(metafile.outputs, file);
  for (const f of files) initial.add(f);
  console.log(`${total(files)}  ${file} (with ${files.size - 1} chunks it imports)`);
}
const lazy = [...sizes.keys()].filter((file) => !initial.has(file)).sort();
for (const file of lazy) console.log(`${total([file])}  ${file}`);
console.log(`${total(lazy)}  all ${lazy.length} lazy chunks (codecs, WebAssembly)`);
