/**
 * The one thing the pool needs from a worker, whatever the platform: send a message
 * (moving the listed buffers), hear its messages, learn that it died, kill it.
 * `node-worker.ts` and `web-worker.ts` adapt worker_threads.Worker and Web Worker;
 * tests can implement it over a MessageChannel.
 */
/**
 * What a message lists to be moved to a worker instead of copied: zarrkit moves
 * ArrayBuffers only, and drops SharedArrayBuffers from the list (they are shared, never
 * moved: cleanTransferList). Declared here rather than taken from the DOM lib so that
 * the published types compile without it (a Node program with @types/node only).
 */
export type Transferable = ArrayBufferLike;

export interface PortLike {
  /** Sends a structured-clone message; buffers in `transfer` are moved, not copied. */
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (message: unknown) => void): void;
  /** An uncaught error in the worker, or a message that could not be deserialized. */
  onError(listener: (error: Error) => void): void;
  /** The worker stopped (Node reports this; a Web Worker never does). */
  onExit(listener: (code: number) => void): void;
  /** May return a promise (Node); the pool awaits it only in terminate(). */
  terminate(): unknown;
  /** Node only: let a busy worker keep the process alive (ref) or not (unref). */
  ref?(): void;
  unref?(): void;
}
