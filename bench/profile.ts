/**
 * Where zarrkit's time goes on one scenario: a CPU profile (node:inspector) of N reads,
 * summarized as self time per function and file, plus phase totals from a timing store
 * and decoder wrapped around zarrkit's own.
 *
 *   node --conditions=zarrkit-source --import tsx bench/profile.ts --filter "f32 gzip full" [--runs 3]
 *        [--lib zarrkit|zarrita] [--save profile.cpuprofile] [--wasm-zlib] [--top N]
 *
 * Phase times are sums over chunks; with several chunks in flight the store time
 * includes waiting, so they can add up to more than the wall time. With the worker
 * pool, the profile shows the main thread only (fetch, posting, copies there).
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import {
  type ChunkDecoder,
  createInlineChunkDecoder,
  createWorkerDecoder,
  open,
} from "../packages/zarrkit/src/index.js";
import { BENCH_DIR, DATA_DIR, ensureData } from "./data.js";
import { type BenchStore, FsReadStore } from "./fs-read-store.js";
import type { SelectionReader } from "./reader.js";
import { SCENARIOS } from "./scenarios.js";
import { timeOnce } from "./timing.js";
import { openZarrita } from "./zarrita-reader.js";
import { openZarrkit, wasmZlibCodecRegistry, zarrkitSelection } from "./zarrkit-reader.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per (function, file:line), largest first. */
function selfTimes(profile: CpuProfile): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.startsWith("file://") ? relative(BENCH_DIR, new URL(url).pathname) : url;
    const line = lineNumber > 0 ? `:${lineNumber + 1}` : "";
    const key = `${functionName || "(anonymous)"}  ${file}${line}`;
    totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1]);
}

class Phases {
  storeMs = 0;
  decodeMs = 0;
  bytesRead = 0;
}

function timedStore(store: BenchStore, phases: Phases): BenchStore {
  return {
    async get(key, options) {
      const t0 = performance.now();
      const bytes = await store.get(key, options);
      phases.storeMs += performance.now() - t0;
      phases.bytesRead += bytes?.length ?? 0;
      return bytes;
    },
  };
}

function timedDecoder(inner: ChunkDecoder, phases: Phases): ChunkDecoder {
  const timed = async <T>(work: Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await work;
    phases.decodeMs += performance.now() - t0;
    return result;
  };
  const { decodeInto } = inner;
  return {
    prefersSharedOutput: inner.prefersSharedOutput,
    decode: (bytes, job, signal) => timed(inner.decode(bytes, job, signal)),
    encode: (chunk, job, signal) => inner.encode(chunk, job, signal),
    decodeInto: decodeInto
      ? (bytes, job, task, target, signal) =>
          timed(decodeInto.call(inner, bytes, job, task, target, signal))
      : undefined,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== "--"),
    options: {
      filter: { type: "string", default: "f32 raw full" },
      runs: { type: "string", default: "3" },
      lib: { type: "string", default: "zarrkit" },
      save: { type: "string" },
      top: { type: "string", default: "25" },
      "wasm-zlib": { type: "boolean", default: false },
    },
  });
  ensureData();
  const s = SCENARIOS.find((x) => x.name.toLowerCase().includes(values.filter.toLowerCase()));
  if (!s) throw new Error(`no scenario matches "${values.filter}"`);
  const runs = Number(values.runs);
  const store = new FsReadStore(DATA_DIR);
  const phases = new Phases();
  let reader: SelectionReader;
  if (values.lib === "zarrita") {
    reader = await openZarrita(store, s);
  } else {
    const wasmZlib = values["wasm-zlib"];
    reader = (await openZarrkit(store, s, { wasmZlib })).withOut;
    // a second array over the timing store and decoder, for the phase totals
    const arr = await open(timedStore(store, phases), {
      kind: "array",
      path: s.array.path,
      zarrFormat: 2,
      // what zarrkit's open() picks: the worker pool, inline for a custom registry
      decoder: timedDecoder(
        wasmZlib
          ? createInlineChunkDecoder(wasmZlibCodecRegistry())
          : createWorkerDecoder({ shared: true }),
        phases,
      ),
    });
    const selection = zarrkitSelection(s);
    const out = (await arr.get(selection)).data;
    Object.assign(phases, new Phases());
    const t = await timeOnce(() => arr.get(selection, { out }));
    console.log(
      `phases (one read, ${t.toFixed(0)} ms wall): store.get ${phases.storeMs.toFixed(0)} ms ` +
        `(${(phases.bytesRead / 2 ** 20).toFixed(0)} MiB), decode ${phases.decodeMs.toFixed(0)} ms (summed over chunks)`,
    );
  }
  await reader.read(); // warm-up (also fills `out`)

  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  const times: number[] = [];
  // no forced GC here: it would show up in the profile as time the reads did not spend
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await reader.read();
    times.push(performance.now() - t0);
  }
  const { profile } = (await session.post("Profiler.stop")) as { profile: CpuProfile };
  session.disconnect();
  if (values.save) writeFileSync(values.save, JSON.stringify(profile));

  const total = times.reduce((a, b) => a + b, 0);
  console.log(`${values.lib} "${s.name}": ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
  console.log(`self time over ${runs} reads (${total.toFixed(0)} ms wall):`);
  for (const [key, ms] of selfTimes(profile).slice(0, Number(values.top))) {
    console.log(
      `${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${key}`,
    );
  }
}

await main();
process.exit(0);
