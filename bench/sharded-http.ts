/**
 * Sharded v3 over real HTTP: zarrkit vs zarrita.js 0.7.5, each with its own FetchStore,
 * reading regions of a uint16 8192 x 8192 array (shards 2048 x 2048, inner chunks
 * 256 x 256, bytes + zstd level 3) served by Debian's nginx on loopback. Per region and
 * variant: requests and body bytes from nginx's access log (cleared before each run),
 * median ms over N runs, and zarrita/zarrkit ratios (> 1: zarrkit does better).
 *
 *   pnpm bench:sharded [--runs N] [--warmup N] [--json] [--zarrita-suffix]
 *
 * "cold" opens a fresh store and array in every run (zarr.json plus shard indexes are
 * fetched again, as a new page would); "warm" reuses one opened array, so both libraries'
 * shard-index caches are filled by the warm-up. The data is written once by zarrkit into
 * bench/data/sharded-http/ (gitignored).
 */
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as zarrita from "zarrita";
import {
  create,
  type DataTypeName,
  type DimSelection,
  FetchStore,
  open,
  slice,
  type ZarrArray,
} from "zarrkit";
import { type NginxServer, nginxUnavailableReason, startNginx } from "../tests/http/nginx.js";
import { DATA_DIR } from "./data.js";
import { median, runtimeLabel, timeOnce } from "./timing.js";

const ROOT = join(DATA_DIR, "sharded-http");
const ARRAY_NAME = "u16-sharded.zarr";
const SIZE = 8192;
const SHARD = 2048;
const CHUNK = 256;
/** Written last by generate(): its presence means the array is complete. */
const DONE_MARKER = join(ROOT, ARRAY_NAME, ".complete");

/** [start, stop) per dimension, or a single index (the dimension is dropped). */
type Dim = readonly [number, number] | number;

interface Region {
  name: string;
  dims: readonly [Dim, Dim];
}

const REGIONS: Region[] = [
  {
    name: "inner chunk [0:256, 0:256]",
    dims: [
      [0, 256],
      [0, 256],
    ],
  },
  {
    name: "1000x1000 across 4 shards",
    dims: [
      [1548, 2548],
      [1548, 2548],
    ],
  },
  { name: "row strip [4000, :]", dims: [4000, [0, SIZE]] },
];

/**
 * The stored value at (i, j): a smooth field in steps of 32 plus 2 bits of hashed noise;
 * zstd shrinks a 256 x 256 chunk about 3.7x (like a real image, unlike zeros).
 */
function valueAt(i: number, j: number): number {
  const smooth = 30000 + 20000 * Math.sin(j / 300) * Math.cos(i / 200);
  const noise = (Math.imul(i * 8191 + j, 0x9e3779b1) >>> 30) & 3;
  return (Math.round(smooth / 32) * 32 + noise) & 0xffff;
}

