/**
 * What the headless-Chromium tests share: Debian's /usr/bin/chromium (Playwright never
 * downloads a browser here) with the flags that keep it quiet and offline, pages
 * bundled by esbuild for the browser, and a tiny 127.0.0.1 server (a secure context).
 */
import { existsSync } from "node:fs";
import { createServer, type OutgoingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Whether the browser is installed (tests skip without it). */
export const hasChromium = existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** The module at `entry` (a URL, e.g. new URL("./page.ts", import.meta.url)) bundled for the browser. */
export async function bundleForBrowser(entry: URL): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(entry)],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    conditions: ["zarrkit-source"],
    write: false,
  });
  return result.outputFiles[0].text;
}

/** A page at "/" that loads "/page.js" as a module. */
export const MODULE_PAGE = '<!doctype html><script type="module" src="./page.js"></script>';

/**
 * Serves `files` by exact URL path on 127.0.0.1 ("/" as HTML, the rest as JavaScript;
 * 404 otherwise), each response with `headers` added.
 */
export async function serveFiles(
  files: Record<string, string>,
  headers: OutgoingHttpHeaders = {},
): Promise<{ server: Server; origin: string }> {
  const server = createServer((request, response) => {
    const body = files[request.url ?? ""];
    response.writeHead(body === undefined ? 404 : 200, {
      "content-type": request.url === "/" ? "text/html" : "text/javascript",
      ...headers,
    });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
