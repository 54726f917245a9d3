/** The zarrkit CLI run in-process (runCli) with what it writes collected. */
import { runCli } from "../../packages/zarrkit/src/cli/run.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `zarrkit argv...`; `terminal` stands in for stderr's isTTY and columns (unset:
 * the write commands read process.stderr's).
 */
export async function runCliCaptured(
  argv: readonly string[],
  terminal: { isTTY?: boolean; columns?: number } = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    ...terminal,
  });
  return { code, stdout, stderr };
}
