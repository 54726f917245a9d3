/**
 * The part of a browser page the shared spec helpers use, so that the Chromium specs
 * (a Playwright Page) and the Firefox suite (a puppeteer-core Page over WebDriver BiDi,
 * wrapped by tests/firefox/firefox.ts) run the same in-page code.
 */
export interface PageLike {
  goto(url: string): Promise<unknown>;
  /** Runs `fn(arg)` in the page; `arg` and the result must be JSON-able. */
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/**
 * Evaluates `fn(arg)` in the page every 100 ms until it returns something other than
 * undefined, or throws after `timeoutMs` (a bounded wait, never a hang).
 */
export async function pollPage<A, R>(
  page: PageLike,
  fn: (arg: A) => R | undefined,
  arg: A,
  timeoutMs = 30_000,
): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(fn, arg);
    if (value !== undefined && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`page condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
