import { abortErrorOf } from "./abortable.js";

/**
 * De-duplicates concurrent requests for the same thing: callers asking for an id while a
 * request for it runs share that request. The shared request is cancelled only when every
 * caller waiting on it has aborted.
 */
export class InFlightRequests<T> {
  readonly #pending = new Map<
    string,
    { promise: Promise<T>; controller: AbortController; waiters: number }
  >();

  /** Requests running now. */
  get size(): number {
    return this.#pending.size;
  }

  /**
   * Lets later callers of `id` start a new request instead of joining the running one
   * (whose answer may be out of date); callers already waiting still get its result.
   */
  forget(id: string): void {
    this.#pending.delete(id);
  }

  /**
   * Joins the request for `id`, starting it with `start` if none runs. `joined` tells
   * whether this caller joined a running request; `shared`, whether another caller
   * receives the same result.
   */
  run(
    id: string,
    start: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<{ value: T; joined: boolean; shared: boolean }> {
    if (signal?.aborted) return Promise.reject(abortErrorOf(signal));
    let pending = this.#pending.get(id);
    const joined = pending !== undefined;
    if (!pending) {
      const controller = new AbortController();
      const entry = { promise: undefined as unknown as Promise<T>, controller, waiters: 0 };
      let started: Promise<T>;
      try {
        started = start(controller.signal);
      } catch (error) {
        started = Promise.reject(error); // a start that throws at once still rejects
      }
      entry.promise = started.finally(() => {
        if (this.#pending.get(id) === entry) this.#pending.delete(id);
      });
      this.#pending.set(id, entry);
      pending = entry;
    }
    const entry = pending;
    entry.waiters++;
    return new Promise((resolve, reject) => {
      let done = false;
      const onAbort = () => {
        if (done) return;
        done = true;
        if (--entry.waiters === 0) {
          entry.controller.abort(signal?.reason);
          if (this.#pending.get(id) === entry) this.#pending.delete(id);
        }
        reject(abortErrorOf(signal!));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      entry.promise.then(
        (value) => {
          if (done) return;
          done = true;
          signal?.removeEventListener("abort", onAbort);
          // a request others joined later still counts as shared for the first caller
          resolve({ value, joined, shared: joined || entry.waiters > 1 });
        },
        (error: unknown) => {
          if (done) return;
          done = true;
          signal?.removeEventListener("abort", onAbort);
          reject(error);
        },
      );
    });
  }
}
