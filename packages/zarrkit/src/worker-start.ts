/**
 * Starting a decode worker and knowing that it runs. A worker whose script is missing
 * (a bundler that did not emit it: 404), is not JavaScript (an HTML fallback page),
 * or throws while loading, fires an error event, exits (Node), or says nothing at
 * all; one that runs posts `ready` (serveWorker). So a start counts once `ready`
 * arrives, and fails on an error, an exit or silence past a bound.
 */
import type { PortLike } from "@zarrkit/workers";

/** One way to start a decode worker (the bundled file, the carried source, ...). */
export interface WorkerStarter {
  /** Names the way in warnings ("bundled decode-worker.js"). */
  readonly name: string;
  start(): PortLike | Promise<PortLike>;
}

/** The port once its worker posted `ready`; the worker is terminated if it fails. */
export function whenReady(port: PortLike, timeoutMs: number): Promise<PortLike> {
  return new Promise<PortLike>((resolve, reject) => {
    let settled = false;
    const settle = (error: Error | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error === undefined) {
        resolve(port);
        return;
      }
      try {
        void Promise.resolve(port.terminate()).catch(() => {});
      } catch {}
      reject(error);
    };
    const timer = setTimeout(
      () => settle(new Error(`it did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    (timer as { unref?: () => void }).unref?.();
    port.onMessage((message) => {
      if ((message as { type?: unknown } | null)?.type === "ready") settle(undefined);
    });
    port.onError((error) => settle(error));
    port.onExit((code) => settle(new Error(`it exited with code ${code} while starting`)));
  });
}

/** Starts a worker with `starter` and waits until it runs. */
export async function startAndWait(starter: WorkerStarter, timeoutMs: number): Promise<PortLike> {
  return whenReady(await starter.start(), timeoutMs);
}

export type FirstWorker =
  | { starter: WorkerStarter; port: PortLike }
  | { starter: undefined; failures: string[] };

/** The first starter, in order, whose worker runs, with that worker; or why none did. */
export async function startFirstWorker(
  starters: readonly WorkerStarter[],
  timeoutMs: number,
): Promise<FirstWorker> {
  const failures: string[] = [];
  for (const starter of starters) {
    try {
      return { starter, port: await startAndWait(starter, timeoutMs) };
    } catch (error) {
      failures.push(`${starter.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { starter: undefined, failures };
}
