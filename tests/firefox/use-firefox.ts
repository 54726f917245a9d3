/**
 * One headless Firefox ESR per test file (started before its tests, closed after), and a
 * fresh page per use that records the page's uncaught errors.
 */
import { after, before } from "node:test";
import type { Browser, Page } from "puppeteer-core";
import type { PageLike } from "../browser/page-like.js";
import { asPageLike, launchFirefox } from "../support/firefox.js";

export interface FirefoxPage extends PageLike {
  /** The puppeteer page, for what PageLike does not cover. */
  readonly raw: Page;
  /** Uncaught errors in the page so far. */
  readonly errors: string[];
}

export function useFirefox(): { newPage(): Promise<FirefoxPage> } {
  let browser: Browser | undefined;
  before(async () => {
    browser = await launchFirefox();
  });
  after(async () => {
    await browser?.close();
  });
  return {
    async newPage() {
      if (!browser) throw new Error("Firefox did not start");
      const raw = await browser.newPage();
      const errors: string[] = [];
      raw.on("pageerror", (error) => errors.push(String((error as Error).message ?? error)));
      return Object.assign(asPageLike(raw), { raw, errors });
    },
  };
}
