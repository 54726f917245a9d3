/**
 * Browser tests (tests/browser/*.spec.ts) in Debian's headless Chromium. Never lets
 * Playwright download a browser: the executable is /usr/bin/chromium (`apt-get install
 * chromium`). The global setup builds the CDN bundle the pages import.
 */
import { defineConfig } from "@playwright/test";
import { CHROMIUM, CHROMIUM_ARGS } from "./tests/support/chromium.js";

export { CHROMIUM_ARGS };

export default defineConfig({
  testDir: "tests/browser",
  testMatch: "**/*.spec.ts",
  globalSetup: "./tests/browser/global-setup.ts",
  outputDir: "test-results",
  // 2-core machines: one browser at a time keeps timings (and the cancel test) honest
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: "list",
  forbidOnly: !!process.env.CI,
  use: {
    browserName: "chromium",
    headless: true,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    viewport: { width: 1200, height: 800 },
  },
});
