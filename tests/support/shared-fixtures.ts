/**
 * The cross-implementation fixtures: `shared/fixtures` beside the repository (as CI
 * lays it out), else the developers' /work/shared/fixtures.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BESIDE_REPO = join(REPO_ROOT, "../shared/fixtures");

export const SHARED_FIXTURES: string =
  [BESIDE_REPO, "/work/shared/fixtures"].find((dir) => existsSync(dir)) ?? BESIDE_REPO;
