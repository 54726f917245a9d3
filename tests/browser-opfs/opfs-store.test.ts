/**
 * OpfsStore against the real Origin Private File System of headless Chromium. The page
 * (opfs-page.ts, importing the @zarrkit/storage index) is bundled by esbuild for the
 * browser and served from 127.0.0.1, a secure context, so OPFS is available. Skipped,
 * with the reason logged, where /usr/bin/chromium is missing.
 */
import type { Server } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundleForBrowser,
  CHROMIUM,
  hasChromium,
  launchChromium,
  MODULE_PAGE,
  serveFiles,
} from "../support/chromium.js";
import type { OpfsReport } from "./opfs-page.js";

if (!hasChromium) console.log(`skipping the OPFS browser tests: ${CHROMIUM} is missing`);

describe.skipIf(!hasChromium)("OpfsStore in Chromium", () => {
  let server: Server;
  let browser: Browser;
  let report: OpfsReport;

  beforeAll(async () => {
    const served = await serveFiles({
      "/": MODULE_PAGE,
      "/page.js": await bundleForBrowser(new URL("./opfs-page.ts", import.meta.url)),
    });
    server = served.server;
    browser = await launchChromium();
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${served.origin}/`);
    await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready, null, {
      timeout: 30_000,
    });
    expect(pageErrors).toEqual([]);
    report = await page.evaluate(() =>
      (window as unknown as { __run(): Promise<OpfsReport> }).__run(),
    );
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("sets and gets values, treating files-for-folders and folders-for-files as missing", () => {
    expect(report.get).toEqual({
      group: '{"node_type":"group"}',
      overwritten: "short",
      missing: undefined,
      missingDeep: undefined,
      underAFile: undefined,
      aFolder: undefined,
      has: [true, false, false],
    });
  });

  it("reads ranges with File.slice, clamped like HTTP", () => {
    expect(report.ranges).toEqual({
      middle: "234",
      pastEnd: "89",
      beyond: "",
      suffix: "6789",
      longSuffix: "0123456789",
      missing: undefined,
      many: ["01", "89"],
    });
  });

  it("lists keys and folders", () => {
    expect(report.list).toEqual({
      all: ["arr/c/0/0", "arr/c/0/1", "arr/c/1/0", "arrays/x", "zarr.json"],
      arr: ["arr/c/0/0", "arr/c/0/1", "arr/c/1/0"],
      partial: ["arr/c/0/0", "arr/c/0/1", "arr/c/1/0", "arrays/x"],
      c0: ["arr/c/0/0", "arr/c/0/1"],
      none: [],
      rootDir: { keys: ["zarr.json"], prefixes: ["arr/", "arrays/"] },
      cDir: { keys: [], prefixes: ["arr/c/0/", "arr/c/1/"] },
      missingDir: { keys: [], prefixes: [] },
    });
    expect(report.concurrent).toHaveLength(20);
    expect(report.concurrent).toContain("many/1/19");
  });

  it("deletes keys; deleting a missing key or a folder's name does nothing", () => {
    expect(report.afterDelete).toEqual({ gone: undefined, keys: ["arr/c/0/0", "arr/c/0/1"] });
  });

  it("refuses keys that would escape the store, and nothing lands outside it", () => {
    for (const [key, error] of Object.entries(report.escapes)) {
      expect(error, key).toMatchObject({ name: "InvalidKeyError", code: "invalid-key" });
    }
    expect(report.otherErrors.getEscape).toMatchObject({ code: "invalid-key" });
    expect(report.otherErrors.deleteEscape).toMatchObject({ code: "invalid-key" });
    expect(report.otherErrors.listEscape).toMatchObject({ code: "invalid-key" });
    expect(report.otherErrors.openEscape).toMatchObject({ code: "invalid-key" });
    // every file in the whole origin's OPFS lies inside the store folder (no swap files either)
    expect(report.raw.every((path) => path.startsWith("stores/test/"))).toBe(true);
    expect(report.raw).toContain("stores/test/arr/c/0/0");
  });

  it("reports other failures with typed errors", () => {
    const { fileAsFolder, folderAsFile, notBytes, aborted, openMissing } = report.otherErrors;
    expect(fileAsFolder).toMatchObject({ name: "StoreError", code: "store" });
    expect(fileAsFolder).toHaveProperty("message", expect.stringContaining('"zarr.json/child"'));
    expect(folderAsFile).toMatchObject({ name: "StoreError", code: "store" });
    expect(folderAsFile).toHaveProperty("message", expect.stringContaining("a folder stands"));
    expect(notBytes).toMatchObject({ code: "store" });
    expect(aborted).toMatchObject({ name: "AbortError", code: "aborted" });
    expect(openMissing).toMatchObject({ name: "StoreError", code: "store" });
    expect(openMissing).toHaveProperty("message", expect.stringContaining("no/such/folder"));
  });

  it("round-trips a zip written as a Blob through OPFS and ZipStore", () => {
    expect(report.zipped).toEqual({ group: '{"node_type":"group"}', chunkLength: 350 });
  });
});
