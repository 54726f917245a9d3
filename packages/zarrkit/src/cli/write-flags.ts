/**
 * Argument parsing for the writing commands (`convert`, `create`): positional
 * arguments and `--name value` / `--name=value` / `--flag` options, checked against
 * what the command accepts; plus the value parsers they share (shapes, --zarr-format).
 */
import { UsageError } from "./args.js";

export interface ParsedFlags {
  positionals: string[];
  /** Option name (without "--") -> value ("" for flags that take none). */
  values: Map<string, string>;
  help: boolean;
}

/** `accepted` maps option names (without "--") to whether they take a value. */
export function parseFlags(
  argv: readonly string[],
  command: string,
  accepted: Readonly<Record<string, boolean>>,
): ParsedFlags {
  const positionals: string[] = [];
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return { positionals, values, help: true };
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = (eq >= 0 ? arg.slice(0, eq) : arg).slice(2);
      if (!(name in accepted)) throw new UsageError(`unknown option --${name} for "${command}"`);
      if (accepted[name]) {
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new UsageError(`option --${name} needs a value`);
        values.set(name, value);
      } else {
        if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
        values.set(name, "");
      }
    } else if (arg.startsWith("-") && arg.length > 1 && !/^-\d/.test(arg)) {
      throw new UsageError(`unknown option ${arg} for "${command}"`);
    } else {
      positionals.push(arg);
    }
  }
  return { positionals, values, help: false };
}

/** "100,100" or "100x100" -> [100, 100]; each entry an integer >= `min`. */
export function parseShapeFlag(name: string, text: string, min: number): number[] {
  const parts = text.trim().split(/\s*[,x]\s*/);
  const shape = parts.map(Number);
  if (
    text.trim() === "" ||
    parts.some((p) => p === "") ||
    shape.some((n) => !Number.isSafeInteger(n) || n < min)
  ) {
    throw new UsageError(
      `--${name} must be comma-separated integers >= ${min} (e.g. 100,100), not "${text}"`,
    );
  }
  return shape;
}

export function parseZarrFormatFlag(text: string | undefined): 2 | 3 | undefined {
  if (text === undefined) return undefined;
  if (text !== "2" && text !== "3") {
    throw new UsageError(`--zarr-format must be 2 or 3, not "${text}"`);
  }
  return text === "2" ? 2 : 3;
}

export function parseCountFlag(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${name} must be a positive integer, not "${text}"`);
  }
  return n;
}
