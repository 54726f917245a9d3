/**
 * What a published zarrkit package must and must not hold: the metadata users and
 * registries read, exports with types + import + default and no workspace-only
 * condition, only built files (no sources, tests, fixtures, source maps, raw .wasm),
 * and declarations without huge literal types (the embedded WASM is a `string`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { PackedPackage } from "./pack.js";

const TOP_LEVEL_FILES = new Set(["package.json", "README.md", "LICENSE", "THIRD_PARTY_NOTICES.md"]);
const NOT_SHIPPED =
  /(^|\/)(src|__fixtures__|test-data)\/|\.test\.|\.test-util\.|\.test-helper\.|\.map$|\.tsbuildinfo$|\.wasm$|\.ts$(?<!\.d\.ts)/;
/** A string literal this long in a .d.ts is data typed as a literal (687 KB of WASM once). */
const LONGEST_DECLARED_LITERAL = 1000;

export function packageProblems(pkg: PackedPackage): string[] {
  const problems: string[] = [];
  const m = pkg.manifest;
  const text = JSON.stringify(m);
  if (text.includes("zarrkit-source"))
    problems.push("the workspace-only condition zarrkit-source is published");
  if (text.includes("workspace:")) problems.push("a workspace: dependency range is published");
  for (const field of ["description", "keywords", "homepage", "bugs", "repository", "engines"]) {
    if (m[field] === undefined) problems.push(`package.json has no ${field}`);
  }
  if (m.license !== "MIT") problems.push(`license is ${String(m.license)}, not MIT`);
  const repository = m.repository as { directory?: string } | undefined;
  if (repository?.directory !== `packages/${pkg.dir}`)
    problems.push("repository.directory is wrong");
  const engines = m.engines as { node?: string } | undefined;
  if (engines?.node !== ">=20.19") problems.push(`engines.node is ${engines?.node}, not >=20.19`);
  for (const [entry, target] of Object.entries((m.exports ?? {}) as Record<string, unknown>)) {
    if (entry === "./package.json") continue;
    const conditions = typeof target === "object" && target !== null ? Object.keys(target) : [];
    if (!conditions.includes("types") || !conditions.includes("default")) {
      problems.push(
        `export "${entry}" lacks types or default (${conditions.join(", ") || "a bare path"})`,
      );
    }
    if (conditions.includes("import") && conditions.at(-1) !== "default") {
      problems.push(`export "${entry}": default must come last`);
    }
  }
  for (const file of ["README.md", "LICENSE"]) {
    if (!pkg.files.has(file)) problems.push(`${file} is not in the tarball`);
  }
  for (const file of pkg.files.keys()) {
    if (!file.startsWith("dist/") && !TOP_LEVEL_FILES.has(file)) problems.push(`ships ${file}`);
    else if (NOT_SHIPPED.test(file)) problems.push(`ships ${file}`);
  }
  for (const file of pkg.files.keys()) {
    if (!file.endsWith(".d.ts")) continue;
    const declaration = readFileSync(join(pkg.unpacked, file), "utf8");
    for (const literal of declaration.matchAll(/"(?:[^"\\\n]|\\.)*"/g)) {
      if (literal[0].length > LONGEST_DECLARED_LITERAL) {
        problems.push(`${file} declares a ${literal[0].length}-character literal type`);
        break;
      }
    }
  }
  return problems;
}
