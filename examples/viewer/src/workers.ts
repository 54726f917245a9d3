/**
 * Chunks decode in Web Workers. A bundler only emits a worker script it can see as
 * `new Worker(new URL("./file", import.meta.url))`, so the app starts zarrkit's decode
 * workers itself and hands them to the default pool.
 */
import { webWorkerPort } from "@zarrkit/workers";
import { configureWorkers } from "zarrkit";

export function useBundledDecodeWorkers(size?: number): void {
  configureWorkers({
    size,
    createWorker: () =>
      webWorkerPort(
        new Worker(new URL("./decode-worker.ts", import.meta.url), {
          type: "module",
          name: "zarrkit-decode",
        }),
      ),
  });
}
