/**
 * `pnpm test:runtimes` (after `pnpm build`; the last step of `pnpm test`): the runtime
 * matrix. Every runtime in scripts/runtimes/binaries.ts (Node 22/24/26, Deno, Bun: npm
 * registry packages in the lockfile) and the default Node run the suites that apply to
 * them; one line per runtime x suite with pass/fail and time; exit 1 on any failure.
 *
 *   pnpm test:runtimes [--only SUBSTRING]   (e.g. --only "node 24", --only bun)
 *
 * Suites (SUITES below; adding one is one entry):
 * - vitest subset (Node): the unit tests where runtimes differ, under that node binary:
 *   HTTP (nginx, a faulty server), the CLI, worker_threads decoding and reads, the
 *   folder and fetch stores. The whole unit suite runs on the default Node in
 *   `pnpm test`; three more times would not fit CI's budget.
 * - vitest interop (Node 24 only): reading zarr-python and zarrs data. Most of its time
 *   is zarr-python's, the same on every line, so one more Node line runs it.
 * - cli (Node): the built CLI's info, tree and convert (v2 Blosc -> v3 Zstd) on fixtures.
 * - user app (every runtime): the packed packages installed with npm, read from a folder
 *   and over HTTP with the default worker pool, written and read back by zarr-python
 *   (scripts/runtimes/user-app.ts).
 * - package scripts (SCRIPT_SUITES): another matrix's script, run once when package.json
 *   has it (`test:firefox`).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { run } from "../tests/toolchains/run-npm.js";
import { installedRuntimes, npmEnv, type Runtime } from "./runtimes/binaries.js";
import { prepareUserApp, runUserApp, type UserApp } from "./runtimes/user-app.js";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const CLI = join(ROOT, "packages/zarrkit/dist/cli/main.js");
const FIXTURES = join(ROOT, "tests/fixtures/zarr-python/v2");
/** Bounds per suite run, far above their times on a loaded 2-core machine. */
const VITEST_TIMEOUT_MS = 15 * 60_000;
const CLI_TIMEOUT_MS = 120_000;

const VITEST_SUBSET = [
  "tests/http/nginx-reads.test.ts",
  "tests/http/fault-server.test.ts",
  "tests/cli.test.ts",
  "packages/workers/src/worker-pool.test.ts",
  "packages/zarrkit/src/worker-decoder.test.ts",
  "packages/zarrkit/src/worker-reads.test.ts",
  "packages/storage/src/filesystem-store.test.ts",
  "packages/storage/src/fetch-store.test.ts",
];
const INTEROP_SUBSET = [
  "tests/interop/zarr-python.test.ts",
  "tests/interop/zarrs-fixtures.test.ts",
];
/** The Node line that also runs INTEROP_SUBSET: the active LTS. */
const INTEROP_NODE = "node 24";

/** The default Node: the one running this script (the main suite's). */
const DEFAULT_NODE: Runtime = {
  name: "node (default)",
  kind: "node",
  npmPackage: "",
  version: process.versions.node,
  binary: process.execPath,
};

interface Context {
  runtime: Runtime;
  binary: string;
  app: () => Promise<UserApp>;
}

interface Suite {
  name: string;
  applies(runtime: Runtime): boolean;
  /** Throws on failure; may return a short note for the line. */
  run(context: Context): Promise<string | undefined>;
}

const installed = (runtime: Runtime) => runtime !== DEFAULT_NODE;

const SUITES: readonly Suite[] = [
  {
    name: "vitest subset",
    applies: (runtime) => runtime.kind === "node" && installed(runtime),
    run: ({ binary }) => runVitest(binary, VITEST_SUBSET),
  },
  {
    name: "vitest interop",
    applies: (runtime) => runtime.name === INTEROP_NODE,
    run: ({ binary }) => runVitest(binary, INTEROP_SUBSET),
  },
  {
    name: "cli",
    applies: (runtime) => runtime.kind === "node" && installed(runtime),
    run: ({ binary }) => runCliSuite(binary),
  },
  {
    name: "user app",
    applies: () => true,
    run: async ({ runtime, binary, app }) => runUserApp(await app(), runtime, binary),
  },
];

/** package.json scripts that are suites of their own (run once, under pnpm). */
const SCRIPT_SUITES = ["test:firefox"];

async function runVitest(binary: string, files: readonly string[]): Promise<string | undefined> {
  const vitest = join(ROOT, "node_modules/vitest/vitest.mjs");
  const out = await run(binary, [vitest, "run", "--reporter=dot", ...files], {
    cwd: ROOT,
    env: withNodeFirst(binary),
    timeoutMs: VITEST_TIMEOUT_MS,
  });
  return /Tests\s+(\d+ passed[^\n]*)/.exec(stripColors(out))?.[1]?.trim();
}

