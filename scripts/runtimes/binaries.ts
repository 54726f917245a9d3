/**
 * The runtimes the matrix tests: npm registry packages pinned in
 * scripts/runtimes/package.json (a workspace package, so `pnpm install
 * --frozen-lockfile` installs them from the lockfile; nothing is fetched at test time).
 * They are optionalDependencies of that package alone: the platform packages
 * (linux-x64 glibc) carry the binary in their tarball, other platforms skip them, and
 * their `node` bins never shadow the checkout's own Node in `pnpm` scripts.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Runtime {
  /** "node 22", "deno", ... */
  name: string;
  kind: "node" | "deno" | "bun";
  /** The registry package that ships the binary. */
  npmPackage: string;
  version: string;
  binary: string;
}

const HERE = new URL(".", import.meta.url).pathname;

/** Dependency name in package.json -> the runtime and the binary inside the package. */
const BINARIES = [
  { dependency: "node-22", name: "node 22", kind: "node", binary: "bin/node" },
  { dependency: "node-24", name: "node 24", kind: "node", binary: "bin/node" },
  { dependency: "node-26", name: "node 26", kind: "node", binary: "bin/node" },
  { dependency: "@deno/linux-x64-glibc", name: "deno", kind: "deno", binary: "deno" },
  { dependency: "@oven/bun-linux-x64", name: "bun", kind: "bun", binary: "bin/bun" },
] as const;

/**
 * The installed runtimes; throws naming what is missing (another platform than
 * linux-x64 glibc, or `pnpm install` not run since package.json changed).
 */
export function installedRuntimes(): Runtime[] {
  return BINARIES.map(({ dependency, name, kind, binary }) => {
    const dir = join(HERE, "node_modules", dependency);
    const manifest = join(dir, "package.json");
    const path = join(dir, binary);
    if (!existsSync(manifest) || !existsSync(path)) {
      throw new Error(
        `${name}: ${path} is missing; run \`pnpm install --frozen-lockfile\` ` +
          "(the runtime packages are for linux-x64 with glibc only)",
      );
    }
    const { name: npmPackage, version } = JSON.parse(readFileSync(manifest, "utf8")) as {
      name: string;
      version: string;
    };
    return { name, kind, npmPackage, version, binary: path };
  });
}

/** The environment without pnpm's npm_* settings, which would redirect npm's install. */
export function npmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_|^pnpm_/i.test(key)),
  );
}
