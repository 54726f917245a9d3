/**
 * The CLI as a function: parse arguments, open the target, run the command. Returns the
 * exit code; every failure becomes one line on stderr ("zarrkit: ..."), never a stack.
 */
import { NodeNotFoundError, ZarrError, type ZarrNode } from "@zarrkit/core";
import { resolveStore } from "@zarrkit/storage";
import { open } from "../index.js";
import { type CliOptions, COMMAND_USAGE, parseArgs, USAGE, UsageError } from "./args.js";
import { runConvert, WRITE_COMMANDS } from "./convert.js";
import { runCreate } from "./create.js";
import { runGet } from "./get.js";
import { runInfo } from "./info.js";
import { runServe } from "./serve.js";
import { warnSkippedEntries } from "./skipped-entries.js";
import { storeOptionsFor, timeoutMessage } from "./timeout-flag.js";
import { runTree } from "./tree.js";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const VERSION = "0.1.0";

/** Exit codes: 0 success, 1 a failure reading data, 2 bad command-line usage. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === "serve") return runServe(argv.slice(1), io); // a server, not a reader
  if (argv[0] === "convert") return runConvert(argv.slice(1), io); // writers: cli/convert.ts
  if (argv[0] === "create") return runCreate(argv.slice(1), io);
  try {
    const args = parseArgs(argv);
    if (args.kind === "help") {
      io.stdout(`${args.command ? COMMAND_USAGE[args.command] : `${USAGE}\n${WRITE_COMMANDS}`}\n`);
      return 0;
    }
    if (args.kind === "version") {
      io.stdout(`zarrkit ${VERSION}\n`);
      return 0;
    }
    const node = await openTarget(args.target, args.options);
    switch (args.command) {
      case "info":
        await runInfo(node, args.options, io.stdout);
        await warnSkippedEntries(node.store, io.stderr);
        break;
      case "tree":
        await runTree(node, io.stdout);
        await warnSkippedEntries(node.store, io.stderr);
        break;
      case "get":
        if (node.kind !== "array") {
          throw new UsageError(
            `"get" needs an array, but ${describe(args.target, args.options)} is a group`,
          );
        }
        await runGet(node, args.options, io.stdout);
        break;
    }
    return 0;
  } catch (error) {
    io.stderr(`zarrkit: ${oneLine(timeoutMessage(error) ?? messageOf(error))}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

function describe(target: string, options: CliOptions): string {
  return options.path ? `${target} (path "${options.path}")` : target;
}

async function openTarget(target: string, options: CliOptions): Promise<ZarrNode> {
  try {
    const store = resolveStore(target, storeOptionsFor(options.timeoutMs));
    return await open(store, { path: options.path, zarrFormat: options.zarrFormat });
  } catch (error) {
    if (error instanceof NodeNotFoundError) {
      throw new NodeNotFoundError(`no array or group at ${describe(target, options)}`);
    }
    throw error;
  }
}

function messageOf(error: unknown): string {
  if (error instanceof UsageError || error instanceof ZarrError) return error.message;
  if (error instanceof Error) {
    // Node system errors (ENOENT, ECONNREFUSED...) carry a useful code
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message;
  }
  return String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
