/**
 * Fires when a request stops making progress: in every window of `windowMs`, the
 * response must start (headers, a redirect) or its body must bring at least
 * `minBytes`. A silent server trips it after one window; so does one that drips a byte
 * at a time, which an idle timer alone (reset by every byte) would wait on forever.
 */
export class StallWatchdog {
  #received = 0;
  #started = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly windowMs: number,
    private readonly minBytes: number,
    private readonly onStall: () => void,
    /** The first window (the wait for the response to start), if longer. */
    firstWindowMs = windowMs,
  ) {
    if (windowMs > 0) this.#arm(Math.max(windowMs, firstWindowMs));
  }

  /** The response started (headers arrived): this window made progress. */
  started(): void {
    this.#started = true;
  }

  /** Body bytes arrived. */
  progress(bytes: number): void {
    this.#received += bytes;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(ms = this.windowMs): void {
    this.#timer = setTimeout(() => {
      const moved = this.#started || this.#received >= this.minBytes;
      this.#started = false;
      this.#received = 0;
      if (moved) this.#arm();
      else {
        this.#timer = undefined;
        this.onStall();
      }
    }, ms);
  }
}
