/**
 * PortLike over a browser Web Worker. Bundlers (Vite, webpack, esbuild) only bundle
 * a worker they can see written as `new Worker(new URL("./x.js", import.meta.url),
 * { type: "module" })`, so callers usually construct the Worker themselves and wrap
 * it with webWorkerPort; createWebWorker is for a URL known at run time (CDN use).
 */
import type { PortLike } from "./port-like.js";

export function createWebWorker(url: URL | string, options: WorkerOptions = {}): PortLike {
  return webWorkerPort(new Worker(url, { type: "module", ...options }));
}

export function webWorkerPort(worker: Worker): PortLike {
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (listener) => worker.addEventListener("message", (event) => listener(event.data)),
    onError: (listener) => {
      // An uncaught error (or a script that failed to load): the pool replaces the worker.
      worker.addEventListener("error", (event) => {
        event.preventDefault();
        listener(new Error(describeErrorEvent(event)));
      });
      worker.addEventListener("messageerror", () =>
        listener(new Error("a message from the worker could not be deserialized")),
      );
    },
    // Web Workers have no exit event: a worker that stops itself (self.close()) is
    // only noticed through its task never replying. Entry scripts should not do that.
    onExit: () => {},
    terminate: () => worker.terminate(),
  };
}

function describeErrorEvent(event: ErrorEvent): string {
  if (!event.message) return "the worker failed to load or threw an error";
  const where = event.filename ? ` (${event.filename}:${event.lineno}:${event.colno})` : "";
  return `${event.message}${where}`;
}
