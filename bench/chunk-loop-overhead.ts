/**
 * The per-chunk overhead issue 13 added to chunk loops, measured on small chunks where
 * it shows most: `memory` reads a MemoryStore array of many tiny uncompressed chunks
 * (get and stats, decoded inline: the event-loop yields every 8 ms), `folder` writes a
 * folder array of 4 KiB chunks whole and partly (each chunk write takes a lock file).
 *
 * node --conditions=zarrkit-source --import tsx bench/chunk-loop-overhead.ts [memory|folder] [CHUNKS]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, MemoryStore, open, slice } from "zarrkit";

const [mode = "memory", chunksArg] = process.argv.slice(2);
const RUNS = 7;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const time = async (work: () => Promise<unknown>, into: number[]) => {
  const t = performance.now();
  await work();
  into.push(performance.now() - t);
};

if (mode === "memory") {
  const chunks = Number(chunksArg ?? 5000);
  const store = new MemoryStore();
  const shape = [chunks * 256];
  const options = { shape, chunks: [256], dtype: "float32", compressor: null, zarrFormat: 2 };
  await (await create(store, options as Parameters<typeof create>[1])).set(null, 1.5);
  const arr = await open(store, { kind: "array", workers: 0 });
  const get: number[] = [];
  const stats: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await time(() => arr.get(null), get);
    await time(() => arr.stats(), stats);
  }
  console.log(
    JSON.stringify({
      mode,
      chunks,
      getMs: Math.round(median(get)),
      statsMs: Math.round(median(stats)),
    }),
  );
} else {
  const chunks = Number(chunksArg ?? 1000);
  const dir = mkdtempSync(join(tmpdir(), "zarrkit-bench-"));
  const whole: number[] = [];
  const partial: number[] = [];
  const values = Float32Array.from({ length: chunks * 1024 }, (_, j) => j);
  for (let i = 0; i < 5; i++) {
    const a = await create(join(dir, `a${i}.zarr`), {
      shape: [chunks * 1024],
      chunks: [1024],
      dtype: "float32",
      zarrFormat: 2,
    });
    await time(() => a.set(null, values), whole);
    await time(() => a.set([slice(0, null, 2)], 7), partial);
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      mode,
      chunks,
      wholeMs: Math.round(median(whole)),
      partialMs: Math.round(median(partial)),
    }),
  );
}
process.exit(0);
