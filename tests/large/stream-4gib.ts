/**
 * Streams a 4 GiB float32 array (blosc-lz4 on disk) through blocks() and chunk-parallel
 * reductions, and prints peak RSS, which must stay under 512 MiB. Not part of
 * `pnpm test`; run by hand (writes the data on first run, a few minutes):
 *   node --conditions=zarrkit-source --import tsx tests/large/stream-4gib.ts [DATA_DIR]
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FileSystemStore, getWorkerPool, open } from "../../packages/zarrkit/src/index.js";

const dir = process.argv[2] ?? "/tmp/zarrkit-stream-4gib";
if (!existsSync(`${dir}/reference.json`)) {
  console.log(`writing the array with zarr-python 2.13 into ${dir} ...`);
  const script = fileURLToPath(new URL("./make_stream_data.py", import.meta.url));
  execFileSync("/usr/bin/python3", [script, dir], { stdio: ["ignore", "inherit", "inherit"] });
}
const ref = JSON.parse(readFileSync(`${dir}/reference.json`, "utf8"));
const arr = await open(new FileSystemStore(dir), { kind: "array", path: "big.zarr" });
const gib = (arr.size * 4) / 2 ** 30;
const mib = (kib: number) => (kib / 1024).toFixed(0);
console.log(
  `array ${arr.shape} float32 (${gib} GiB), chunks ${arr.chunks}, pool ${(await getWorkerPool()).size} workers`,
);

// 1. blocks(): the consumer sees every element once, with <= 4 blocks decoded ahead
let t = performance.now();
let count = 0;
let sum = 0;
let blocks = 0;
for await (const block of arr.blocks(undefined, { concurrency: 4 })) {
  const data = block.data as Float32Array;
  let s = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isNaN(v)) {
      s += v;
      count++;
    }
  }
  sum += s;
  blocks++;
}
const blocksS = (performance.now() - t) / 1000;
console.log(
  `blocks(): ${blocks} blocks in ${blocksS.toFixed(1)} s (${((gib * 1024) / blocksS).toFixed(0)} MiB/s); count ${count} (numpy ${ref.count}), sum ${sum} (numpy ${ref.sum}); maxRSS ${mib(process.resourceUsage().maxRSS)} MiB`,
);

// 2. stats in the workers
t = performance.now();
const stats = await arr.stats();
const statsS = (performance.now() - t) / 1000;
console.log(`stats(): ${statsS.toFixed(1)} s (${((gib * 1024) / statsS).toFixed(0)} MiB/s)`);
const check = (name: string, ours: number, theirs: number, tol = 0) => {
  const ok = Math.abs(ours - theirs) <= tol * Math.abs(theirs);
  console.log(
    `  ${name.padEnd(9)} zarrkit ${ours}  numpy ${theirs}  ${ok ? "equal" : "DIFFERENT"}`,
  );
  return ok;
};
let ok = true;
ok = check("min", stats.min, ref.min) && ok;
ok = check("max", stats.max, ref.max) && ok;
ok = check("count", stats.count, ref.count) && ok;
ok = check("nanCount", stats.nanCount, ref.nanCount) && ok;
ok = check("sum", stats.sum, ref.sum, 1e-12) && ok;
ok = check("mean", stats.mean, ref.mean, 1e-12) && ok;

// 3. a histogram in the workers
t = performance.now();
const hist = await arr.histogram(64, ref.range);
const histS = (performance.now() - t) / 1000;
const same = hist.counts.every((c, k) => c === ref.histogram[k]);
console.log(
  `histogram(64): ${histS.toFixed(1)} s, ${same ? "equal to" : "DIFFERENT from"} numpy's`,
);
ok &&= same;
const maxRSS = process.resourceUsage().maxRSS * 1024;
console.log(`peak RSS ${mib(maxRSS / 1024)} MiB (limit 512 MiB)`);
if (maxRSS >= 512 * 2 ** 20 || !ok) process.exitCode = 1;
