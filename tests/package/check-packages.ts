/**
 * `pnpm check:package` (part of `pnpm test`, after `pnpm build`): packs every package as
 * it would be published and checks it as a user's tools would: the package rules
 * (package-rules.ts), publint, @arethetypeswrong/cli, the type-check matrix
 * (type-matrix.ts), and the installed packages running in Node, imported and required.
 * Prints each package's packed and unpacked size.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGE_DIRS, type PackedPackage, packPackage, ROOT } from "./pack.js";
import { packageProblems } from "./package-rules.js";
import { installConsumer, TYPE_CONFIGS, type TypeConfig, typeCheck } from "./type-matrix.js";

let passed = 0;
let failed = 0;

function report(name: string, problem: string): void {
  if (problem === "") {
    passed++;
    console.log(`ok    ${name}`);
  } else {
    failed++;
    console.log(`FAIL  ${name}\n${problem.replace(/^/gm, "      ")}`);
  }
}

/** Runs a command; "" when it exits 0, else what it printed. */
function run(command: string, args: string[], cwd: string): string {
  try {
    execFileSync(command, args, {
      cwd,
      encoding: "utf8",
      stdio: "pipe",
      env: { ...process.env, NO_COLOR: "1" },
    });
    return "";
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ""}${stderr ?? ""}`.trim() || String(error);
  }
}

for (const dir of PACKAGE_DIRS) {
  if (!existsSync(join(ROOT, "packages", dir, "dist/index.js"))) {
    console.error(`packages/${dir}/dist is missing: run pnpm build first`);
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), "zarrkit-packages-"));
try {
  const packed: PackedPackage[] = PACKAGE_DIRS.map((dir) => packPackage(dir, work));
  const bin = (name: string) => join(ROOT, "node_modules/.bin", name);
  for (const pkg of packed) {
    const name = String(pkg.manifest.name);
    console.log(
      `${name}: ${(pkg.packedBytes / 1024).toFixed(1)} KB packed, ` +
        `${(pkg.unpackedBytes / 1024).toFixed(1)} KB unpacked, ${pkg.files.size} files`,
    );
    report(`${name}: package rules`, packageProblems(pkg).join("\n"));
    report(`${name}: publint --strict`, run(bin("publint"), [pkg.tarball, "--strict"], work));
    // ESM only: require() of ESM (Node >= 20.19) is outside what attw's node10 and
    // node16-from-CJS resolutions model, so the esm-only profile leaves those out.
    const attwArgs = [
      pkg.tarball,
      "--profile",
      "esm-only",
      "--no-definitely-typed",
      "--format",
      "ascii",
    ];
    report(`${name}: attw --profile esm-only`, run(bin("attw"), attwArgs, work));
  }
  const project = join(work, "consumer");
  execFileSync("mkdir", ["-p", project]);
  installConsumer(
    project,
    packed.map((pkg) => pkg.tarball),
  );
  for (const config of Object.keys(TYPE_CONFIGS) as TypeConfig[]) {
    report(
      `types: consumer.ts with moduleResolution ${config}, skipLibCheck false`,
      typeCheck(project, config),
    );
  }
  const emitted = typeCheck(project, "node16", true);
  report(
    "node: the compiled consumer runs (import)",
    emitted || run(process.execPath, ["out/consumer.js"], project),
  );
  report('node: require("zarrkit")', run(process.execPath, ["require.cjs"], project));
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
