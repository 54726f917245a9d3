/**
 * `pnpm test:firefox`: the browser read suite, the CDN example, the no-jank check and
 * the viewer's pixel test in Debian's Firefox ESR (tests/support/firefox.ts), against the
 * same servers and with the same in-page code as the Chromium specs in tests/browser.
 *
 * Runs with Node's test runner, not Vitest: Vitest rewrites `import()` inside the
 * functions the tests send to the page, which then fail there. First the CDN bundle and
 * the viewer are built (tests/browser/global-setup.ts), then the *.firefox.ts files run
 * one at a time (one browser at a time on a 2-core machine).
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import globalSetup from "../browser/global-setup.js";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith(".firefox.ts"))
  .filter((name) => only.length === 0 || only.some((part) => name.includes(part)))
  .map((name) => join(here, name));
if (files.length === 0) throw new Error(`no Firefox test file matches ${only.join(" ")}`);

await globalSetup();
const result = spawnSync(
  process.execPath,
  [
    "--conditions=zarrkit-source",
    "--import",
    "tsx",
    "--test",
    "--test-reporter=spec",
    "--test-concurrency=1",
    ...files,
  ],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
