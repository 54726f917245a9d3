"""Writes the benchmark arrays into bench/data/ with zarr-python 2.13 (Debian's).

Run with /usr/bin/python3 (the pyenv python3 on PATH has no zarr). Idempotent: an
array whose folder exists is kept; arrays are written to "<name>.tmp" and renamed, so
an interrupted run never leaves a half-written array behind. A VERSION file records
the generator's parameters; when they change, every array is written again.

All arrays are Zarr v2 so zarrkit, zarrita.js and zarr-python read the same bytes.

  f32-<codec>.zarr  float32 8192 x 8192 (256 MiB), chunks 1024 x 1024, C order,
                    for codec in raw (compressor None), gzip (level 1), blosc-lz4
                    (clevel 5, byte shuffle), blosc-zstd (clevel 3, byte shuffle),
                    zstd (level 3).
  u16-volume.zarr   uint16 256^3 (32 MiB), chunks 32^3, blosc-lz4 (clevel 5, shuffle).
"""

import os
import shutil
import sys
import time

import numcodecs
import numpy as np
import zarr

VERSION = "2"  # bump when data or parameters change: forces regeneration
SIDE = 8192
CHUNK = 1024
VOL_SIDE = 256
VOL_CHUNK = 32
SEED = 20240601

F32_COMPRESSORS = {
    "raw": None,
    "gzip": numcodecs.GZip(level=1),
    "blosc-lz4": numcodecs.Blosc(cname="lz4", clevel=5, shuffle=numcodecs.Blosc.SHUFFLE),
    "blosc-zstd": numcodecs.Blosc(cname="zstd", clevel=3, shuffle=numcodecs.Blosc.SHUFFLE),
    "zstd": numcodecs.Zstd(level=3),
}


def f32_field() -> np.ndarray:
    """A smooth sin/cos field plus small noise, quantized to 1/256 so it compresses."""
    rng = np.random.default_rng(SEED)
    y = np.linspace(0, 12 * np.pi, SIDE, dtype=np.float32)[:, None]
    x = np.linspace(0, 16 * np.pi, SIDE, dtype=np.float32)[None, :]
    a = np.sin(y) * np.float32(50)
    a = a * np.cos(x)  # broadcasts to SIDE x SIDE float32
    a += np.float32(20) * np.sin(x * np.float32(0.37) + y * np.float32(0.21))
    a += rng.standard_normal((SIDE, SIDE), dtype=np.float32) * np.float32(0.25)
    np.multiply(a, 256, out=a)
    np.rint(a, out=a)
    np.multiply(a, 1 / 256, out=a)
    return a


def u16_volume() -> np.ndarray:
    """A smooth blob field (like a microscopy volume) with noise, as uint16."""
    rng = np.random.default_rng(SEED + 1)
    z, y, x = np.meshgrid(
        *(np.linspace(-1, 1, VOL_SIDE, dtype=np.float32),) * 3, indexing="ij", sparse=True
    )
    v = 20000 * np.exp(-(x * x + y * y + z * z) * 3) + 5000 * np.sin(8 * x) * np.cos(6 * y)
    v = v + 8000 + rng.normal(0, 10, (VOL_SIDE,) * 3).astype(np.float32)
    return np.clip(v, 0, 65535).astype(np.uint16)


def write(root: str, name: str, data: np.ndarray, chunks, compressor) -> None:
    final = os.path.join(root, name)
    if os.path.isdir(final):
        return
    tmp = final + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    t = time.perf_counter()
    arr = zarr.open_array(
        tmp,
        mode="w",
        shape=data.shape,
        chunks=chunks,
        dtype=data.dtype,
        compressor=compressor,
        fill_value=0,
        order="C",
        zarr_version=2,
    )
    arr[...] = data
    os.rename(tmp, final)
    print(f"  wrote {name} in {time.perf_counter() - t:.1f} s", file=sys.stderr)


def main() -> None:
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "data")
    os.makedirs(root, exist_ok=True)
    stamp = os.path.join(root, "VERSION")
    old = open(stamp).read().strip() if os.path.exists(stamp) else None
    names = [f"f32-{c}.zarr" for c in F32_COMPRESSORS] + ["u16-volume.zarr"]
    if old != VERSION:
        # only this script's arrays: other benchmarks keep their data here too
        for name in names:
            for entry in (name, name + ".tmp"):
                shutil.rmtree(os.path.join(root, entry), ignore_errors=True)
    if all(os.path.isdir(os.path.join(root, n)) for n in names) and old == VERSION:
        return
    print(f"generating benchmark data in {root} (zarr {zarr.__version__})", file=sys.stderr)
    field = f32_field()
    for codec, compressor in F32_COMPRESSORS.items():
        write(root, f"f32-{codec}.zarr", field, (CHUNK, CHUNK), compressor)
    del field
    write(root, "u16-volume.zarr", u16_volume(), (VOL_CHUNK,) * 3, F32_COMPRESSORS["blosc-lz4"])
    with open(stamp, "w") as f:
        f.write(VERSION + "\n")


if __name__ == "__main__":
    main()
