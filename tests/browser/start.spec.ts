/**
 * `pnpm start` as the README gives it: scripts/start.ts (on a free port, PORT=0) prints
 * the viewer's URL first, and that URL, the server's root, shows the viewer with the
 * sample dataset. The global setup has already made the sample and built the viewer, so
 * start.ts only checks them and serves.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { ROOT, viewerSettled } from "./harness.js";

/** Starts scripts/start.ts and resolves the viewer URL it prints. */
function startScript(): { child: ChildProcess; viewerUrl: Promise<string> } {
  const child = spawn(
    process.execPath,
    ["--conditions=zarrkit-source", "--import", "tsx", join(ROOT, "scripts/start.ts")],
    { cwd: ROOT, env: { ...process.env, PORT: "0" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  const viewerUrl = new Promise<string>((resolve, reject) => {
    let out = "";
    // fail inside the test's own timeout, so that `finally` stops the server
    const timer = setTimeout(
      () => reject(new Error(`no viewer URL in 40 s; printed:\n${out}`)),
      40_000,
    );
    child.once("exit", () => clearTimeout(timer));
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (text: string) => {
      out += text;
      const match = /^\s*viewer:\s+(\S+)/m.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`start.ts exited (${code}) printing:\n${out}`)));
  });
  return { child, viewerUrl };
}

test("pnpm start prints a URL that shows the viewer on the sample", async ({ page }) => {
  const { child, viewerUrl } = startScript();
  try {
    const url = await viewerUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(url);
    expect(page.url()).toBe(new URL("/examples/viewer/dist/", url).href);
    await viewerSettled(page, 0);
    await expect(page.locator(".node", { hasText: "multiscale image, 4 levels" })).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    child.kill("SIGTERM");
  }
});
