/**
 * Single-thread decode throughput of zarrkit's WebAssembly codecs against numcodecs.js
 * (npm "numcodecs", as zarrita uses) on the same float32 data. Medians of several runs
 * after warm-up; MB/s of decoded bytes, by wall clock and by process CPU time (the
 * latter is steadier on a shared machine). Output buffers are reused where the API
 * allows: zarrkit decodes into one (`out`); numcodecs.js takes `out` but copies into it
 * from a fresh buffer. "zarrkit new" is zarrkit returning a fresh buffer per call. The
 * native counterpart is bench/codec_throughput_native.py (same data, numcodecs' C codecs).
 *
 *   node --conditions=source --import tsx bench/codec-throughput.ts [--mib 8] [--runs 9] [--json]
 */
import { Blosc, GZip, LZ4, Zlib, Zstd } from "numcodecs";
import { bloscDecode, bloscEncode } from "../packages/codecs/src/wasm/blosc.js";
import { lz4Decode, lz4Encode } from "../packages/codecs/src/wasm/lz4.js";
import { zlibWasmDecode, zlibWasmEncode } from "../packages/codecs/src/wasm/zlib-wasm.js";
import { zstdDecode, zstdEncode } from "../packages/codecs/src/wasm/zstd.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const MIB = arg("mib", 8);
const RUNS = arg("runs", 9);
const JSON_OUT = process.argv.includes("--json");
const WARMUP = 3;

/** The same values as codec_throughput_native.py: a sine plus a cheap hash, in quarters. */
function data(count: number): Uint8Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    values[i] = Math.round(Math.sin(i / 1000) * 4000 + ((i * 7919) % 61)) / 4;
  }
  return new Uint8Array(values.buffer);
}

type Decode = (bytes: Uint8Array) => Uint8Array | Promise<Uint8Array>;

async function verify(decode: Decode, bytes: Uint8Array, expected: Uint8Array): Promise<void> {
  const check = await decode(bytes);
  if (!Buffer.from(check.buffer, check.byteOffset, check.byteLength).equals(expected)) {
    throw new Error("decoded bytes differ from the input");
  }
}

const median = (t: number[]) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)];

/**
 * Median wall and CPU ms of each decoder; runs alternate between them so that load from
 * elsewhere on the machine (2 shared cores) hits all alike.
 */
async function medians(
  decoders: Decode[],
  bytes: Uint8Array,
): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[][] = decoders.map(() => []);
  const cpu: number[][] = decoders.map(() => []);
  for (let r = 0; r < WARMUP + RUNS; r++) {
    for (const [i, decode] of decoders.entries()) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await decode(bytes);
      const t1 = performance.now();
      const c = process.cpuUsage(c0);
      if (r >= WARMUP) {
        wall[i].push(t1 - t0);
        cpu[i].push((c.user + c.system) / 1000);
      }
    }
  }
  return { wall: wall.map(median), cpu: cpu.map(median) };
}

interface Case {
  name: string;
  encode: (raw: Uint8Array) => Promise<Uint8Array>;
  /** Decodes into `out` when given. */
  ours: (size: number, out?: Uint8Array) => Decode;
  theirs: { label: string; decode: (bytes: Uint8Array, out: Uint8Array) => ReturnType<Decode> };
}

const BLOSC = { shuffle: "shuffle", typesize: 4, blocksize: 0 } as const;