async function generate(): Promise<void> {
  if (existsSync(DONE_MARKER)) return;
  const tmp = join(ROOT, `${ARRAY_NAME}.tmp`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const t0 = performance.now();
  const arr = await create(tmp, {
    shape: [SIZE, SIZE],
    shards: [SHARD, SHARD],
    chunks: [CHUNK, CHUNK],
    dtype: "uint16",
    codecs: [
      { name: "bytes", configuration: { endian: "little" } },
      { name: "zstd", configuration: { level: 3, checksum: false } },
    ],
  });
  // one row of shards at a time: 32 MiB in memory instead of 128
  const strip = new Uint16Array(SHARD * SIZE);
  for (let r0 = 0; r0 < SIZE; r0 += SHARD) {
    for (let i = 0; i < SHARD; i++) {
      for (let j = 0; j < SIZE; j++) strip[i * SIZE + j] = valueAt(r0 + i, j);
    }
    await arr.set([slice(r0, r0 + SHARD), null], { data: strip, shape: [SHARD, SIZE] });
  }
  await writeFile(join(tmp, ".complete"), "");
  await rm(join(ROOT, ARRAY_NAME), { recursive: true, force: true });
  await rename(tmp, join(ROOT, ARRAY_NAME));
  console.error(
    `wrote ${join(ROOT, ARRAY_NAME)} in ${((performance.now() - t0) / 1e3).toFixed(1)} s`,
  );
}

function expected(r: Region): Uint16Array {
  const [rows, cols] = r.dims.map((d) => (typeof d === "number" ? [d, d + 1] : d));
  const width = cols[1] - cols[0];
  const out = new Uint16Array((rows[1] - rows[0]) * width);
  for (let i = rows[0]; i < rows[1]; i++) {
    for (let j = cols[0]; j < cols[1]; j++)
      out[(i - rows[0]) * width + (j - cols[0])] = valueAt(i, j);
  }
  return out;
}

/** Reads one region; `open` makes a fresh store and array, `read` uses the last one. */
interface Reader {
  open(): Promise<void>;
  read(): Promise<Uint16Array>;
}

function asU16(data: unknown, lib: string): Uint16Array {
  if (!(data instanceof Uint16Array)) throw new Error(`${lib} returned no Uint16Array`);
  return data;
}

function zarrkitReader(url: string, r: Region): Reader {
  const selection: DimSelection[] = r.dims.map((d) =>
    typeof d === "number" ? d : slice(d[0], d[1]),
  );
  let arr: ZarrArray<DataTypeName> | undefined;
  return {
    async open() {
      arr = await open(new FetchStore(url), { kind: "array" });
    },
    async read() {
      if (!arr) throw new Error("zarrkit array not opened");
      return asU16((await arr.get(selection)).data, "zarrkit");
    },
  };
}

function zarritaReader(url: string, r: Region, useSuffixRequest: boolean): Reader {
  const selection = r.dims.map((d) => (typeof d === "number" ? d : zarrita.slice(d[0], d[1])));
  let arr: zarrita.Array<zarrita.DataType, zarrita.FetchStore> | undefined;
  return {
    async open() {
      const store = new zarrita.FetchStore(url, { useSuffixRequest });
      arr = await zarrita.open.v3(zarrita.root(store), { kind: "array" });
    },
    async read() {
      if (!arr) throw new Error("zarrita array not opened");
      return asU16((await zarrita.get(arr, selection)).data, "zarrita");
    },
  };
}

interface Traffic {
  requests: number;
  bytes: number;
}

interface Measured extends Traffic {
  ms: number;
}

/** One timed run (cold: open included); traffic is what nginx logged for it. */
async function runOnce(
  server: NginxServer,
  reader: Reader,
  cold: boolean,
): Promise<{ ms: number; traffic: Traffic; data: Uint16Array | undefined }> {
  await server.clearLog();
  let data: Uint16Array | undefined;
  const ms = await timeOnce(async () => {
    if (cold) await reader.open();
    data = await reader.read();
  });
  const log = await server.accessLog();
  const traffic = { requests: log.length, bytes: log.reduce((sum, e) => sum + e.bytes, 0) };
  return { ms, traffic, data };
}

function equal(a: Uint16Array, b: Uint16Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

interface ScenarioLine {
  scenario: string;
  variant: "cold" | "warm";
  runs: number;
  zarrkit_requests: number;
  zarrita_requests: number;
  requests_ratio: number;
  zarrkit_bytes: number;
  zarrita_bytes: number;
  bytes_ratio: number;
  zarrkit_ms: number;
  zarrita_ms: number;
  ms_ratio: number;
  notes?: string[];
}

async function bench(
  server: NginxServer,
  url: string,
  r: Region,
  variant: "cold" | "warm",
  opts: { runs: number; warmup: number; suffix: boolean },
): Promise<ScenarioLine> {
  const cold = variant === "cold";
  const libs = { zarrkit: zarrkitReader(url, r), zarrita: zarritaReader(url, r, opts.suffix) };
  const notes: string[] = [];
  const want = expected(r);
  for (const [name, reader] of Object.entries(libs)) {
    await reader.open();
    for (let i = 0; i < opts.warmup; i++) {
      const got = await reader.read();
      if (i === 0 && !equal(got, want))
        notes.push(`MISMATCH: ${name} result differs from the data written`);
    }
  }
  // alternate the libraries run by run, so drift hits both
  const results = { zarrkit: [] as Measured[], zarrita: [] as Measured[] };
  const last: Partial<Record<keyof typeof libs, Uint16Array>> = {};
  for (let i = 0; i < opts.runs; i++) {
    for (const name of ["zarrkit", "zarrita"] as const) {
      const { ms, traffic, data } = await runOnce(server, libs[name], cold);
      results[name].push({ ms, ...traffic });
      last[name] = data;
    }
  }
  if (last.zarrkit && last.zarrita && !equal(last.zarrkit, last.zarrita)) {
    notes.push("MISMATCH: zarrkit and zarrita results differ");
  }
  const summary = (ms: Measured[]): Measured => ({
    ms: median(ms.map((m) => m.ms)),
    requests: median(ms.map((m) => m.requests)),
    bytes: median(ms.map((m) => m.bytes)),
  });
  const zk = summary(results.zarrkit);
  const zt = summary(results.zarrita);
  return {
    scenario: r.name,
    variant,
    runs: opts.runs,
    zarrkit_requests: zk.requests,
    zarrita_requests: zt.requests,
    requests_ratio: round(zt.requests / zk.requests, 2),
    zarrkit_bytes: zk.bytes,
    zarrita_bytes: zt.bytes,
    bytes_ratio: round(zt.bytes / zk.bytes, 3),
    zarrkit_ms: round(zk.ms, 2),
    zarrita_ms: round(zt.ms, 2),
    ms_ratio: round(zt.ms / zk.ms, 2),
    notes: notes.length > 0 ? notes : undefined,
  };
}

const COLUMNS: [string, number][] = [
  ["scenario", 28],
  ["variant", 7],
  ["zk req", 7],
  ["zt req", 7],
  ["req x", 6],
  ["zk KiB", 9],
  ["zt KiB", 9],
  ["bytes x", 7],
  ["zk ms", 8],
  ["zt ms", 8],
  ["time x", 6],
];

function row(cells: string[]): string {
  return cells
    .map((c, i) => (i < 2 ? c.padEnd(COLUMNS[i][1]) : c.padStart(COLUMNS[i][1])))
    .join(" ");
}

function printLine(l: ScenarioLine): void {
  const kib = (b: number) => (b / 1024).toFixed(1);
  console.log(
    row([
      l.scenario,
      l.variant,
      String(l.zarrkit_requests),
      String(l.zarrita_requests),
      l.requests_ratio.toFixed(2),
      kib(l.zarrkit_bytes),
      kib(l.zarrita_bytes),
      l.bytes_ratio.toFixed(2),
      l.zarrkit_ms.toFixed(1),
      l.zarrita_ms.toFixed(1),
      l.ms_ratio.toFixed(2),
    ]),
  );
  for (const note of l.notes ?? []) console.log(`    note: ${note}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv[0] === "--" ? argv.slice(1) : argv,
    options: {
      runs: { type: "string", default: "5" },
      warmup: { type: "string", default: "1" },
      json: { type: "boolean", default: false },
      "zarrita-suffix": { type: "boolean", default: false },
    },
  });
  const runs = Number(values.runs);
  const warmup = Number(values.warmup);
  if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs must be an integer >= 1");
  if (!Number.isInteger(warmup) || warmup < 1) throw new Error("--warmup must be an integer >= 1");
  const unavailable = nginxUnavailableReason();
  if (unavailable) throw new Error(`cannot run: ${unavailable}`);
  await generate();
  const server = await startNginx({ root: ROOT });
  const url = `${server.url}/${ARRAY_NAME}/`;
  const opts = { runs, warmup, suffix: values["zarrita-suffix"] };
  try {
    if (!values.json) {
      console.log(
        `sharded v3 over nginx (loopback): uint16 ${SIZE}x${SIZE}, shards ${SHARD}x${SHARD}, inner chunks ${CHUNK}x${CHUNK}, bytes+zstd(3)`,
      );
      console.log(
        `zarrkit FetchStore vs zarrita.js 0.7.5 FetchStore (${opts.suffix ? "suffix" : "HEAD + range"} index requests); median of ${runs} runs after ${warmup} warm-up(s), ${runtimeLabel()}`,
      );
      console.log(
        "cold: fresh store + open per run (timed); warm: one opened array; x = zarrita / zarrkit (> 1: zarrkit better)",
      );
      console.log("");
      console.log(row(COLUMNS.map(([name]) => name)));
      console.log(row(COLUMNS.map(([, w]) => "-".repeat(w))));
    }
    for (const r of REGIONS) {
      for (const variant of ["cold", "warm"] as const) {
        const line = await bench(server, url, r, variant, opts);
        if (values.json) console.log(JSON.stringify(line));
        else printLine(line);
      }
    }
  } finally {
    await server.stop();
  }
}

await main();
// the worker pool keeps the event loop alive; the results are printed by now
process.exit(0);
