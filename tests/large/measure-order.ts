/**
 * The cost of F order: the same float32 4096 x 4096 array (chunks 512 x 512, lz4 blosc)
 * written in C and F order, read inline and through the pool (shared output), median
 * ms of 5 with `out` reused. inline_fused: decodeInto on the calling thread (a size-0
 * pool), where F order skips the transpose pass (decode-box.ts). Run by hand:
 *   node --conditions=zarrkit-source --import tsx tests/large/measure-order.ts
 */
import {
  create,
  createDecodePool,
  type DataFor,
  MemoryStore,
  open,
  type ZarrArray,
} from "../../packages/zarrkit/src/index.js";

const N = 4096;
const values = new Float32Array(N * N);
for (let i = 0; i < values.length; i++) values[i] = Math.round(Math.sin(i / 3000) * 4096) / 64;
const pool = await createDecodePool({ size: 2 });
const pool0 = await createDecodePool({ size: 0 });
console.log("order  inline_ms  inline_fused_ms  pool_shared_ms  pool_plain_ms");
for (const order of ["C", "F"] as const) {
  const store = new MemoryStore();
  const w = await create(store, {
    zarrFormat: 2,
    shape: [N, N],
    chunks: [512, 512],
    dtype: "<f4",
    order,
    compressor: { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 },
  });
  await w.set(null, { data: values, shape: [N, N] });
  const time = async (arr: ZarrArray, shared: boolean) => {
    let out = (await arr.get(undefined, { shared })).data as DataFor<"float32">;
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      out = (await arr.get(undefined, { out, shared })).data as DataFor<"float32">;
      runs.push(performance.now() - t);
    }
    for (let i = 0; i < out.length; i += 9973) if (out[i] !== values[i]) throw new Error("wrong");
    return runs
      .sort((a, b) => a - b)[2]
      .toFixed(0)
      .padStart(9);
  };
  const inline = await open(store, { kind: "array", workers: 0 });
  const pooled = await open(store, { kind: "array", workers: pool });
  const fused = await open(store, { kind: "array", workers: pool0, shared: true });
  const a = await time(inline, false);
  const b = await time(fused, true);
  const c = await time(pooled, true);
  const d = await time(pooled, false);
  console.log(`${order}      ${a}        ${b}       ${c}      ${d}`);
}
await pool.terminate();
