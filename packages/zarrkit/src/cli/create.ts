/**
 * `zarrkit create PATH --shape 100,100 --dtype float32 [options]`: an empty array
 * (metadata only; every chunk reads as the fill value until written).
 */
import {
  type CreateArrayOptions,
  type FillValueInput,
  isJsonObject,
  parseJson,
} from "@zarrkit/core";
import { create } from "../create.js";
import { UsageError } from "./args.js";
import { CODEC_FLAG_HELP, parseCodecFlag } from "./codec-flag.js";
import { reportFailure } from "./command-failure.js";
import type { WriteCommandIo } from "./convert.js";
import { parseFlags, parseShapeFlag, parseZarrFormatFlag } from "./write-flags.js";

export const CREATE_USAGE = `usage: zarrkit create PATH --shape 100,100 --dtype float32 [options]

Creates an empty array at PATH (a local folder).

Options:
  --shape 100,100      the array's shape (required)
  --dtype D            a v3 name (int32, float32, bool, string, ...) or a v2 dtype ("<f4")
  --chunks 10,10       chunk shape (inner chunks with --shards); default: guessed
  --shards 100,100     v3 shard shape (a multiple of the chunks)
  --fill-value V       a number, NaN, Infinity, -Infinity, true/false, or a JSON value
  --zarr-format 2|3    default 3
  --codec C            ${CODEC_FLAG_HELP}
                       (default: zstd for v3, blosc lz4 for v2)
  --attrs JSON         attributes, a JSON object
  --path P             the array's path inside PATH (parent groups are created)
  --overwrite          replace a node already there`;

const FLAGS = {
  shape: true,
  dtype: true,
  chunks: true,
  shards: true,
  "fill-value": true,
  "zarr-format": true,
  codec: true,
  attrs: true,
  path: true,
  overwrite: false,
};

export async function runCreate(argv: readonly string[], io: WriteCommandIo): Promise<number> {
  try {
    const flags = parseFlags(argv, "create", FLAGS);
    if (flags.help) {
      io.stdout(`${CREATE_USAGE}\n`);
      return 0;
    }
    const [target, extra] = flags.positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    if (target === undefined) throw new UsageError('"create" needs a PATH');
    const v = flags.values;
    const shape = v.get("shape");
    const dtype = v.get("dtype");
    if (shape === undefined) throw new UsageError('"create" needs --shape (e.g. --shape 100,100)');
    if (dtype === undefined) throw new UsageError('"create" needs --dtype (e.g. --dtype float32)');
    const options: CreateArrayOptions = {
      shape: parseShapeFlag("shape", shape, 0),
      dtype,
      zarrFormat: parseZarrFormatFlag(v.get("zarr-format")) ?? 3,
      overwrite: v.has("overwrite"),
    };
    const rank = options.shape.length;
    const chunks = v.get("chunks");
    if (chunks !== undefined)
      options.chunks = rankChecked("chunks", parseShapeFlag("chunks", chunks, 1), rank);
    const shards = v.get("shards");
    if (shards !== undefined)
      options.shards = rankChecked("shards", parseShapeFlag("shards", shards, 1), rank);
    const codec = v.get("codec");
    if (codec !== undefined) options.compressor = parseCodecFlag(codec);
    const fill = v.get("fill-value");
    if (fill !== undefined) options.fillValue = parseFillFlag(fill);
    const attrs = v.get("attrs");
    if (attrs !== undefined) {
      const parsed = parseJson(attrs, "--attrs");
      if (!isJsonObject(parsed))
        throw new UsageError(`--attrs must be a JSON object, not ${attrs}`);
      options.attributes = parsed;
    }
    const path = v.get("path")?.replace(/^\/+|\/+$/g, "");
    if (path) options.path = path;
    const arr = await create(target, { ...options, workers: 0 });
    const where = arr.path === "" ? target : `${target} (path "${arr.path}")`;
    io.stdout(
      `created ${where}: v${arr.zarrFormat} ${arr.dtype} [${arr.shape.join(", ")}], chunks [${arr.chunks.join(", ")}]\n`,
    );
    return 0;
  } catch (error) {
    return reportFailure(error, io.stderr);
  }
}

function rankChecked(name: string, shape: number[], rank: number): number[] {
  if (shape.length !== rank) {
    throw new UsageError(`--${name} has ${shape.length} entries; --shape has ${rank}`);
  }
  return shape;
}

/** "0", "1.5", "NaN", "-Infinity", "true", "12345678901234567890", "[1, 2]", '"text"', or bare text. */
export function parseFillFlag(text: string): FillValueInput {
  const t = text.trim();
  if (t === "NaN" || t === "Infinity" || t === "-Infinity") return t;
  if (t === "true" || t === "false") return t === "true";
  if (/^-?\d+$/.test(t)) {
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : BigInt(t);
  }
  if (t !== "" && Number.isFinite(Number(t))) return Number(t);
  if (t.startsWith("[")) {
    const parsed: unknown = JSON.parse(t);
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      parsed.every((x) => typeof x === "number")
    ) {
      return [parsed[0] as number, parsed[1] as number];
    }
    throw new UsageError(`--fill-value ${text}: a list must be [re, im] numbers`);
  }
  if (t.startsWith('"')) return JSON.parse(t) as string;
  return text;
}
