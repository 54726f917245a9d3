/**
 * Single-thread decode throughput of zarrkit's WebAssembly codecs against numcodecs.js
 * (npm "numcodecs", as zarrita uses) on the same float32 data, in MB/s of decoded bytes
 * by wall clock and by process CPU time (steadier on a shared machine). The native
 * counterpart is bench/codec_throughput_native.py; bench/codec-compare.ts runs both.
 *
 * Columns: "zarrkit view" decodes and leaves the bytes in the module's linear memory,
 * as reads do (decodeWith: the copy into the read's result is the one copy they make);
 * "zarrkit out" decodes into one reused buffer (`out`: a copy out of linear memory);
 * "zarrkit new" returns a fresh buffer per call; numcodecs.js takes `out` but decodes
 * into a fresh buffer and copies it there (its API allows nothing else), with its codec
 * object made once.
 *
 * Method (steady state, as a reader decoding many chunks sees it):
 * - warm-up, each decoder alone, until its time stops improving: V8 first runs WebAssembly
 *   with its baseline compiler (Liftoff) and swaps in optimized code per function only
 *   for later calls, and the first calls also grow linear memory and fault in its pages;
 *   runs go on until the median of the last WINDOW runs is no more than 3% faster than
 *   that of the WINDOW before (at least MIN_WARMUP runs, at most MAX_WARMUP);
 * - then RUNS rounds, each decoder once per round in a rotating order, so load from
 *   elsewhere on the machine (2 shared cores) hits all alike; medians are reported.
 * The first call of each decoder (compiling and instantiating its module, growing its
 * memory) is reported apart ("1st", ms), and the JSON lines also hold the warm-up length.
 *
 *   node --conditions=zarrkit-source --import tsx bench/codec-throughput.ts [--mib 8] [--runs 15] [--json]
 */
import { Blosc, GZip, LZ4, Zlib, Zstd } from "numcodecs";
import { bloscDecode, bloscDecodeTo, bloscEncode } from "../packages/codecs/src/wasm/blosc.js";
import { lz4Decode, lz4DecodeTo, lz4Encode } from "../packages/codecs/src/wasm/lz4.js";
import { toView } from "../packages/codecs/src/wasm/wasm-heap.js";
import {
  zlibWasmDecode,
  zlibWasmDecodeTo,
  zlibWasmEncode,
} from "../packages/codecs/src/wasm/zlib-wasm.js";
import { zstdDecode, zstdDecodeTo, zstdEncode } from "../packages/codecs/src/wasm/zstd.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const MIB = arg("mib", 8);
const RUNS = arg("runs", 15);
const JSON_OUT = process.argv.includes("--json");
const WINDOW = 5;
const MIN_WARMUP = 2 * WINDOW;
const MAX_WARMUP = 60;

/** The same values as codec_throughput_native.py: a sine plus a cheap hash, in quarters. */
function data(count: number): Uint8Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    values[i] = Math.round(Math.sin(i / 1000) * 4000 + ((i * 7919) % 61)) / 4;
  }
  return new Uint8Array(values.buffer);
}

type Decode = (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** Decodes once, checks the result, and returns the time taken (ms). */
async function firstCall(decode: Decode, bytes: Uint8Array, expected: Uint8Array): Promise<number> {
  const t0 = performance.now();
  const check = await decode(bytes);
  const ms = performance.now() - t0;
  if (!Buffer.from(check.buffer, check.byteOffset, check.byteLength).equals(expected)) {
    throw new Error("decoded bytes differ from the input");
  }
  return ms;
}

const median = (t: readonly number[]) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)];

/** Runs `decode` alone until its time stops improving; returns the number of runs. */
async function warmUp(decode: Decode, bytes: Uint8Array): Promise<number> {
  const times: number[] = [];
  while (times.length < MAX_WARMUP) {
    const t0 = performance.now();
    await decode(bytes);
    times.push(performance.now() - t0);
    if (times.length < MIN_WARMUP) continue;
    const last = median(times.slice(-WINDOW));
    const before = median(times.slice(-2 * WINDOW, -WINDOW));
    if (last >= before * 0.97) break;
  }
  return times.length;
}

/**
 * Median wall and CPU ms of each decoder over RUNS rounds; each round runs every decoder
 * once, starting with a different one each round.
 */
async function medians(
  decoders: Decode[],
  bytes: Uint8Array,
): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[][] = decoders.map(() => []);
  const cpu: number[][] = decoders.map(() => []);
  for (let r = 0; r < RUNS; r++) {
    for (let k = 0; k < decoders.length; k++) {
      const i = (r + k) % decoders.length;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await decoders[i](bytes);
      const t1 = performance.now();
      const c = process.cpuUsage(c0);
      wall[i].push(t1 - t0);
      cpu[i].push((c.user + c.system) / 1000);
    }
  }
  return { wall: wall.map(median), cpu: cpu.map(median) };
}

interface Case {
  name: string;
  encode: (raw: Uint8Array) => Promise<Uint8Array>;
  /** Decodes into `out` when given. */
  ours: (size: number, out?: Uint8Array) => Decode;
  /** Decodes and returns the view of linear memory holding the result. */
  view: (size: number) => Decode;
  /** numcodecs.js's codec (made once per case). */
  theirs: () => { decode(bytes: Uint8Array, out: Uint8Array): Promise<Uint8Array> };
}

