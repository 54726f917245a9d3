/**
 * Debian's Firefox ESR for the Firefox suite (tests/firefox), driven over WebDriver BiDi
 * by puppeteer-core. Nothing downloads a browser: the executable is /usr/bin/firefox-esr
 * (`apt-get install firefox-esr`). Playwright 1.65's BiDi channel ("moz-firefox") sends
 * commands this ESR lacks (emulation.setMediaFeaturesOverride), hence puppeteer-core.
 */
import { existsSync } from "node:fs";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import type { PageLike } from "../browser/page-like.js";

export const FIREFOX = "/usr/bin/firefox-esr";

/** Whether the browser is installed. */
export const hasFirefox = existsSync(FIREFOX);

/** Preferences that keep a test profile quiet and offline. */
const FIREFOX_PREFS: Record<string, unknown> = {
  "app.update.enabled": false,
  "browser.shell.checkDefaultBrowser": false,
  "datareporting.policy.dataSubmissionEnabled": false,
  "network.captive-portal-service.enabled": false,
  "network.connectivity-service.enabled": false,
  "toolkit.telemetry.enabled": false,
};

export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: "firefox",
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
    defaultViewport: { width: 1200, height: 800 },
  });
}

/**
 * A puppeteer page as the shared spec helpers see it (tests/browser/page-like.ts): one
 * JSON-able argument, like Playwright's evaluate, and navigation that waits for "load".
 * The function goes to the page as source text with a `__name` helper in scope: tsx's
 * esbuild (keepNames) calls it inside functions, and Playwright, unlike puppeteer,
 * defines it in the page itself.
 */
export function asPageLike(page: Page): PageLike {
  return {
    goto: (url) => page.goto(url, { waitUntil: "load" }),
    evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) =>
      page.evaluate(
        `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg) ?? "undefined"}); })()`,
      ) as Promise<R>,
  };
}
