/**
 * The arrays the toolchain apps read: float32 [512, 256] in [128, 256] chunks
 * (128 KiB decoded each, so they go to the decode workers), one v2 Blosc (LZ4, the
 * default v2 compressor) and one v3 Zstd, written by zarrkit from source.
 */
import { join } from "node:path";
import { create } from "zarrkit";

export const SHAPE = [512, 256];
export const ARRAYS = ["blosc.zarr", "zstd.zarr"] as const;
export type ArrayName = (typeof ARRAYS)[number];

/** Element i's value: exact in float32, varied enough that a wrong chunk shows. */
export function valueAt(i: number): number {
  return ((i * 7919) % 65521) * 0.25 - 4096;
}

export async function writeArrays(dir: string): Promise<void> {
  const values = Float32Array.from({ length: SHAPE[0]! * SHAPE[1]! }, (_, i) => valueAt(i));
  const common = { shape: SHAPE, chunks: [128, 256], dtype: "float32", workers: 0 } as const;
  const blosc = await create(join(dir, "blosc.zarr"), { ...common, zarrFormat: 2 });
  await blosc.set(null, values);
  const zstd = await create(join(dir, "zstd.zarr"), {
    ...common,
    zarrFormat: 3,
    compressor: { id: "zstd", level: 3 },
  });
  await zstd.set(null, values);
}
