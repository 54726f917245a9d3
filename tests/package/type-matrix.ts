/**
 * The type-check matrix: the packed packages installed (npm, from the tarballs) into an
 * empty project, and consumer/consumer.ts compiled with skipLibCheck: false under each
 * configuration a user may have. "bundler" has the DOM lib and no @types/node; "node16"
 * has @types/node and no DOM lib, so a declaration that leans on either fails one of them.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./pack.js";

export const TYPE_CONFIGS = {
  bundler: {
    module: "ESNext",
    moduleResolution: "bundler",
    lib: ["ES2022", "DOM", "DOM.Iterable"],
    types: [],
  },
  node16: {
    module: "node16",
    moduleResolution: "node16",
    lib: ["ES2022"],
    types: ["node"],
    // the workspace's @types/node (the version pnpm-lock.yaml pins)
    typeRoots: [join(ROOT, "node_modules/@types")],
  },
} as const;

export type TypeConfig = keyof typeof TYPE_CONFIGS;

/** An npm project with the tarballs installed and the consumer files copied in. */
export function installConsumer(project: string, tarballs: readonly string[]): void {
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify({ name: "zarrkit-consumer", private: true, type: "module" }, null, 2)}\n`,
  );
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...tarballs],
    { cwd: project, stdio: "pipe" },
  );
  for (const file of ["consumer.ts", "require.cjs"]) {
    copyFileSync(join(import.meta.dirname, "consumer", file), join(project, file));
  }
}

/** Runs tsc on the consumer under one configuration; returns its output ("" when clean). */
export function typeCheck(project: string, config: TypeConfig, emit = false): string {
  const tsconfig = join(project, `tsconfig.${config}.json`);
  const compilerOptions = {
    target: "ES2022",
    strict: true,
    skipLibCheck: false,
    ...TYPE_CONFIGS[config],
    ...(emit ? { outDir: "out" } : { noEmit: true }),
  };
  writeFileSync(tsconfig, JSON.stringify({ compilerOptions, files: ["consumer.ts"] }, null, 2));
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", tsconfig],
      {
        cwd: project,
        encoding: "utf8",
        stdio: "pipe",
      },
    );
    return "";
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ""}${stderr ?? ""}`.trim() || String(error);
  }
}
