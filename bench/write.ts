/**
 * Write benchmark, zarrkit vs zarrita.js 0.7.5: the same v3 array (4096 x 4096 float32,
 * chunks 512 x 512, 64 MiB) written whole from one Float32Array, raw (bytes codec only)
 * and gzip level 1, into the same in-memory Map store; plus an unaligned 1000 x 1000
 * region (partial chunks: read-modify-write). zarrkit both inline and with its worker
 * pool. zarrita encodes gzip with numcodecs.js's (its built-in gzip only decodes). Medians of N runs after warm-ups, GC forced between runs; ratios > 1 mean
 * zarrkit is faster. The stores' chunks are checked equal after warm-up.
 *
 *   node --conditions=zarrkit-source --import tsx bench/write.ts [--runs N] [--warmup N]
 */
import * as zarrita from "zarrita";
import { type CodecMetadata, create, getWorkerPool, open, slice } from "zarrkit";
import { collectGarbage, median } from "./timing.js";

const SIZE = 4096;
const CHUNK = 512;
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const RUNS = flag("--runs", 7);
const WARMUP = flag("--warmup", 2);

/** A Map store both libraries accept (zarrita's keys start with "/"). */
class MapStore {
  readonly map = new Map<string, Uint8Array>();
  async get(key: string): Promise<Uint8Array | undefined> {
    return this.map.get(key.replace(/^\//, ""));
  }
  async set(key: string, value: Uint8Array): Promise<void> {
    this.map.set(key.replace(/^\//, ""), value);
  }
  async delete(key: string): Promise<void> {
    this.map.delete(key.replace(/^\//, ""));
  }
}

const CODECS: Record<string, CodecMetadata[]> = {
  raw: [{ name: "bytes", configuration: { endian: "little" } }],
  gzip: [
    { name: "bytes", configuration: { endian: "little" } },
    { name: "gzip", configuration: { level: 1 } },
  ],
};

/** A smooth field plus quantized noise: compresses like real data, not like zeros. */
function makeData(): Float32Array {
  const data = new Float32Array(SIZE * SIZE);
  let seed = 1;
  for (let i = 0; i < SIZE; i++) {
    for (let j = 0; j < SIZE; j++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const noise = (seed / 0x7fffffff - 0.5) * 2;
      data[i * SIZE + j] =
        Math.round((Math.sin(j / 300) * Math.cos(i / 200) * 100 + noise) * 256) / 256;
    }
  }
  return data;
}

type Region = { rows: [number, number]; cols: [number, number] };
const FULL: Region = { rows: [0, SIZE], cols: [0, SIZE] };
const PARTIAL: Region = { rows: [300, 1300], cols: [700, 1700] };

function part(data: Float32Array, r: Region): Float32Array {
  if (r === FULL) return data;
  const [r0, r1] = r.rows;
  const [c0, c1] = r.cols;
  const out = new Float32Array((r1 - r0) * (c1 - c0));
  for (let i = r0; i < r1; i++)
    out.set(data.subarray(i * SIZE + c0, i * SIZE + c1), (i - r0) * (c1 - c0));
  return out;
}

type Writer = (store: MapStore) => Promise<() => Promise<void>>;

function zarrkitWriter(
  codecs: CodecMetadata[],
  value: Float32Array,
  r: Region,
  workers: boolean,
): Writer {
  return async (store) => {
    const nodeOptions = workers ? {} : { workers: 0 as const };
    const arr = store.map.has("zarr.json")
      ? await open(store, { kind: "array", ...nodeOptions })
      : await create(store, {
          shape: [SIZE, SIZE],
          chunks: [CHUNK, CHUNK],
          dtype: "float32",
          codecs,
          ...nodeOptions,
        });
    const shape = [r.rows[1] - r.rows[0], r.cols[1] - r.cols[0]];
    const sel = [slice(...r.rows), slice(...r.cols)];
    return () => arr.set(sel, { data: value, shape });
  };
}

function zarritaWriter(codecs: CodecMetadata[], value: Float32Array, r: Region): Writer {
  return async (store) => {
    const arr = store.map.has("zarr.json")
      ? await zarrita.open.v3(zarrita.root(store), { kind: "array" })
      : await zarrita.create(zarrita.root(store), {
          shape: [SIZE, SIZE],
          chunkShape: [CHUNK, CHUNK],
          dtype: "float32",
          codecs: codecs as zarrita.CodecMetadata[],
        });
    const shape = [r.rows[1] - r.rows[0], r.cols[1] - r.cols[0]];
    const sel = [zarrita.slice(...r.rows), zarrita.slice(...r.cols)];
    return () => zarrita.set(arr, sel, { data: value, shape, stride: [shape[1], 1] });
  };
}

/** Median ms of RUNS writes into a store already holding the whole array (written by `full`). */
async function time(writer: Writer, full: Writer): Promise<{ ms: number; store: MapStore }> {
  const store = new MapStore();
  await (await full(store))();
  const write = await writer(store);
  for (let i = 0; i < WARMUP; i++) await write();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    collectGarbage();
    const t0 = performance.now();
    await write();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), store };
}

function sameChunks(a: MapStore, b: MapStore): boolean {
  const keys = [...a.map.keys()].filter((k) => k.startsWith("c/"));
  if (keys.length !== [...b.map.keys()].filter((k) => k.startsWith("c/")).length) return false;
  return keys.every((k) => {
    const x = a.map.get(k);
    const y = b.map.get(k);
    return x !== undefined && y !== undefined && Buffer.from(x).equals(Buffer.from(y));
  });
}

// zarrita's own gzip only decodes: encode with numcodecs.js (what its zstd/blosc use)
zarrita.registry.set("gzip", () => import("numcodecs/gzip").then((m) => m.default));

const data = makeData();
const mib = (SIZE * SIZE * 4) / 1024 ** 2;
console.log(
  `write ${SIZE}x${SIZE} float32 (${mib} MiB), chunks ${CHUNK}x${CHUNK}; median of ${RUNS} runs after ${WARMUP} warm-ups`,
);
const workers = (await getWorkerPool()).size;
console.log(
  `\n${"scenario".padEnd(18)}${"zk inline".padStart(11)}${`zk ${workers} workers`.padStart(14)}${"zarrita".padStart(10)}${"zarrita/zk".padStart(12)}${"zk MB/s".padStart(10)}  equal`,
);
for (const [codecName, codecs] of Object.entries(CODECS)) {
  for (const region of [FULL, PARTIAL]) {
    const value = part(data, region);
    const fullZk = zarrkitWriter(codecs, data, FULL, false);
    const fullZa = zarritaWriter(codecs, data, FULL);
    const inline = await time(zarrkitWriter(codecs, value, region, false), fullZk);
    const pooled = await time(zarrkitWriter(codecs, value, region, true), fullZk);
    const theirs = await time(zarritaWriter(codecs, value, region), fullZa);
    const best = Math.min(inline.ms, pooled.ms);
    // gzip streams differ between deflate implementations: compare raw bytes only
    const equal = codecName === "raw" ? String(sameChunks(inline.store, theirs.store)) : "n/a";
    const name = `${codecName} ${region === FULL ? "full" : "1000² partial"}`;
    console.log(
      `${name.padEnd(18)}${inline.ms.toFixed(1).padStart(11)}${pooled.ms.toFixed(1).padStart(14)}${theirs.ms.toFixed(1).padStart(10)}${(theirs.ms / best).toFixed(2).padStart(12)}${(value.byteLength / 1e6 / (best / 1000)).toFixed(0).padStart(10)}  ${equal}`,
    );
  }
}
process.exit(0);