const BLOSC = { shuffle: "shuffle", typesize: 4, blocksize: 0 } as const;
const asView = toView((view) => view);

const CASES: Case[] = [
  {
    name: "blosc-lz4 shuffle c5",
    encode: (raw) => bloscEncode(raw, { cname: "lz4", clevel: 5, ...BLOSC }),
    ours: (size, out) => (b) => bloscDecode(b, size, undefined, out),
    view: (size) => (b) => bloscDecodeTo(b, size, "blosc", asView),
    theirs: () => Blosc.fromConfig({ id: "blosc", cname: "lz4", clevel: 5, shuffle: 1 }),
  },
  {
    name: "blosc-zstd shuffle c3",
    encode: (raw) => bloscEncode(raw, { cname: "zstd", clevel: 3, ...BLOSC }),
    ours: (size, out) => (b) => bloscDecode(b, size, undefined, out),
    view: (size) => (b) => bloscDecodeTo(b, size, "blosc", asView),
    theirs: () => Blosc.fromConfig({ id: "blosc", cname: "zstd", clevel: 3, shuffle: 1 }),
  },
  {
    name: "zstd level 3",
    encode: (raw) => zstdEncode(raw, 3, false),
    ours: (size, out) => (b) => zstdDecode(b, size, undefined, out),
    view: (size) => (b) => zstdDecodeTo(b, size, "zstd", asView),
    theirs: () => Zstd.fromConfig({ id: "zstd", level: 3 }),
  },
  {
    name: "lz4 accel 1",
    encode: (raw) => lz4Encode(raw, 1),
    ours: (size, out) => (b) => lz4Decode(b, size, undefined, out),
    view: (size) => (b) => lz4DecodeTo(b, size, "lz4", asView),
    theirs: () => LZ4.fromConfig({ id: "lz4", acceleration: 1 }),
  },
  {
    name: "gzip level 1",
    encode: (raw) => zlibWasmEncode(raw, "gzip", 1),
    ours: (size, out) => (b) => zlibWasmDecode(b, "gzip", size, undefined, out),
    view: (size) => (b) => zlibWasmDecodeTo(b, "gzip", size, "gzip", asView),
    // numcodecs.js gzip and zlib are fflate, as zarrkit's pure codecs
    theirs: () => GZip.fromConfig({ id: "gzip", level: 1 }),
  },
  {
    name: "zlib level 1",
    encode: (raw) => zlibWasmEncode(raw, "zlib", 1),
    ours: (size, out) => (b) => zlibWasmDecode(b, "zlib", size, undefined, out),
    view: (size) => (b) => zlibWasmDecodeTo(b, "zlib", size, "zlib", asView),
    theirs: () => Zlib.fromConfig({ id: "zlib", level: 1 }),
  },
];

async function main() {
  const raw = data((MIB * 1024 * 1024) / 4);
  const mb = raw.length / 1e6;
  const rate = (ms: number) => mb / (ms / 1000);
  if (!JSON_OUT) {
    console.log(
      `decode of ${MIB} MiB float32: medians of ${RUNS} interleaved runs after each decoder's ` +
        "warm-up; 1st: first call (compile, instantiate, memory growth), ms",
    );
    console.log(
      `${"codec".padEnd(24)}${"ratio".padStart(7)}   MB/s wall (cpu):${"zarrkit out".padStart(14)}` +
        `${"zarrkit new".padStart(14)}${"numcodecs.js".padStart(14)}${"zarrkit view".padStart(14)}` +
        "  zarrkit/js   1st ours/js",
    );
  }
  for (const c of CASES) {
    const encoded = await c.encode(raw);
    const ourOut = new Uint8Array(raw.length);
    const theirOut = new Uint8Array(raw.length);
    const theirs = c.theirs();
    const decoders: Decode[] = [
      c.ours(raw.length, ourOut),
      c.ours(raw.length),
      (b) => theirs.decode(b, theirOut),
      c.view(raw.length),
    ];
    const first: number[] = [];
    const warmups: number[] = [];
    for (const decode of decoders) {
      first.push(await firstCall(decode, encoded, raw));
      warmups.push(await warmUp(decode, encoded));
    }
    const { wall, cpu } = await medians(decoders, encoded);
    if (JSON_OUT) {
      const mbs = (t: number[]) => t.map((ms) => Math.round(rate(ms)));
      console.log(
        JSON.stringify({
          codec: c.name,
          columns: ["out", "new", "js", "view"],
          wall: mbs(wall),
          cpu: mbs(cpu),
          firstMs: first.map((ms) => Math.round(ms * 10) / 10),
          warmupRuns: warmups,
        }),
      );
      continue;
    }
    const cell = (i: number) =>
      `${rate(wall[i]).toFixed(0)} (${rate(cpu[i]).toFixed(0)})`.padStart(14);
    console.log(
      `${c.name.padEnd(24)}${(raw.length / encoded.length).toFixed(2).padStart(7)}${" ".repeat(17)}` +
        `${cell(0)}${cell(1)}${cell(2)}${cell(3)}  ${(wall[2] / wall[0]).toFixed(2).padStart(6)}x` +
        `${first[0].toFixed(0).padStart(8)}/${first[2].toFixed(0)}`,
    );
  }
}

await main();
