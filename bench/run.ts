/**
 * zarrkit vs zarrita.js (+ numcodecs.js) vs zarr-python 2.13, reading the same Zarr v2
 * arrays from local files in one Node process.
 *
 *   pnpm bench [--runs N] [--warmup N] [--filter substring] [--json]
 *              [--skip-native] [--skip-alloc] [--skip-verify] [--wasm-zlib]
 *              [--store zarrkit|readfile]
 *
 * Why warm-ups and buffer reuse matter here: these are 2-core Firecracker VMs where
 * memory a process touches for the first time is very expensive (page faults through
 * the hypervisor: a fresh 256 MiB Float32Array plus fill took ~0.8 s, the same fill
 * again 16 ms). A benchmark that allocates its result on every run mostly measures
 * page faults. So: five warm-up runs first (code is JIT-compiled, WASM instantiated,
 * files in the page cache, allocator pools grown; each worker thread JIT-compiles on
 * its own, and small-chunk reads kept getting faster for ~10 reads), GC before each
 * timed run, medians, and
 * zarrkit reads into one reused `out` buffer. zarrita has no `out` option and
 * allocates its result on every read; the "zk alloc" column times zarrkit doing the
 * same, for a like-for-like comparison. Both libraries read through the same store
 * (default: zarrkit's FileSystemStore; see fs-read-store.ts).
 */
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import { DATA_DIR, ensureData } from "./data.js";
import { type BenchStore, createBenchStore, STORE_KINDS, type StoreKind } from "./fs-read-store.js";
import { type NativeResult, runNative } from "./native.js";
import { describeError, isUnavailable, type SelectionReader } from "./reader.js";
import { Reporter, type ScenarioResult } from "./report.js";
import { resultBytes, SCENARIOS, type Scenario } from "./scenarios.js";
import { median, runtimeLabel, timeOnce } from "./timing.js";
import { openZarrita } from "./zarrita-reader.js";
import { openZarrkit, type ZarrkitReaders } from "./zarrkit-reader.js";

interface Options {
  runs: number;
  warmup: number;
  filter: string;
  json: boolean;
  native: boolean;
  alloc: boolean;
  verify: boolean;
  wasmZlib: boolean;
  store: StoreKind;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv[0] === "--" ? argv.slice(1) : argv,
    options: {
      runs: { type: "string", default: "5" },
      warmup: { type: "string", default: "5" },
      filter: { type: "string", default: "" },
      json: { type: "boolean", default: false },
      "skip-native": { type: "boolean", default: false },
      "skip-alloc": { type: "boolean", default: false },
      "skip-verify": { type: "boolean", default: false },
      "wasm-zlib": { type: "boolean", default: false },
      store: { type: "string", default: "zarrkit" },
    },
  });
  if (!STORE_KINDS.includes(values.store as StoreKind)) {
    throw new Error(`--store must be one of ${STORE_KINDS.join(", ")}`);
  }
  const count = (name: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
    return n;
  };
  return {
    runs: count("runs", values.runs, 1),
    warmup: count("warmup", values.warmup, 0),
    filter: values.filter.toLowerCase(),
    json: values.json,
    native: !values["skip-native"],
    alloc: !values["skip-alloc"],
    verify: !values["skip-verify"],
    wasmZlib: values["wasm-zlib"],
    store: values.store as StoreKind,
  };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

function bytesOf(v: ArrayBufferView): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

