/**
 * Brings the examples up to date: the viewer's sample dataset (made when missing), the
 * CDN bundle and the viewer's Vite build (rebuilt when a source is newer). Used by
 * `pnpm start` and by the browser tests' global setup.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildCdn, CDN_ENTRY_FILE, ROOT } from "./cdn-build.js";

export const VIEWER_DIST = join(ROOT, "examples/viewer/dist");

/** Newest modification time of the files under `dir` (0 if it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) time = Math.max(time, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return time;
}

function stale(output: string, sources: number): boolean {
  return !existsSync(output) || statSync(output).mtimeMs < sources;
}

export async function prepareExamples(log: (text: string) => void = () => {}): Promise<void> {
  const packages = ["core", "codecs", "storage", "workers", "zarrkit"].map((name) =>
    newest(join(ROOT, "packages", name, "src")),
  );
  const sources = Math.max(...packages);
  log("sample dataset...");
  // in a child process that resolves workspace packages to their sources, so this
  // works before (or without) the tsc build
  execFileSync(
    process.execPath,
    ["--conditions=zarrkit-source", "--import", "tsx", join(ROOT, "scripts/make-sample.ts")],
    { cwd: ROOT, stdio: "inherit" },
  );
  if (stale(CDN_ENTRY_FILE, sources)) {
    log("CDN bundle...");
    await buildCdn();
  }
  const viewer = join(ROOT, "examples/viewer");
  const viewerSources = Math.max(
    sources,
    newest(join(viewer, "src")),
    statSync(join(viewer, "index.html")).mtimeMs,
    statSync(join(viewer, "vite.config.ts")).mtimeMs,
  );
  if (stale(join(VIEWER_DIST, "index.html"), viewerSources)) {
    log("viewer (vite build)...");
    const { build } = await import("vite");
    await build({ configFile: join(ROOT, "examples/viewer/vite.config.ts") });
  }
}
