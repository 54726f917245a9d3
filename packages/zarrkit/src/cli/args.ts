/**
 * Command-line parsing for the zarrkit CLI: `zarrkit <command> <target> [options]`.
 * Every mistake is a UsageError with a one-line message; main.ts prints it.
 */

import { parseTimeoutFlag, TIMEOUT_HELP } from "./timeout-flag.js";
import { UsageError } from "./usage-error.js";

export { UsageError };

export type CommandName = "info" | "tree" | "get";

export interface CliOptions {
  /** A node inside the store ("group/array"); default the store's root. */
  path?: string;
  /** get: the selection text ("0:10, 5, ::2, ..."). */
  select?: string;
  /** get / info: print JSON instead of text. */
  json: boolean;
  /** info / tree: force zarr format 2 or 3 when both kinds of metadata exist. */
  zarrFormat?: 2 | 3;
  /** --timeout: the HTTP idle timeout in milliseconds. */
  timeoutMs?: number;
}

export type ParsedArgs =
  | { kind: "help"; command?: CommandName }
  | { kind: "version" }
  | { kind: "run"; command: CommandName; target: string; options: CliOptions };

const COMMANDS: readonly CommandName[] = ["info", "tree", "get"];

/** Which options each command accepts (value-taking options map to true). */
const OPTIONS: Record<CommandName, Record<string, boolean>> = {
  info: { "--path": true, "--json": false, "--zarr-format": true, "--timeout": true },
  tree: { "--path": true, "--zarr-format": true, "--timeout": true },
  get: {
    "--path": true,
    "--select": true,
    "--json": false,
    "--zarr-format": true,
    "--timeout": true,
  },
};

function isCommand(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word);
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0) throw new UsageError("missing command (try zarrkit --help)");
  const [first, ...rest] = argv;
  if (first === "--help" || first === "-h" || first === "help") {
    const topic = rest[0];
    return topic !== undefined && isCommand(topic)
      ? { kind: "help", command: topic }
      : { kind: "help" };
  }
  if (first === "--version" || first === "-V") return { kind: "version" };
  if (first.startsWith("-")) throw new UsageError(`unknown option ${first}`);
  if (!isCommand(first)) {
    throw new UsageError(`unknown command "${first}" (expected one of ${COMMANDS.join(", ")})`);
  }
  const command = first;
  const accepted = OPTIONS[command];
  const options: CliOptions = { json: false };
  let target: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--help" || arg === "-h") return { kind: "help", command };
    if (arg === "--") {
      for (const extra of rest.slice(i + 1)) target = setTarget(target, extra);
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      if (!(name in accepted)) throw new UsageError(`unknown option ${name} for "${command}"`);
      let value: string | undefined;
      if (accepted[name]) {
        if (eq >= 0) value = arg.slice(eq + 1);
        else {
          value = rest[++i];
          if (value === undefined) throw new UsageError(`option ${name} needs a value`);
        }
      } else if (eq >= 0) {
        throw new UsageError(`option ${name} takes no value`);
      }
      applyOption(options, name, value);
    } else if (arg.startsWith("-") && arg.length > 1 && !/^-\d/.test(arg)) {
      throw new UsageError(`unknown option ${arg} for "${command}"`);
    } else {
      target = setTarget(target, arg);
    }
  }
  if (target === undefined) throw new UsageError(`"${command}" needs a PATH_OR_URL`);
  return { kind: "run", command, target, options };
}

function setTarget(current: string | undefined, arg: string): string {
  if (current !== undefined) throw new UsageError(`unexpected argument "${arg}"`);
  if (arg === "") throw new UsageError("PATH_OR_URL is empty");
  return arg;
}

function applyOption(options: CliOptions, name: string, value: string | undefined): void {
  switch (name) {
    case "--json":
      options.json = true;
      return;
    case "--select":
      options.select = value;
      return;
    case "--path":
      options.path = value?.replace(/^\/+|\/+$/g, "");
      return;
    case "--zarr-format":
      if (value !== "2" && value !== "3") {
        throw new UsageError(`--zarr-format must be 2 or 3, not "${value}"`);
      }
      options.zarrFormat = value === "2" ? 2 : 3;
      return;
    case "--timeout": {
      const ms = parseTimeoutFlag(value);
      if (ms !== undefined) options.timeoutMs = ms;
      return;
    }
  }
}

export const USAGE: string = `usage: zarrkit <command> PATH_OR_URL [options]

Commands:
  info PATH_OR_URL   type, zarr format, dtype, shape, chunks, codecs, fill value,
                     bytes (uncompressed), bytes stored, storage ratio, chunks initialized
  tree PATH_OR_URL   the hierarchy as an indented tree, with array shapes and dtypes
  get  PATH_OR_URL   array values

Options:
  --path P           a node inside the store (e.g. group/array); default the root
  --select S         get: numpy-style selection, e.g. "0:10, 5, ::2, ..." or "[1, 4], :"
  --json             get: print {"shape", "dtype", "data"} with data flat in C order
                     info: print the same facts as JSON
  --zarr-format N    read only zarr format N metadata (2 or 3)
  --timeout S        ${TIMEOUT_HELP}
  -h, --help         this help
  -V, --version      the version

PATH_OR_URL is a local folder, a .zip file, or an http(s)://, s3:// or gs:// URL.
In --json output NaN and ±Infinity are the strings "NaN", "Infinity", "-Infinity";
64-bit integers beyond 2^53 are decimal strings; complex values are [re, im].`;

export const COMMAND_USAGE: Record<CommandName, string> = {
  info: `usage: zarrkit info PATH_OR_URL [--path P] [--json] [--zarr-format N] [--timeout S]`,
  tree: `usage: zarrkit tree PATH_OR_URL [--path P] [--zarr-format N] [--timeout S]`,
  get: `usage: zarrkit get PATH_OR_URL [--path P] [--select S] [--json] [--zarr-format N] [--timeout S]`,
};
