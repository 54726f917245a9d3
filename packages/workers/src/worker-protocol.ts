/**
 * The messages between a WorkerPool and serveWorker, and the shape of a handler.
 * Every task carries an id so that late replies (after an abort) are recognised and
 * dropped. The pool always sends `init` first, so a worker can await it before tasks.
 */
import { ZarrError } from "@zarrkit/core";
import type { Transferable } from "./port-like.js";
import type { SerializedError } from "./serialized-error.js";

export type ToWorkerMessage =
  | { type: "init"; init: unknown }
  | { type: "task"; id: number; method: string; payload: unknown }
  | { type: "cancel"; id: number }
  /** The pool's answer to a worker's request (see PoolRequestHandlers). */
  | { type: "response"; id: number; ok: true; result: unknown }
  | { type: "response"; id: number; ok: false; error: SerializedError };

export type FromWorkerMessage =
  | { type: "result"; id: number; result: unknown }
  | { type: "error"; id: number; error: SerializedError }
  /** The worker is unusable (onInit failed, an unhandled rejection in a Web Worker). */
  | { type: "crash"; error: SerializedError }
  /** Posted once when the worker listens: its script loaded and ran. */
  | { type: "ready" }
  /** The worker asks the pool for something (a compiled WebAssembly module). */
  | { type: "request"; id: number; method: string; payload: unknown };

/**
 * What a pool answers when its workers ask (serveWorker's `request`): e.g. "wasm", a
 * module compiled once on the pool's thread and shared with every worker.
 */
export type PoolRequestHandlers = Record<
  string,
  (payload: unknown) => HandlerOutput | Promise<HandlerOutput>
>;

export interface HandlerContext {
  /** Fires when the pool cancels the task (the caller aborted it). */
  readonly signal: AbortSignal;
  readonly method: string;
}

export interface HandlerOutput<R = unknown> {
  result: R;
  /** Buffers inside `result` to move back to the caller instead of copying them. */
  transfer?: Transferable[];
}

export type WorkerHandler<P = unknown, R = unknown> = (
  payload: P,
  ctx: HandlerContext,
) => HandlerOutput<R> | Promise<HandlerOutput<R>>;

/** Handlers by method name; `never` lets each handler declare its own payload type. */
export type WorkerHandlers = Record<string, WorkerHandler<never>>;

export function isFromWorkerMessage(value: unknown): value is FromWorkerMessage {
  if (typeof value !== "object" || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return (
    type === "result" ||
    type === "error" ||
    type === "crash" ||
    type === "ready" ||
    type === "request"
  );
}

export function isToWorkerMessage(value: unknown): value is ToWorkerMessage {
  if (typeof value !== "object" || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === "init" || type === "task" || type === "cancel" || type === "response";
}

export function unknownMethodError(method: string, known: readonly string[]): ZarrError {
  const list = known.length > 0 ? known.map((m) => `"${m}"`).join(", ") : "none";
  return new ZarrError("worker", `no worker handler for method "${method}" (known: ${list})`);
}
