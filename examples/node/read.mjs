#!/usr/bin/env node
/**
 * Reads a Zarr array with the built zarrkit package (run `pnpm build` first):
 *
 *   node examples/node/read.mjs [PATH_OR_URL] [ARRAY_PATH]
 *
 * Default: the volume of the viewer's sample dataset (`pnpm start` makes it). Prints
 * the array's metadata, then reads the middle slice along the first axis (chunks
 * decode in worker_threads) and prints a few statistics of it.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { open, slice } from "zarrkit";

const sample = fileURLToPath(new URL("../viewer/data/sample.zarr", import.meta.url));
const [target = sample, path = target === sample ? "volume" : ""] = process.argv.slice(2);
if (target === sample && !existsSync(sample)) {
  console.error("no sample dataset yet: run `pnpm start` once, or pass PATH_OR_URL [ARRAY_PATH]");
  process.exit(1);
}

const array = await open(target, { kind: "array", path });
console.log(`${target}${path ? ` (${path})` : ""}`);
console.log(`  zarr v${array.zarrFormat}, ${array.dtype}, shape ${array.shape.join(" x ")}`);
console.log(
  `  chunks ${array.chunks.join(" x ")}, codecs ${array.codecs.map((c) => c.name).join(", ")}`,
);

// the middle index along the first axis, everything along the others
const middle = Math.floor(array.shape[0] / 2);
const selection = [middle, ...array.shape.slice(1).map((n) => slice(0, n))];
const started = performance.now();
const { data, shape } = await array.get(selection, {
  onProgress: ({ done, total }) => {
    if (done === total) console.log(`  read ${total} chunks`);
  },
});
const ms = (performance.now() - started).toFixed(1);

let min = Number.POSITIVE_INFINITY;
let max = Number.NEGATIVE_INFINITY;
let sum = 0;
for (const v of data) {
  const x = Number(v);
  if (x < min) min = x;
  if (x > max) max = x;
  sum += x;
}
console.log(`  slice [${middle}, ...]: shape ${shape.join(" x ")} in ${ms} ms`);
console.log(`  min ${min}, max ${max}, mean ${(sum / data.length).toFixed(3)}, sum ${sum}`);
