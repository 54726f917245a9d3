/**
 * The ways zarrkit starts its decode workers when the app says nothing, in the order
 * tried (pool.ts takes the first whose worker runs).
 *
 * Browser: (1) the worker file the app's bundler emitted for bundled-worker.ts's
 * `new Worker(new URL(...))` (Vite, webpack; or the real file when the package is
 * served unbundled); (2) the worker code carried as a string (decode-worker-source.ts)
 * in a `blob:` URL, for bundlers that do not emit worker files (esbuild, Rollup,
 * Vite's dev pre-bundling), and for the CDN build (cdn.ts). Node: decode-worker.js
 * next to this module (tsc's: it also opens local folders).
 */
import { createNodeWorker, createWebWorker, type PortLike, webWorkerPort } from "@zarrkit/workers";
import { startBundledWorker } from "./bundled-worker.js";
import type { WorkerStarter } from "./worker-start.js";

const NAME = "zarrkit-decode";

export function defaultWorkerStarters(entry: URL | string | undefined): WorkerStarter[] {
  if (isNode()) {
    const file = entry ?? workerFile();
    return [
      {
        name: `worker_threads on ${String(file)}`,
        start: () => createNodeWorker(file, { name: NAME }),
      },
    ];
  }
  if (typeof (globalThis as { Worker?: unknown }).Worker !== "function") return [];
  if (entry !== undefined) {
    return [
      { name: `worker ${String(entry)}`, start: () => createWebWorker(entry, { name: NAME }) },
    ];
  }
  return [
    { name: "the bundled decode-worker.js", start: () => webWorkerPort(startBundledWorker()) },
    { name: "the carried worker code (blob: URL)", start: startCarriedWorker },
  ];
}

/** decode-worker.js (or .ts when running from source) next to this module. */
export function workerFile(): URL {
  const here = new URL(import.meta.url);
  const ext = /\.[mc]?ts$/.test(here.pathname) ? "ts" : "js";
  return new URL(`./decode-worker.${ext}`, here);
}

let carriedUrl: string | undefined;

/** A worker from the carried code: fetched (a lazy chunk) and made a blob: URL once, for every worker. */
export async function startCarriedWorker(): Promise<PortLike> {
  const { DECODE_WORKER_SOURCE } = await import("./decode-worker-source.js");
  if (DECODE_WORKER_SOURCE === undefined) {
    throw new Error("no carried worker code (running from the TypeScript sources)");
  }
  carriedUrl ??= URL.createObjectURL(new Blob([DECODE_WORKER_SOURCE], { type: "text/javascript" }));
  return createWebWorker(carriedUrl, { name: NAME });
}

function isNode(): boolean {
  const versions = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions;
  return versions?.node !== undefined;
}
