/**
 * Single-thread decode throughput of zarrkit's WebAssembly codecs against numcodecs.js
 * (npm "numcodecs", as zarrita uses) on the same float32 data. Medians of several runs
 * after warm-up; MB/s of decoded bytes. The native counterpart is
 * bench/codec_throughput_native.py (same data, numcodecs' C codecs).
 *
 *   node --conditions=source --import tsx bench/codec-throughput.ts [--mib 8] [--runs 9]
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

/**
 * Median ms of each decoder; runs alternate between them so that load from elsewhere on
 * the machine (2 shared cores) hits both alike.
 */
async function medians(decoders: Decode[], bytes: Uint8Array): Promise<number[]> {
  const times: number[][] = decoders.map(() => []);
  for (let r = 0; r < WARMUP + RUNS; r++) {
    for (const [i, decode] of decoders.entries()) {
      const t0 = performance.now();
      await decode(bytes);
      if (r >= WARMUP) times[i].push(performance.now() - t0);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]);
}

interface Case {
  name: string;
  encode: (raw: Uint8Array) => Promise<Uint8Array>;
  ours: (size: number) => Decode;
  theirs: { label: string; decode: Decode };
}

const BLOSC = { shuffle: "shuffle", typesize: 4, blocksize: 0 } as const;

const CASES: Case[] = [
  {
    name: "blosc-lz4 shuffle c5",
    encode: (raw) => bloscEncode(raw, { cname: "lz4", clevel: 5, ...BLOSC }),
    ours: (size) => (b) => bloscDecode(b, size),
    theirs: {
      label: "numcodecs.js",
      decode: (b) =>
        Blosc.fromConfig({ id: "blosc", cname: "lz4", clevel: 5, shuffle: 1 }).decode(b),
    },
  },
  {
    name: "blosc-zstd shuffle c3",
    encode: (raw) => bloscEncode(raw, { cname: "zstd", clevel: 3, ...BLOSC }),
    ours: (size) => (b) => bloscDecode(b, size),
    theirs: {
      label: "numcodecs.js",
      decode: (b) =>
        Blosc.fromConfig({ id: "blosc", cname: "zstd", clevel: 3, shuffle: 1 }).decode(b),
    },
  },
  {
    name: "zstd level 3",
    encode: (raw) => zstdEncode(raw, 3, false),
    ours: (size) => (b) => zstdDecode(b, size),
    theirs: {
      label: "numcodecs.js",
      decode: (b) => Zstd.fromConfig({ id: "zstd", level: 3 }).decode(b),
    },
  },
  {
    name: "lz4 accel 1",
    encode: (raw) => lz4Encode(raw, 1),
    ours: (size) => (b) => lz4Decode(b, size),
    theirs: {
      label: "numcodecs.js",
      decode: (b) => LZ4.fromConfig({ id: "lz4", acceleration: 1 }).decode(b),
    },
  },
  {
    name: "gzip level 1",
    encode: (raw) => zlibWasmEncode(raw, "gzip", 1),
    ours: (size) => (b) => zlibWasmDecode(b, "gzip", size),
    // numcodecs.js gzip and zlib are fflate, as zarrkit's pure codecs
    theirs: {
      label: "numcodecs.js",
      decode: (b) => GZip.fromConfig({ id: "gzip", level: 1 }).decode(b),
    },
  },
  {
    name: "zlib level 1",
    encode: (raw) => zlibWasmEncode(raw, "zlib", 1),
    ours: (size) => (b) => zlibWasmDecode(b, "zlib", size),
    theirs: {
      label: "numcodecs.js",
      decode: (b) => Zlib.fromConfig({ id: "zlib", level: 1 }).decode(b),
    },
  },
];

async function main() {
  const raw = data((MIB * 1024 * 1024) / 4);
  const mb = raw.length / 1e6;
  console.log(`decode of ${MIB} MiB float32, median of ${RUNS} runs after ${WARMUP} warm-ups`);
  console.log(
    `${"codec".padEnd(24)}${"ratio".padStart(7)}${"zarrkit MB/s".padStart(14)}${"peer MB/s".padStart(11)}  peer${" ".repeat(10)}zarrkit/peer`,
  );
  for (const c of CASES) {
    const encoded = await c.encode(raw);
    const decoders = [c.ours(raw.length), c.theirs.decode];
    for (const decode of decoders) await verify(decode, encoded, raw);
    const [ours, theirs] = await medians(decoders, encoded);
    console.log(
      `${c.name.padEnd(24)}${(raw.length / encoded.length).toFixed(2).padStart(7)}` +
        `${(mb / (ours / 1000)).toFixed(0).padStart(14)}${(mb / (theirs / 1000)).toFixed(0).padStart(11)}` +
        `  ${c.theirs.label.padEnd(14)}${(theirs / ours).toFixed(2).padStart(6)}x`,
    );
  }
}

await main();
