/**
 * The worker side of a WorkerPool: a worker entry script calls
 *
 *   serveWorker({ decode: async (job, ctx) => ({ result, transfer: [result.buffer] }) },
 *               { onInit: (init) => { modules = init as ... } });
 *
 * synchronously at its top level (messages that arrive before a listener exists are
 * queued by Node, but a Web Worker that awaits something first could miss them).
 * Works in a Web Worker (self) and in Node worker_threads (parentPort). Handler
 * errors go back serialized and are rethrown by the pool with the same class, name
 * and code; a failing onInit, or an unhandled rejection in a Web Worker, is
 * reported as a crash and the pool replaces the worker.
 *
 * The worker posts `ready` once it listens (so a starter can tell a worker that runs
 * from one whose script never loaded), and may ask its pool for things with the
 * returned channel's `request` (answered by the pool's `requests` handlers).
 */
import { AbortError } from "@zarrkit/core";
import type { Transferable } from "./port-like.js";
import { deserializeError, serializeError } from "./serialized-error.js";
import { cleanTransferList } from "./transfer-list.js";
import {
  type FromWorkerMessage,
  isToWorkerMessage,
  unknownMethodError,
  type WorkerHandler,
  type WorkerHandlers,
} from "./worker-protocol.js";

export interface ServeWorkerOptions {
  /** Receives the pool's `init` payload once, before any task runs. */
  onInit?: (init: unknown) => void | Promise<void>;
}

/** What a served worker can do besides answering tasks. */
export interface PoolChannel {
  /** Asks the pool (its `requests[method]` handler); rejects with the handler's error. */
  request<T>(method: string, payload: unknown): Promise<T>;
}

/** The worker end of the channel: what `self` or `parentPort` offer. */
export interface WorkerEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface WebWorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
}

/** Serves `handlers` on the current worker; resolves once it listens. */
export async function serveWorker(
  handlers: WorkerHandlers,
  options: ServeWorkerOptions = {},
): Promise<PoolChannel> {
  const scope = webWorkerScope();
  if (scope !== undefined) {
    const endpoint: WorkerEndpoint = {
      postMessage: (message, transfer) => scope.postMessage(message, transfer ?? []),
      onMessage: (listener) =>
        scope.addEventListener("message", (event) => listener((event as MessageEvent).data)),
    };
    // An unhandled rejection does not stop a Web Worker, nor reach the page: report it.
    scope.addEventListener("unhandledrejection", (event) => {
      const reason = (event as PromiseRejectionEvent).reason;
      endpoint.postMessage(crashMessage(reason));
    });
    return serveEndpoint(endpoint, handlers, options);
  }
  // A variable specifier keeps bundlers from resolving a Node builtin for the browser.
  const specifier = "node:worker_threads";
  const { parentPort } = (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as {
    parentPort: NodeParentPort | null;
  };
  if (parentPort === null) {
    throw new Error("serveWorker must be called in a Web Worker or a worker_threads Worker");
  }
  return serveEndpoint(
    {
      postMessage: (message, transfer) => parentPort.postMessage(message, transfer),
      onMessage: (listener) => parentPort.on("message", listener),
    },
    handlers,
    options,
  );
}

interface NodeParentPort {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(event: "message", listener: (message: unknown) => void): void;
}

/** Serves `handlers` over any endpoint (a MessagePort in tests, a custom transport). */
export function serveEndpoint(
  endpoint: WorkerEndpoint,
  handlers: WorkerHandlers,
  options: ServeWorkerOptions = {},
): PoolChannel {
  // Resolves true once init is done; tasks wait for it. False means the worker crashed.
  let ready: Promise<boolean> = Promise.resolve(true);
  const running = new Map<number, AbortController>();
  const asked = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  let nextRequest = 1;

  const reply = (message: FromWorkerMessage, transfer?: Transferable[]) => {
    endpoint.postMessage(message, transfer);
  };

  const runTask = async (id: number, method: string, payload: unknown) => {
    const controller = new AbortController();
    running.set(id, controller);
    try {
      if (!(await ready)) return;
      if (!Object.hasOwn(handlers, method)) {
        throw unknownMethodError(method, Object.keys(handlers));
      }
      const handler = handlers[method] as WorkerHandler;
      const output = await handler(payload, { signal: controller.signal, method });
      try {
        reply({ type: "result", id, result: output.result }, cleanTransferList(output.transfer));
      } catch (error) {
        // The result could not be cloned (DataCloneError): report that instead.
        reply({ type: "error", id, error: serializeError(error) });
      }
    } catch (error) {
      reply({ type: "error", id, error: serializeError(error) });
    } finally {
      running.delete(id);
    }
  };

  endpoint.onMessage((message) => {
    if (!isToWorkerMessage(message)) return;
    switch (message.type) {
      case "init":
        ready = Promise.resolve()
          .then(() => options.onInit?.(message.init))
          .then(
            () => true,
            (error: unknown) => {
              reply(crashMessage(error, "onInit failed: "));
              return false;
            },
          );
        break;
      case "task":
        void runTask(message.id, message.method, message.payload);
        break;
      case "cancel":
        running.get(message.id)?.abort(new AbortError("the task was cancelled by the pool"));
        break;
      case "response": {
        const pending = asked.get(message.id);
        asked.delete(message.id);
        if (message.ok) pending?.resolve(message.result);
        else pending?.reject(deserializeError(message.error));
        break;
      }
    }
  });
  reply({ type: "ready" });

  return {
    request: <T>(method: string, payload: unknown) =>
      new Promise<T>((resolve, reject) => {
        const id = nextRequest++;
        asked.set(id, { resolve: resolve as (value: unknown) => void, reject });
        reply({ type: "request", id, method, payload });
      }),
  };
}

function crashMessage(reason: unknown, prefix = ""): FromWorkerMessage {
  const error = serializeError(reason);
  return { type: "crash", error: { ...error, message: prefix + error.message } };
}

function webWorkerScope(): WebWorkerScope | undefined {
  const g = globalThis as { WorkerGlobalScope?: abstract new () => unknown };
  if (typeof g.WorkerGlobalScope === "function" && globalThis instanceof g.WorkerGlobalScope) {
    return globalThis as unknown as WebWorkerScope;
  }
  return undefined;
}
