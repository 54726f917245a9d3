/**
 * PortLike over a browser Web Worker. Bundlers (Vite, webpack, esbuild) only bundle
 * a worker they can see written as `new Worker(new URL("./x.js", import.meta.url),
 * { type: "module" })`, so callers usually construct the Worker themselves and wrap
 * it with webWorkerPort; createWebWorker is for a URL known at run time (CDN use).
 */
import type { PortLike } from "./port-like.js";

/** Options of `new Worker()`, declared here so the published types need no DOM lib. */
export interface WebWorkerOptions {
  name?: string;
  type?: "classic" | "module";
  credentials?: "include" | "omit" | "same-origin";
}

/** What an uncaught error in a Web Worker reports (the DOM's ErrorEvent). */
export interface WorkerErrorEvent {
  readonly message: string;
  readonly filename: string;
  readonly lineno: number;
  readonly colno: number;
  preventDefault(): void;
}

/** The part of a DOM Worker that webWorkerPort uses: any `new Worker(...)` is one. */
export interface WebWorkerLike {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: "message", listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(type: "error", listener: (event: WorkerErrorEvent) => void): void;
  addEventListener(type: "messageerror", listener: () => void): void;
  terminate(): void;
}

export function createWebWorker(url: URL | string, options: WebWorkerOptions = {}): PortLike {
  return webWorkerPort(new Worker(url, { type: "module", ...options }));
}

export function webWorkerPort(worker: WebWorkerLike): PortLike {
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

function describeErrorEvent(event: WorkerErrorEvent): string {
  if (!event.message) return "the worker failed to load or threw an error";
  const where = event.filename ? ` (${event.filename}:${event.lineno}:${event.colno})` : "";
  return `${event.message}${where}`;
}
