/**
 * `zarrkit convert SRC DST [options]`: copies a hierarchy (or one array) to a new
 * folder or .zip, changing zarr format, chunks, shards and codec on the way, region by
 * region with bounded memory; progress on stderr, a summary with the peak RSS and the
 * bound it promises on stdout.
 */
import { NodeNotFoundError, type ZarrNode } from "@zarrkit/core";
import { type ResolveStoreOptions, resolveStore } from "@zarrkit/storage";
import { open } from "../index.js";
import { workerPoolSize } from "../pool.js";
import { UsageError } from "./args.js";
import type { ConversionChoices } from "./array-conversion.js";
import { CODEC_FLAG_HELP, parseCodecFlag } from "./codec-flag.js";
import { reportFailure } from "./command-failure.js";
import {
  copyHierarchy,
  DEFAULT_REGION_CONCURRENCY,
  type HierarchyCopyPlan,
  planHierarchyCopy,
} from "./copy-hierarchy.js";
import { openDestination } from "./destination.js";
import { memoryBound, peakRssBytes } from "./memory-bound.js";
import { formatBytes, formatSeconds, type ProgressMode, ProgressReporter } from "./progress.js";
import { warnSkippedEntries } from "./skipped-entries.js";
import { parseTimeoutFlag, storeOptionsFor, TIMEOUT_HELP } from "./timeout-flag.js";
import { parseCountFlag, parseFlags, parseShapeFlag, parseZarrFormatFlag } from "./write-flags.js";

export interface WriteCommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (default: process.stderr.isTTY). */
  isTTY?: boolean;
  /** Terminal width (default: process.stderr.columns or 80). */
  columns?: number;
}

/** The writing commands, for the CLI's --help. */
export const WRITE_COMMANDS = `Writing (see zarrkit convert --help, zarrkit create --help):
  convert SRC DST    copy a hierarchy to a new folder or .zip, changing format,
                     chunks, shards or codec, with bounded memory
  create PATH        an empty array (--shape, --dtype, ...)
  serve DIR          a static file server with ranges and CORS`;

export const CONVERT_USAGE = `usage: zarrkit convert SRC DST [options]

Copies the array or group at SRC (with everything below it) to DST, a new local
folder or .zip file, chunk region by chunk region with bounded memory.

Options:
  --zarr-format 2|3    format of the copy (default: the source's)
  --chunks 100,100     chunk shape (inner chunks with --shards), for arrays of that rank
  --shards 1000,1000   v3 shard shape (a multiple of the chunks); each shard written once
  --codec C            ${CODEC_FLAG_HELP}
                       (default: the source's compressor)
  --path P             copy only the node at P inside SRC
  --concurrency N      regions copied at once (default ${DEFAULT_REGION_CONCURRENCY})
  --overwrite          replace DST if it exists (only when it holds Zarr data)
  --timeout S          ${TIMEOUT_HELP}
  --quiet              no progress on stderr`;

const FLAGS = {
  "zarr-format": true,
  chunks: true,
  shards: true,
  codec: true,
  path: true,
  concurrency: true,
  overwrite: false,
  quiet: false,
  timeout: true,
};

export async function runConvert(argv: readonly string[], io: WriteCommandIo): Promise<number> {
  try {
    const flags = parseFlags(argv, "convert", FLAGS);
    if (flags.help) {
      io.stdout(`${CONVERT_USAGE}\n`);
      return 0;
    }
    const [src, dst, extra] = flags.positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    if (src === undefined || dst === undefined) throw new UsageError('"convert" needs SRC and DST');
    const v = flags.values;
    const choices: ConversionChoices = { zarrFormat: parseZarrFormatFlag(v.get("zarr-format")) };
    const chunks = v.get("chunks");
    if (chunks !== undefined) choices.chunks = parseShapeFlag("chunks", chunks, 1);
    const shards = v.get("shards");
    if (shards !== undefined) {
      choices.shards = parseShapeFlag("shards", shards, 1);
      choices.zarrFormat ??= 3; // sharding is a v3 codec
    }
    const codec = v.get("codec");
    if (codec !== undefined) choices.compressor = parseCodecFlag(codec);
    const concurrency = parseCountFlag(
      "concurrency",
      v.get("concurrency"),
      DEFAULT_REGION_CONCURRENCY,
    );
    const path = v.get("path")?.replace(/^\/+|\/+$/g, "");
    const stores = storeOptionsFor(parseTimeoutFlag(v.get("timeout")));

    const root = await openSource(src, path, stores);
    const plan = await planHierarchyCopy(root, choices);
    const destination = await openDestination(dst, src, v.has("overwrite"), stores);
    const tty = io.isTTY ?? process.stderr.isTTY === true;
    const mode: ProgressMode = v.has("quiet") ? "none" : tty ? "bar" : "lines";
    const progress = new ProgressReporter({
      mode,
      write: io.stderr,
      label: "convert",
      unit: "regions",
      totalUnits: plan.totalRegions,
      totalBytes: plan.totalBytes,
      columns: io.columns ?? process.stderr.columns,
    });
    const baseline = process.memoryUsage().rss;
    const started = performance.now();
    try {
      await copyHierarchy(plan, destination.store, {
        concurrency,
        onRegion: (n, bytes) => progress.add(n, bytes),
      });
      await destination.finish();
    } catch (error) {
      progress.finish();
      await destination.abort().catch(() => {});
      throw error;
    }
    progress.finish();
    await warnSkippedEntries(root.store, io.stderr);
    const seconds = (performance.now() - started) / 1000;
    io.stdout(summary(plan, src, dst, seconds));
    const bound = memoryBound({
      baselineBytes: baseline,
      workers: workerPoolSize(),
      concurrency,
      regionBytes: plan.maxRegionBytes,
    });
    io.stdout(`peak RSS ${formatBytes(peakRssBytes())} (bound ${bound.text})\n`);
    return 0;
  } catch (error) {
    return reportFailure(error, io.stderr);
  }
}

async function openSource(
  src: string,
  path: string | undefined,
  stores: ResolveStoreOptions,
): Promise<ZarrNode> {
  try {
    return await open(resolveStore(src, stores), { path });
  } catch (error) {
    if (error instanceof NodeNotFoundError) {
      const at = path ? `${src} (path "${path}")` : src;
      throw new NodeNotFoundError(`no array or group at ${at}`);
    }
    throw error;
  }
}

function summary(plan: HierarchyCopyPlan, src: string, dst: string, seconds: number): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  const rate = seconds > 0 ? plan.totalBytes / seconds : 0;
  return (
    `converted ${src} -> ${dst}: ${n(plan.arrays.length, "array")}, ${n(plan.groups.length, "group")}, ` +
    `${formatBytes(plan.totalBytes)} in ${formatSeconds(seconds)} (${formatBytes(rate)}/s)\n`
  );
}
