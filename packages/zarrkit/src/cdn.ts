/**
 * The CDN build's entry (dist/zarrkit.min.js): everything the zarrkit package exports,
 * with the default decode pool starting its workers from the worker code the build
 * carries as a string (dist/cdn/decode-worker-source-*.js, loaded on the first read):
 * one fetch and one blob: URL for every worker, whatever the CDN's cache headers, and
 * no cross-origin worker script (browsers refuse those).
 *
 *   <script type="module">
 *     import { open } from "https://cdn.example/zarrkit/dist/zarrkit.min.js";
 *     const array = await open(url, { kind: "array" });   // decodes in Web Workers
 *   </script>
 */
import { configureWorkers as configurePool, type WorkerConfig } from "./pool.js";
import { startCarriedWorker } from "./worker-starters.js";

export * from "./index.js";
export { workerScriptUrl } from "./worker-script-url.js";

/** As zarrkit's configureWorkers, but workers start from the carried code unless told otherwise. */
export function configureWorkers(options: WorkerConfig): void {
  configurePool({ createWorker: startCarriedWorker, ...options });
}

configureWorkers({});
