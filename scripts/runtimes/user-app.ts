/**
 * The user app of the runtime matrix: the built packages packed (`pnpm pack`, so
 * workspace:* becomes a version) and installed with npm into a fresh project, as a user
 * gets them; tests/runtimes/user-app.mjs copied next to them; arrays written by
 * zarr-python (tests/runtimes/arrays.py) in a folder that a local HTTP server also
 * serves. `runUserApp` runs the app under one runtime and checks what it printed.
 */
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { run } from "../../tests/toolchains/run-npm.js";
import { type StaticServer, serveFolder } from "../../tests/toolchains/static-server.js";
import { npmEnv, type Runtime } from "./binaries.js";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const PACKAGES = ["core", "codecs", "storage", "workers", "zarrkit"];
const PYTHON = "/usr/bin/python3";
const ARRAYS_PY = join(ROOT, "tests/runtimes/arrays.py");
/** A run of the app is bounded: a hung worker start must fail the suite, not CI. */
const APP_TIMEOUT_MS = 180_000;

export interface UserApp {
  dir: string;
  data: string;
  server: StaticServer;
  close(): Promise<void>;
}

export async function prepareUserApp(): Promise<UserApp> {
  for (const name of PACKAGES) {
    const built = join(ROOT, "packages", name, "dist/index.js");
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`pnpm build\` first`);
  }
  const dir = await mkdtemp(join(tmpdir(), "zarrkit-runtimes-"));
  const packs = join(dir, "packs");
  await mkdir(packs);
  for (const name of PACKAGES) {
    await run("pnpm", ["pack", "--pack-destination", packs], {
      cwd: join(ROOT, "packages", name),
    });
  }
  const app = join(dir, "app");
  await mkdir(app);
  const pkg = { name: "zarrkit-runtime-app", private: true, type: "module", version: "0.0.0" };
  await writeFile(join(app, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  // Deno: resolve npm: specifiers from this node_modules, as npm installed it
  await writeFile(join(app, "deno.json"), `${JSON.stringify({ nodeModulesDir: "manual" })}\n`);
  const tarballs = (await readdir(packs)).map((file) => join(packs, file));
  await run("npm", ["install", "--no-audit", "--no-fund", ...tarballs], {
    cwd: app,
    env: npmEnv(),
  });
  await copyFile(join(ROOT, "tests/runtimes/user-app.mjs"), join(app, "user-app.mjs"));
  const data = join(dir, "data");
  await run(PYTHON, [ARRAYS_PY, "make", data], { cwd: dir });
  const server = await serveFolder(data);
  return {
    dir: app,
    data,
    server,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** What user-app.mjs prints. */
interface AppReport {
  reads: Record<string, { mismatch: string | null; shared: boolean }>;
  stats: { spawned: number; workers: number };
  warnings: string[];
}

/**
 * Runs the app under `runtime` (its binary at `binary`), then zarr-python on what it
 * wrote. Throws what went wrong; returns a short note (workers, shared results).
 */
export async function runUserApp(app: UserApp, runtime: Runtime, binary: string): Promise<string> {
  const out = join(app.dir, `out-${runtime.name.replace(/\W+/g, "-")}`);
  await rm(out, { recursive: true, force: true });
  await mkdir(out);
  const args = [app.data, app.server.origin, out];
  const argv =
    runtime.kind === "deno"
      ? ["run", ...denoPermissions(app, out), "user-app.mjs", ...args]
      : ["user-app.mjs", ...args];
  const stdout = await run(binary, argv, {
    cwd: app.dir,
    env: { ...npmEnv(), NO_COLOR: "1" },
    timeoutMs: APP_TIMEOUT_MS,
  });
  const report = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as AppReport;
  const problems: string[] = [];
  for (const [read, { mismatch }] of Object.entries(report.reads)) {
    if (mismatch !== null) problems.push(`${read}: ${mismatch}`);
  }
  if (Object.keys(report.reads).length !== 4) problems.push("not all four reads ran");
  if (report.stats.spawned < 1) problems.push("no decode worker was started");
  if (report.warnings.length > 0) problems.push(`warnings: ${report.warnings.join("; ")}`);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  await run(PYTHON, [ARRAYS_PY, "check", join(out, "written.zarr")], { cwd: app.dir });
  const shared = Object.values(report.reads).every((read) => read.shared);
  return `${report.stats.spawned} workers, shared results ${shared ? "yes" : "no"}`;
}

/**
 * The least Deno needs (README "Runtime support"): read the app and its node_modules
 * and data, write the output folder, fetch from the HTTP server, and the host name
 * (FileSystemStore's lock files name their holder).
 */
function denoPermissions(app: UserApp, out: string): string[] {
  return [
    `--allow-read=${app.dir},${app.data}`,
    `--allow-write=${out}`,
    `--allow-net=${new URL(app.server.origin).host}`,
    "--allow-sys=hostname",
  ];
}
