/**
 * PortLike over a Node worker_threads Worker. `node:worker_threads` is imported
 * dynamically here (and only here, on the pool side) so browser bundles never see it.
 *
 * TypeScript entries (dev and tests). Node cannot run a .ts worker by itself, and
 * `execArgv: ["--import", "tsx"]` does not work for workers on Node 20 (the entry
 * is loaded before tsx's hooks apply: "Unknown file extension .ts"). What works,
 * under `npx vitest run` and plain `node` alike, is a tiny CommonJS bootstrap run
 * with `eval: true` that registers tsx through its ESM API (`tsx/esm/api`, resolved
 * from the entry's own folder so the repo's tsx is found) and then imports the .ts
 * entry. `--conditions=zarrkit-source` is added so that workspace packages ("@zarrkit/core")
 * resolve to their src like everywhere else in the repo. It costs ~0.5 s per worker
 * start, so it is for dev/test only: built packages point at compiled .js entries,
 * which start directly.
 */
import type { Worker, WorkerOptions } from "node:worker_threads";
import type { PortLike } from "./port-like.js";

/**
 * worker_threads' resource limits. The public types here are structural, not imported
 * from "node:worker_threads", so the published .d.ts compile without @types/node.
 */
export interface NodeWorkerResourceLimits {
  maxYoungGenerationSizeMb?: number;
  maxOldGenerationSizeMb?: number;
  codeRangeSizeMb?: number;
  stackSizeMb?: number;
}

/** The part of a worker_threads Worker that nodeWorkerPort uses. */
export interface NodeWorkerLike {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(event: "message", listener: (message: unknown) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "messageerror", listener: (error: Error) => void): unknown;
  on(event: "exit", listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
}

export interface NodeWorkerOptions {
  name?: string;
  /** Node CLI options for the worker (a .js entry inherits the parent's by default). */
  execArgv?: string[];
  resourceLimits?: NodeWorkerResourceLimits;
  /** Run the entry through tsx; default: when the entry's path ends in .ts/.mts/.cts. */
  typescript?: boolean;
}

/** Starts a worker_threads Worker on `entry` (a file URL or path). */
export async function createNodeWorker(
  entry: URL | string,
  options: NodeWorkerOptions = {},
): Promise<PortLike> {
  // Variable specifiers keep bundlers from resolving Node builtins for the browser.
  const threadsId = "node:worker_threads";
  const urlId = "node:url";
  const threads = (await import(
    /* @vite-ignore */ /* webpackIgnore: true */ threadsId
  )) as typeof import("node:worker_threads");
  const { pathToFileURL } = (await import(
    /* @vite-ignore */ /* webpackIgnore: true */ urlId
  )) as typeof import("node:url");
  const url = entry instanceof URL ? entry : isUrl(entry) ? new URL(entry) : pathToFileURL(entry);
  const typescript = options.typescript ?? /\.[mc]?ts$/.test(url.pathname);
  const base: WorkerOptions = { name: options.name, resourceLimits: options.resourceLimits };
  let worker: Worker;
  if (typescript) {
    const execArgv = [...(options.execArgv ?? [])];
    if (!hasSourceCondition(execArgv)) execArgv.push("--conditions=zarrkit-source");
    worker = new threads.Worker(TSX_BOOTSTRAP, {
      ...base,
      eval: true,
      execArgv,
      workerData: { zarrkitTsEntry: url.href },
    });
  } else {
    worker = new threads.Worker(url, { ...base, execArgv: options.execArgv });
  }
  return nodeWorkerPort(worker);
}

/** Wraps an existing worker_threads Worker; it starts unref'd (the pool refs it while busy). */
export function nodeWorkerPort(worker: NodeWorkerLike): PortLike {
  worker.unref();
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (listener) => worker.on("message", listener),
    onError: (listener) => {
      worker.on("error", listener);
      worker.on("messageerror", listener);
    },
    onExit: (listener) => worker.on("exit", listener),
    terminate: () => worker.terminate(),
    ref: () => worker.ref(),
    unref: () => worker.unref(),
  };
}

/** CommonJS, run with eval: registers tsx, then imports the TypeScript entry. */
const TSX_BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const { pathToFileURL } = require("node:url");
const path = require("node:path");
const entry = workerData.zarrkitTsEntry;
const tsxPackage = createRequire(entry).resolve("tsx/package.json");
const api = require(tsxPackage).exports["./esm/api"].import.default;
import(pathToFileURL(path.join(path.dirname(tsxPackage), api)).href)
  .then((tsx) => { tsx.register(); return import(entry); })
  .catch((error) => { setTimeout(() => { throw error; }); });
`;

function isUrl(entry: string): boolean {
  // "file:", "data:", ... but not a Windows drive letter ("C:\\x").
  return /^[a-z][a-z0-9+.-]+:/i.test(entry);
}

function hasSourceCondition(execArgv: readonly string[]): boolean {
  return execArgv.some(
    (arg, i) =>
      arg === "--conditions=zarrkit-source" ||
      arg === "-C=zarrkit-source" ||
      ((arg === "--conditions" || arg === "-C") && execArgv[i + 1] === "zarrkit-source"),
  );
}
