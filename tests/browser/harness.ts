/**
 * What the browser specs share: where things are, and static servers (Range + CORS,
 * 127.0.0.1, a free port each) for the repository and for the shared fixtures.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, type Page } from "@playwright/test";
import { type StaticServer, startStaticServer } from "../../packages/zarrkit/src/cli/serve.js";
import { ROOT } from "../../scripts/cdn-build.js";
import { SHARED_FIXTURES } from "../support/shared-fixtures.js";

export { ROOT };

/** The cross-implementation fixtures (see tests/support/shared-fixtures.ts). */
export const FIXTURES = process.env.ZARRKIT_FIXTURES ?? SHARED_FIXTURES;

/** The CDN entry, relative to the repository root. */
export const BUNDLE_PATH = "packages/zarrkit/dist/zarrkit.min.js";

export interface CountingServer extends StaticServer {
  /** Requests so far (with the Range header, if any), in order. */
  readonly requests: { method: string; path: string; range: string | undefined }[];
}

export async function serve(
  root: string,
  options: { crossOriginIsolated?: boolean } = {},
): Promise<CountingServer> {
  const requests: CountingServer["requests"] = [];
  const server = await startStaticServer({
    root,
    onRequest: (request) => requests.push(request),
    crossOriginIsolated: options.crossOriginIsolated,
  });
  return Object.assign(server, { requests });
}

/**
 * Reads values in Node with the zarrkit CLI (`zarrkit get --json`), run from the
 * sources, so specs compare the browser with Node without needing the tsc build.
 */
export function readInNode(
  target: string,
  path: string,
  select: string,
): { shape: number[]; data: (number | string)[] } {
  const out = execFileSync(
    process.execPath,
    [
      "--conditions=zarrkit-source",
      "--import",
      "tsx",
      join(ROOT, "packages/zarrkit/src/cli/main.ts"),
      "get",
      target,
      "--path",
      path,
      "--select",
      select,
      "--json",
    ],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
  );
  return JSON.parse(out) as { shape: number[]; data: (number | string)[] };
}

/** A region one viewer load asked for, at one pyramid level (the viewer's loadLog). */
export interface Box {
  level: number;
  start: number[];
  stop: number[];
}

/**
 * Waits until the viewer page (examples/viewer) has finished a load newer than its
 * first `completed` loads and has none pending.
 */
export async function viewerSettled(page: Page, completed: number): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate((n) => {
        const { view } = (
          globalThis as unknown as {
            zarrkitViewer: { view: { busy: boolean; loads: { completed: number } } };
          }
        ).zarrkitViewer;
        return !view.busy && view.loads.completed > n;
      }, completed),
    )
    .toBe(true);
}