async function runCliSuite(binary: string): Promise<string> {
  const cli = (...args: string[]) =>
    run(binary, [CLI, ...args], {
      cwd: ROOT,
      env: withNodeFirst(binary),
      timeoutMs: CLI_TIMEOUT_MS,
    });
  const source = join(FIXTURES, "codecs.zarr/blosc_zstd_bitshuffle");
  const info = await cli("info", source);
  expectIn(info, "cname=zstd", "info");
  expectIn(info, "Shape              : [9, 7]", "info");
  const tree = await cli("tree", join(FIXTURES, "hierarchy.zarr"));
  expectIn(tree, "x [3, 4] <i2", "tree");
  const tmp = await mkdtemp(join(tmpdir(), "zarrkit-runtimes-cli-"));
  try {
    const target = join(tmp, "converted.zarr");
    await cli("convert", source, target, "--zarr-format", "3", "--codec", "zstd:5");
    const metadata = JSON.parse(await readFile(join(target, "zarr.json"), "utf8")) as {
      codecs?: { name: string }[];
    };
    if (!metadata.codecs?.some((codec) => codec.name === "zstd")) {
      throw new Error(`convert: no zstd codec in ${JSON.stringify(metadata.codecs)}`);
    }
    const [before, after] = await Promise.all([
      cli("get", source, "--json"),
      cli("get", target, "--json"),
    ]);
    const data = (text: string) => JSON.stringify((JSON.parse(text) as { data: unknown }).data);
    if (data(before) !== data(after)) throw new Error("convert: the values changed");
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return "info, tree, convert";
}

function expectIn(output: string, expected: string, what: string): void {
  if (!output.includes(expected)) throw new Error(`${what}: no "${expected}" in\n${output}`);
}

/** PATH with this node first: tests that spawn `node`, and npm scripts, get it too. */
function withNodeFirst(binary: string): NodeJS.ProcessEnv {
  const env = npmEnv();
  return { ...env, PATH: `${dirname(binary)}:${env.PATH ?? ""}`, NO_COLOR: "1" };
}

function stripColors(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { only: { type: "string" } } });
  const only = values.only;
  const runtimes = [DEFAULT_NODE, ...installedRuntimes()];
  const started = performance.now();
  let appPromise: Promise<UserApp> | undefined;
  const app = () => {
    appPromise ??= prepareUserApp();
    return appPromise;
  };
  let failures = 0;
  const line = (runtime: string, suite: string, ok: boolean, since: number, note = "") => {
    if (!ok) failures++;
    const cells = [
      runtime.padEnd(24),
      suite.padEnd(14),
      ok ? "pass" : "FAIL",
      seconds(since).padStart(8),
    ];
    console.log(`${cells.join("  ")}  ${note}`.trimEnd());
  };
  try {
    for (const runtime of runtimes) {
      const label = `${runtime.name} ${runtime.version}`;
      const suites = SUITES.filter(
        (suite) =>
          suite.applies(runtime) && (only === undefined || `${label} ${suite.name}`.includes(only)),
      );
      if (suites.length === 0) continue;
      const binary = runtime.binary;
      for (const suite of suites) {
        const since = performance.now();
        try {
          const note = await suite.run({ runtime, binary, app });
          line(label, suite.name, true, since, note);
        } catch (error) {
          line(label, suite.name, false, since);
          console.log(indent(error instanceof Error ? error.message : String(error)));
        }
      }
    }
    const scripts = (
      JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const script of SCRIPT_SUITES) {
      if (scripts[script] === undefined || (only !== undefined && !script.includes(only))) continue;
      const since = performance.now();
      try {
        await run("pnpm", ["run", script], { cwd: ROOT, timeoutMs: VITEST_TIMEOUT_MS });
        line(script, "pnpm script", true, since);
      } catch (error) {
        line(script, "pnpm script", false, since);
        console.log(indent(error instanceof Error ? error.message : String(error)));
      }
    }
  } finally {
    if (appPromise !== undefined)
      await appPromise.then(
        (ready) => ready.close(),
        () => {},
      );
  }
  console.log(
    `runtime matrix: ${failures === 0 ? "all pass" : `${failures} FAILED`} in ${seconds(started)}`,
  );
  return failures === 0 ? 0 : 1;
}

function indent(text: string): string {
  return text
    .split("\n")
    .slice(0, 60)
    .map((row) => `    ${row}`)
    .join("\n");
}

process.exitCode = await main();
