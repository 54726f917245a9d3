/**
 * The `--codec` flag of `convert` and `create`: "none", "zstd", "zstd:5", "gzip:6",
 * "zlib:1", "blosc", "blosc:lz4:5", "blosc:zstd:3:bitshuffle", "lz4", "bz2:9". It
 * becomes a numcodecs compressor configuration, which `create` writes as the v2
 * `compressor` or maps to the v3 codec (zstd, gzip, blosc; others "numcodecs.<id>").
 */
import type { NumcodecsConfig } from "@zarrkit/core";
import { UsageError } from "./args.js";

export const CODEC_FLAG_HELP =
  "none | zstd[:LEVEL] | gzip[:LEVEL] | zlib[:LEVEL] | blosc[:CNAME[:CLEVEL[:SHUFFLE]]] | lz4[:ACCEL] | bz2[:LEVEL]";

const BLOSC_CNAMES = ["blosclz", "lz4", "lz4hc", "zlib", "zstd"];
const BLOSC_SHUFFLES: Record<string, number> = { noshuffle: 0, shuffle: 1, bitshuffle: 2 };

/** The compressor `text` names (null for "none"). */
export function parseCodecFlag(text: string): NumcodecsConfig | null {
  const [name, ...args] = text.trim().toLowerCase().split(":");
  const bad = (why: string): never => {
    throw new UsageError(`--codec "${text}": ${why} (expected ${CODEC_FLAG_HELP})`);
  };
  const maxArgs = name === "blosc" ? 3 : name === "none" || name === "raw" ? 0 : 1;
  if (args.length > maxArgs) bad(`too many ":" parts for ${name}`);
  const int = (
    value: string | undefined,
    fallback: number,
    min: number,
    max: number,
    what: string,
  ) => {
    if (value === undefined || value === "") return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      bad(`${what} must be an integer from ${min} to ${max}, not "${value}"`);
    }
    return n;
  };
  switch (name) {
    case "none":
    case "raw":
      return null;
    case "zstd":
      return { id: "zstd", level: int(args[0], 3, -131072, 22, "the zstd level") };
    case "gzip":
      return { id: "gzip", level: int(args[0], 5, 0, 9, "the gzip level") };
    case "zlib":
      return { id: "zlib", level: int(args[0], 5, 0, 9, "the zlib level") };
    case "bz2":
      return { id: "bz2", level: int(args[0], 9, 1, 9, "the bz2 level") };
    case "lz4":
      return { id: "lz4", acceleration: int(args[0], 1, 1, 65537, "the lz4 acceleration") };
    case "blosc": {
      const cname = args[0] || "lz4";
      if (!BLOSC_CNAMES.includes(cname)) {
        bad(`blosc compressor "${cname}" is not one of ${BLOSC_CNAMES.join(", ")}`);
      }
      const clevel = int(args[1], 5, 0, 9, "the blosc clevel");
      const shuffleName = args[2] || "shuffle";
      const shuffle = BLOSC_SHUFFLES[shuffleName];
      if (shuffle === undefined) {
        bad(`blosc shuffle "${shuffleName}" is not one of noshuffle, shuffle, bitshuffle`);
      }
      return { id: "blosc", cname, clevel, shuffle, blocksize: 0 };
    }
    default:
      return bad(`unknown codec "${name}"`);
  }
}
