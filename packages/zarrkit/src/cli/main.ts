#!/usr/bin/env node
/**
 * The zarrkit command: `zarrkit info|tree|get PATH_OR_URL [options]` (see --help).
 */
import { runCli } from "./run.js";

// writing to a closed pipe (`zarrkit get ... | head`) is not an error worth a stack
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
