/**
 * One read of each bench array (bench/data, made by `pnpm bench`) inline, through the
 * pool into a plain output (assembled on the main thread), and through the pool into
 * a shared output (workers copy their boxes). Median ms of 5 after a warm-up, `out`
 * reused. Run by hand:
 *   node --conditions=zarrkit-source --import tsx tests/large/measure-read-modes.ts
 */
import {
  createDecodePool,
  createWorkerDecoder,
  type DimSelection,
  FileSystemStore,
  open,
  slice,
  type ZarrArray,
} from "../../packages/zarrkit/src/index.js";

const CASES: [string, DimSelection[]][] = [
  ["f32-gzip.zarr", []],
  ["f32-gzip.zarr", [slice(1000, 3000), slice(500, 7000)]],
  ["f32-blosc-lz4.zarr", []],
  ["f32-zstd.zarr", []],
  ["f32-raw.zarr", []],
  ["u16-volume.zarr", []],
  ["u16-volume.zarr", [null, null, 100]],
];
const only = process.argv[2];
const pool = await createDecodePool({ size: 2 });
const store = new FileSystemStore(new URL("../../bench/data/", import.meta.url).pathname);
console.log(
  "array selection                     inline   pool   pool+shared   pool(raw forced)+shared",
);
for (const [path, selection] of CASES) {
  if (only && !path.includes(only)) continue;
  const time = async (arr: ZarrArray, shared: boolean) => {
    let out = (await arr.get(selection, { shared })).data;
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      out = (await arr.get(selection, { out, shared })).data;
      runs.push(performance.now() - t);
    }
    return runs
      .sort((a, b) => a - b)[2]
      .toFixed(0)
      .padStart(6);
  };
  const inline = await open(store, { kind: "array", path, workers: 0 });
  const pooled = await open(store, { kind: "array", path, workers: pool });
  const forced = await open(store, {
    kind: "array",
    path,
    decoder: createWorkerDecoder({ pool, inlineUncompressed: false }),
  });
  const label = `${path} ${selection.length ? "partial" : "full"}`.padEnd(34);
  const a = await time(inline, false);
  const b = await time(pooled, false);
  const c = await time(pooled, true);
  const d = path.includes("raw") ? await time(forced, true) : "     -";
  console.log(`${label} ${a} ${b} ${c.padStart(13)} ${d.padStart(12)}`);
}
await pool.terminate();
