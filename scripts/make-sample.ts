/**
 * The viewer's sample dataset, written by zarrkit's own writer (Zarr v3):
 *
 *   sample.zarr/                 group, {"description": ...}, consolidated metadata
 *     image/                     OME-Zarr 0.5 multiscales group (levels 0..3)
 *       0 .. 3                   uint16 [2048 >> k, 2048 >> k], sharded: shards of
 *                                4x4 inner chunks of 128x128, bytes + zstd inside
 *     volume                     uint8 [64, 256, 256] (z, y, x), chunks 16x64x64, gzip
 *
 * Values are functions of the coordinates (sample-values.ts), so
 * tests can check any pixel without reading the data back. Idempotent: an existing
 * dataset whose VERSION matches is kept.
 * Usage: node --conditions=zarrkit-source --import tsx scripts/make-sample.ts [DIR]
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { create, createGroup, FileSystemStore, writeConsolidatedMetadata } from "zarrkit";
import { ROOT } from "./cdn-build.js";
import {
  IMAGE_LEVELS,
  IMAGE_SIZE,
  sampleImageValue,
  sampleVolumeValue,
  VOLUME_SHAPE,
} from "./sample-values.js";

export const SAMPLE_DIR = join(ROOT, "examples/viewer/data");
export const SAMPLE_NAME = "sample.zarr";
const VERSION = "3";

/** Level k of the pyramid: level 0 sampled at every 2^k-th pixel (exact, cheap to check). */
function imageLevel(k: number): Uint16Array {
  const n = IMAGE_SIZE >> k;
  const step = 1 << k;
  const out = new Uint16Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) out[y * n + x] = sampleImageValue(y * step, x * step);
  }
  return out;
}

function volume(): Uint8Array {
  const [nz, ny, nx] = VOLUME_SHAPE;
  const out = new Uint8Array(nz * ny * nx);
  let i = 0;
  for (let z = 0; z < nz; z++) {
    for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) out[i++] = sampleVolumeValue(z, y, x);
  }
  return out;
}

export async function makeSample(dir = SAMPLE_DIR): Promise<string> {
  const target = join(dir, SAMPLE_NAME);
  const stamp = join(dir, `${SAMPLE_NAME}.VERSION`);
  if (existsSync(stamp) && (await readFile(stamp, "utf8")).trim() === VERSION) return target;
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  const store = new FileSystemStore(target);
  await createGroup(store, {
    attributes: { description: "zarrkit viewer sample: a multiscale image and a volume" },
  });
  const datasets = [];
  for (let k = 0; k < IMAGE_LEVELS; k++) {
    datasets.push({
      path: String(k),
      coordinateTransformations: [{ type: "scale", scale: [2 ** k, 2 ** k] }],
    });
  }
  await createGroup(store, {
    path: "image",
    attributes: {
      ome: {
        version: "0.5",
        multiscales: [
          {
            name: "image",
            axes: [
              { name: "y", type: "space" },
              { name: "x", type: "space" },
            ],
            datasets,
          },
        ],
      },
    },
  });
  for (let k = 0; k < IMAGE_LEVELS; k++) {
    const n = IMAGE_SIZE >> k;
    const level = await create(store, {
      path: `image/${k}`,
      shape: [n, n],
      dtype: "uint16",
      chunks: [128, 128],
      shards: [Math.min(512, n), Math.min(512, n)],
      compressor: { id: "zstd", level: 3 },
      dimensionNames: ["y", "x"],
    });
    await level.set(undefined, { data: imageLevel(k), shape: [n, n] });
  }
  const vol = await create(store, {
    path: "volume",
    shape: VOLUME_SHAPE,
    dtype: "uint8",
    chunks: [16, 64, 64],
    compressor: { id: "gzip", level: 5 },
    dimensionNames: ["z", "y", "x"],
    attributes: { description: "a spherical shell" },
  });
  await vol.set(undefined, { data: volume(), shape: [...VOLUME_SHAPE] });
  // HTTP stores cannot list folders: consolidated metadata lets a viewer show the tree
  await writeConsolidatedMetadata(store);
  await writeFile(stamp, `${VERSION}\n`);
  return target;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const where = await makeSample(process.argv[2] ?? SAMPLE_DIR);
  console.log(`sample dataset at ${where} (${Math.round(performance.now() - started)} ms)`);
}
