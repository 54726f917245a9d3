/**
 * The benchmark arrays in bench/data/ (gitignored): written by make_data.py with
 * zarr-python 2.13 on first use, kept afterwards (make_data.py is idempotent).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const DATA_DIR = join(BENCH_DIR, "data");
/** Debian's python with zarr 2.13 and numcodecs 0.11 (not the pyenv python3 on PATH). */
export const PYTHON = "/usr/bin/python3";

export interface BenchArray {
  /** Folder name under DATA_DIR. */
  readonly path: string;
  readonly dtype: "float32" | "uint16";
  readonly shape: readonly number[];
  readonly chunks: readonly number[];
  /** How it is compressed, as written by make_data.py. */
  readonly codec: string;
}

const F32 = { dtype: "float32", shape: [8192, 8192], chunks: [1024, 1024] } as const;

export const ARRAYS = {
  f32Raw: { ...F32, path: "f32-raw.zarr", codec: "none" },
  f32Gzip: { ...F32, path: "f32-gzip.zarr", codec: "gzip level 1" },
  f32BloscLz4: { ...F32, path: "f32-blosc-lz4.zarr", codec: "blosc lz4 clevel 5 shuffle" },
  f32BloscZstd: { ...F32, path: "f32-blosc-zstd.zarr", codec: "blosc zstd clevel 3 shuffle" },
  f32Zstd: { ...F32, path: "f32-zstd.zarr", codec: "zstd level 3" },
  u16Volume: {
    path: "u16-volume.zarr",
    dtype: "uint16",
    shape: [256, 256, 256],
    chunks: [32, 32, 32],
    codec: "blosc lz4 clevel 5 shuffle",
  },
} as const satisfies Record<string, BenchArray>;

/** Runs make_data.py when an array folder is missing (about 20 s on this VM). */
export function ensureData(): void {
  const stamp = join(DATA_DIR, "VERSION");
  const complete =
    existsSync(stamp) && Object.values(ARRAYS).every((a) => existsSync(join(DATA_DIR, a.path)));
  // make_data.py also checks its own VERSION; calling it when all is present is cheap,
  // but skipping the python start-up keeps the common case instant.
  if (complete) return;
  const result = spawnSync(PYTHON, [join(BENCH_DIR, "make_data.py"), DATA_DIR], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.error) throw new Error(`cannot run ${PYTHON}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`make_data.py failed with exit code ${result.status}`);
}
