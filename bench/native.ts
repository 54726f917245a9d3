/**
 * The native reference: zarr-python 2.13 with numcodecs' C codecs (native_read.py),
 * run as a child process on the same arrays with the same selections.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { BENCH_DIR, DATA_DIR, PYTHON } from "./data.js";
import type { Scenario } from "./scenarios.js";

export type NativeResult = { ok: true; ms: number; sha256: string } | { ok: false; reason: string };

export function runNative(s: Scenario, runs: number, warmup: number): NativeResult {
  const job = {
    dataDir: DATA_DIR,
    runs,
    warmup,
    scenarios: [{ name: s.name, array: s.array.path, selection: s.selection }],
  };
  const result = spawnSync(PYTHON, [join(BENCH_DIR, "native_read.py")], {
    input: JSON.stringify(job),
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (result.error) return { ok: false, reason: `cannot run ${PYTHON}: ${result.error.message}` };
  if (result.status !== 0) {
    const lastLine = result.stderr.trim().split("\n").pop() ?? "";
    return { ok: false, reason: `native_read.py exited with ${result.status}: ${lastLine}` };
  }
  for (const line of result.stdout.split("\n")) {
    if (!line.trim()) continue;
    const parsed = JSON.parse(line) as { scenario: string; native_ms: number; sha256: string };
    if (parsed.scenario === s.name)
      return { ok: true, ms: parsed.native_ms, sha256: parsed.sha256 };
  }
  return { ok: false, reason: "native_read.py printed no result" };
}
