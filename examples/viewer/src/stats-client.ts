/**
 * The main-thread side of the stats worker: one request at a time per id, answered
 * by promise. The values are copied (not transferred) so the caller keeps its data.
 */

interface StatsReply {
  id: number;
  range: [number, number];
}

export class StatsClient {
  #worker: Worker;
  #nextId = 1;
  #pending = new Map<number, (range: [number, number]) => void>();
  /** Requests answered so far (tests check that the worker did the work). */
  answered = 0;

  constructor() {
    this.#worker = new Worker(new URL("./stats-worker.ts", import.meta.url), { type: "module" });
    this.#worker.addEventListener("message", (event: MessageEvent<StatsReply>) => {
      const resolve = this.#pending.get(event.data.id);
      this.#pending.delete(event.data.id);
      this.answered++;
      resolve?.(event.data.range);
    });
  }

  percentiles(
    data: ArrayLike<number | bigint>,
    low: number,
    high: number,
  ): Promise<[number, number]> {
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, resolve);
      this.#worker.postMessage({ id, data, low, high });
    });
  }
}
