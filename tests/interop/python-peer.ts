/**
 * Debian's zarr-python 2.13 / numcodecs 0.11 as a peer for interop tests: whether it can
 * be run here, and running a script with arguments.
 */
import { execFileSync } from "node:child_process";

export const PYTHON = "/usr/bin/python3";

/** Why the peer tests must be skipped (python3 cannot import zarr and numcodecs), if so. */
export function zarrPythonSkipReason(what: string): string | undefined {
  try {
    execFileSync(PYTHON, ["-c", "import zarr, numcodecs"], { stdio: "pipe" });
    return undefined;
  } catch (error) {
    const reason = `${PYTHON} cannot import zarr: ${(error as Error).message.split("\n")[0]}`;
    console.warn(`skipping ${what}: ${reason}`);
    return reason;
  }
}

/** Runs `script` with `python3 -c`, returning its stdout. */
export function python(script: string, args: string[]): string {
  return execFileSync(PYTHON, ["-c", script, ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
  });
}