async function bench(s: Scenario, opts: Options, store: BenchStore, report: Reporter) {
  let zk: ZarrkitReaders;
  try {
    zk = await openZarrkit(store, s, { wasmZlib: opts.wasmZlib });
    // the first read shows a missing codec before zarrita spends time on it
    await zk.withOut.read();
  } catch (error) {
    if (!isUnavailable(error)) throw error;
    report.skipped({ scenario: s.name, runtime: "node", skipped: describeError(error) });
    return;
  }
  const notes: string[] = [];
  let zarrita: SelectionReader | undefined;
  try {
    zarrita = await openZarrita(store, s);
  } catch (error) {
    notes.push(`zarrita cannot open: ${describeError(error)}`);
  }

  for (let i = 1; i < opts.warmup; i++) await zk.withOut.read();
  let zarritaOut: ArrayBufferView | undefined;
  for (let i = 0; i < opts.warmup && zarrita; i++) {
    try {
      zarritaOut = await zarrita.read();
    } catch (error) {
      notes.push(`zarrita failed: ${describeError(error)}`);
      zarrita = undefined;
    }
  }
  if (opts.alloc) for (let i = 0; i < opts.warmup; i++) await zk.fresh.read();
  let ourDigest: string | undefined;
  if (opts.verify) {
    const ours = await zk.withOut.read();
    if (zarritaOut && !bytesOf(ours).equals(bytesOf(zarritaOut))) {
      notes.push("MISMATCH: zarrkit and zarrita results differ");
    }
    ourDigest = createHash("sha256").update(bytesOf(ours)).digest("hex");
  }
  zarritaOut = undefined;

  // Alternate the libraries run by run, so drift (page cache, heap growth) hits both.
  const zkTimes: number[] = [];
  const allocTimes: number[] = [];
  const zarritaTimes: number[] = [];
  for (let i = 0; i < opts.runs; i++) {
    zkTimes.push(await timeOnce(() => zk.withOut.read()));
    if (zarrita) zarritaTimes.push(await timeOnce(() => zarrita.read()));
    if (opts.alloc) allocTimes.push(await timeOnce(() => zk.fresh.read()));
  }

  const zarrkitMs = median(zkTimes);
  const bytes = resultBytes(s);
  let native: NativeResult | undefined;
  if (opts.native) {
    native = runNative(s, opts.runs, Math.max(1, opts.warmup));
    if (!native.ok) notes.push(`native: ${native.reason}`);
    else if (ourDigest !== undefined && native.sha256 !== ourDigest) {
      notes.push("MISMATCH: zarrkit and zarr-python results differ (sha256)");
    }
  }
  const zarritaMs = zarritaTimes.length > 0 ? median(zarritaTimes) : undefined;
  const nativeMs = native?.ok ? native.ms : undefined;
  // keys in the documented order: scenario, runtime, zarrkit_ms, zarrita_ms, native_ms, ratio, mb_per_s
  const result: ScenarioResult = {
    scenario: s.name,
    runtime: "node",
    zarrkit_ms: round(zarrkitMs, 2),
    zarrita_ms: zarritaMs === undefined ? undefined : round(zarritaMs, 2),
    native_ms: nativeMs === undefined ? undefined : round(nativeMs, 2),
    ratio: zarritaMs === undefined ? undefined : round(zarritaMs / zarrkitMs, 3),
    mb_per_s: round(bytes / 1e6 / (zarrkitMs / 1e3), 1),
    zarrkit_alloc_ms: opts.alloc ? round(median(allocTimes), 2) : undefined,
    native_ratio: nativeMs === undefined ? undefined : round(nativeMs / zarrkitMs, 3),
    out_reused: true,
    runs: opts.runs,
    notes: notes.length > 0 ? notes : undefined,
  };
  report.result(result, bytes);
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  ensureData();
  const store = createBenchStore(opts.store, DATA_DIR);
  const report = new Reporter(opts.json);
  const scenarios = SCENARIOS.filter((s) => s.name.toLowerCase().includes(opts.filter));
  report.header([
    `zarrkit vs zarrita.js 0.7.5 + numcodecs.js vs zarr-python 2.13 (native), ${runtimeLabel()}`,
    `median ms of ${opts.runs} runs after ${opts.warmup} warm-up(s); data in ${DATA_DIR}`,
    "zarrkit: reads into one reused `out` buffer; zk alloc: zarrkit allocating a fresh result",
    "zarrita: no `out` option, allocates a fresh result per read; native: numpy out= reused",
    `both JS libraries read through the same store (--store ${opts.store}); ratios > 1 mean zarrkit is faster`,
    `zarrkit gzip/zlib: ${opts.wasmZlib ? "zlib in WebAssembly, inline on the main thread (--wasm-zlib)" : "default codecs"}`,
  ]);
  for (const s of scenarios) await bench(s, opts, store, report);
}

await main();
// a worker pool may keep the event loop alive; the results are printed by now
process.exit(0);