const CASES: Case[] = [
  {
    name: "blosc-lz4 shuffle c5",
    encode: (raw) => bloscEncode(raw, { cname: "lz4", clevel: 5, ...BLOSC }),
    ours: (size, out) => (b) => bloscDecode(b, size, undefined, out),
    theirs: {
      label: "numcodecs.js",
      decode: (b, out) =>
        Blosc.fromConfig({ id: "blosc", cname: "lz4", clevel: 5, shuffle: 1 }).decode(b, out),
    },
  },
  {
    name: "blosc-zstd shuffle c3",
    encode: (raw) => bloscEncode(raw, { cname: "zstd", clevel: 3, ...BLOSC }),
    ours: (size, out) => (b) => bloscDecode(b, size, undefined, out),
    theirs: {
      label: "numcodecs.js",
      decode: (b, out) =>
        Blosc.fromConfig({ id: "blosc", cname: "zstd", clevel: 3, shuffle: 1 }).decode(b, out),
    },
  },
  {
    name: "zstd level 3",
    encode: (raw) => zstdEncode(raw, 3, false),
    ours: (size, out) => (b) => zstdDecode(b, size, undefined, out),
    theirs: {
      label: "numcodecs.js",
      decode: (b, out) => Zstd.fromConfig({ id: "zstd", level: 3 }).decode(b, out),
    },
  },
  {
    name: "lz4 accel 1",
    encode: (raw) => lz4Encode(raw, 1),
    ours: (size, out) => (b) => lz4Decode(b, size, undefined, out),
    theirs: {
      label: "numcodecs.js",
      decode: (b, out) => LZ4.fromConfig({ id: "lz4", acceleration: 1 }).decode(b, out),
    },
  },
  {
    name: "gzip level 1",
    encode: (raw) => zlibWasmEncode(raw, "gzip", 1),
    ours: (size, out) => (b) => zlibWasmDecode(b, "gzip", size, undefined, out),
    // numcodecs.js gzip and zlib are fflate, as zarrkit's pure codecs
    theirs: {
      label: "numcodecs.js",
      decode: (b, out) => GZip.fromConfig({ id: "gzip", level: 1 }).decode(b, out),
    },
  },
  {
    name: "zlib level 1",
    encode: (raw) => zlibWasmEncode(raw, "zlib", 1),
    ours: (size, out) => (b) => zlibWasmDecode(b, "zlib", size, undefined, out),
    theirs: {
      label: "numcodecs.js",
      decode: (b, out) => Zlib.fromConfig({ id: "zlib", level: 1 }).decode(b, out),
    },
  },
];

async function main() {
  const raw = data((MIB * 1024 * 1024) / 4);
  const mb = raw.length / 1e6;
  const rate = (ms: number) => mb / (ms / 1000);
  if (!JSON_OUT) {
    console.log(`decode of ${MIB} MiB float32, median of ${RUNS} runs after ${WARMUP} warm-ups`);
    console.log(
      `${"codec".padEnd(24)}${"ratio".padStart(7)}   MB/s wall (cpu):${"zarrkit out".padStart(14)}` +
        `${"zarrkit new".padStart(14)}${"numcodecs.js".padStart(14)}  zarrkit/js`,
    );
  }
  for (const c of CASES) {
    const encoded = await c.encode(raw);
    const ourOut = new Uint8Array(raw.length);
    const theirOut = new Uint8Array(raw.length);
    const decoders: Decode[] = [
      c.ours(raw.length, ourOut),
      c.ours(raw.length),
      (b) => c.theirs.decode(b, theirOut),
    ];
    for (const decode of decoders) await verify(decode, encoded, raw);
    const { wall, cpu } = await medians(decoders, encoded);
    if (JSON_OUT) {
      const mbs = (t: number[]) => t.map((ms) => Math.round(rate(ms)));
      console.log(
        JSON.stringify({
          codec: c.name,
          columns: ["out", "new", "js"],
          wall: mbs(wall),
          cpu: mbs(cpu),
        }),
      );
      continue;
    }
    const cell = (i: number) =>
      `${rate(wall[i]).toFixed(0)} (${rate(cpu[i]).toFixed(0)})`.padStart(14);
    console.log(
      `${c.name.padEnd(24)}${(raw.length / encoded.length).toFixed(2).padStart(7)}${" ".repeat(17)}` +
        `${cell(0)}${cell(1)}${cell(2)}  ${(wall[2] / wall[0]).toFixed(2).padStart(6)}x`,
    );
  }
}

await main();
