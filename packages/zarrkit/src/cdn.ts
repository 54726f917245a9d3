/**
 * The CDN build's entry (dist/zarrkit.min.js): everything the zarrkit package exports,
 * with the default decode pool starting its workers from the worker script shipped
 * beside this file (dist/zarrkit-worker.min.js), also when the page is on another
 * origin than the CDN (worker-script-url.ts).
 *
 *   <script type="module">
 *     import { open } from "https://cdn.example/zarrkit/dist/zarrkit.min.js";
 *     const array = await open(url, { kind: "array" });   // decodes in Web Workers
 *   </script>
 */
import { createWebWorker, type PortLike } from "@zarrkit/workers";
import { configureWorkers as configurePool, type WorkerConfig } from "./pool.js";
import { workerScriptUrl } from "./worker-script-url.js";

export * from "./index.js";
export { workerScriptUrl } from "./worker-script-url.js";

/** The decode worker built beside this bundle (computed here: this file is the entry). */
export const WORKER_URL: URL = new URL("./zarrkit-worker.min.js", import.meta.url);

let scriptUrl: string | undefined;

function startCdnWorker(): PortLike {
  scriptUrl ??= workerScriptUrl(WORKER_URL);
  return createWebWorker(scriptUrl, { name: "zarrkit-decode" });
}

/** As zarrkit's configureWorkers, but workers start from WORKER_URL unless told otherwise. */
export function configureWorkers(options: WorkerConfig): void {
  configurePool({ createWorker: startCdnWorker, ...options });
}

configureWorkers({});
