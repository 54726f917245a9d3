/**
 * The decode worker as bundlers see it. Vite and webpack emit a worker script for
 * `new Worker(new URL("./file.js", import.meta.url), { type: "module" })` written as
 * one expression, so this file must keep that form in its compiled output (dist/).
 * Unbundled (Node, a plain server, the package as installed) the URL is the real
 * dist/browser-decode-worker.js next to this module (a page's worker: HTTP stores only;
 * Node's pools start decode-worker.js, see worker-starters.ts). esbuild and Rollup leave the expression
 * alone and the URL points at nothing: the pool then falls back to the carried worker.
 */
export function startBundledWorker(): Worker {
  return new Worker(new URL("./browser-decode-worker.js", import.meta.url), {
    type: "module",
    name: "zarrkit-decode",
  });
}
