/**
 * Where posting a chunk to a worker starts to pay: reads N chunks of one size
 * (float32, gzip level 1 and raw) inline and through a 2-worker pool, concurrency 8,
 * and prints the median ms per chunk. Run by hand:
 *   node --conditions=zarrkit-source --import tsx tests/large/measure-inline-threshold.ts
 */
import {
  create,
  createDecodePool,
  createWorkerDecoder,
  MemoryStore,
  open,
} from "../../packages/zarrkit/src/index.js";

const pool = await createDecodePool({ size: 2 });
const rows: string[] = ["codec  chunk_bytes  inline_us  pool_us  (per chunk, median of 5)"];
for (const codec of ["gzip", "raw"]) {
  for (const side of [16, 32, 64, 128, 256]) {
    const chunkElems = side * side;
    const count = Math.max(16, Math.min(512, Math.floor((16 << 20) / (chunkElems * 4))));
    const store = new MemoryStore();
    const codecs = [{ name: "bytes", configuration: { endian: "little" } }];
    if (codec === "gzip") codecs.push({ name: "gzip", configuration: { level: 1 } } as never);
    const w = await create(store, {
      shape: [count * side, side],
      chunks: [side, side],
      dtype: "float32",
      codecs,
    });
    const values = new Float32Array(count * chunkElems);
    for (let i = 0; i < values.length; i++) values[i] = Math.round(Math.sin(i / 50) * 1000) / 16;
    await w.set(null, { data: values, shape: [count * side, side] });
    const inline = await open(store, { kind: "array", workers: 0 });
    const pooled = await open(store, {
      kind: "array",
      decoder: createWorkerDecoder({ pool, inlineBelow: 0 }),
    });
    const time = async (arr: typeof inline) => {
      const out = new Float32Array(values.length);
      await arr.get(undefined, { out });
      const runs: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await arr.get(undefined, { out });
        runs.push(((performance.now() - t) * 1000) / count);
      }
      return runs.sort((a, b) => a - b)[2];
    };
    const a = await time(inline);
    const b = await time(pooled);
    rows.push(
      `${codec.padEnd(6)} ${String(chunkElems * 4).padStart(11)}  ${a.toFixed(1).padStart(9)}  ${b.toFixed(1).padStart(7)}`,
    );
  }
}
console.log(rows.join("\n"));
await pool.terminate();
