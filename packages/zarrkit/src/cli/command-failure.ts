/**
 * How the writing commands end on a failure: one line on stderr ("zarrkit: ..."), exit
 * code 2 for bad usage and 1 for anything else, as run.ts does for the reading ones.
 */
import { ZarrError } from "@zarrkit/core";
import { UsageError } from "./args.js";
import { timeoutMessage } from "./timeout-flag.js";

export function reportFailure(error: unknown, stderr: (text: string) => void): number {
  let message: string;
  const timeout = timeoutMessage(error);
  if (timeout !== undefined) message = timeout;
  else if (error instanceof UsageError || error instanceof ZarrError) message = error.message;
  else if (error instanceof Error) {
    // Node system errors (ENOENT, EACCES...) carry a useful code
    const code = (error as { code?: unknown }).code;
    message =
      typeof code === "string" && !error.message.includes(code)
        ? `${error.message} (${code})`
        : error.message;
  } else message = String(error);
  stderr(`zarrkit: ${message.replace(/\s*\n\s*/g, " ").trim()}\n`);
  return error instanceof UsageError ? 2 : 1;
}
