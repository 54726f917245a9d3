"""The runtime matrix's interop side, with Debian's zarr-python 2.13 / numcodecs.

  python3 arrays.py make DIR    writes DIR/blosc.zarr (Blosc zstd, shuffle) and
                                DIR/zstd.zarr (Zstd 3): uint32 [256, 256], chunks [64, 64]
  python3 arrays.py check PATH  exits 0 when the array at PATH holds the same values

Values are murmur3's 32-bit finalizer of flat index i (user-app.mjs computes the same):
they do not compress, so every chunk stays above zarrkit's 4 KiB inline-decode
threshold and goes to the workers.
"""

import sys

import numcodecs
import numpy as np
import zarr

SHAPE = (256, 256)


def expected():
    h = np.arange(SHAPE[0] * SHAPE[1], dtype=np.uint32)
    with np.errstate(over="ignore"):
        h ^= h >> 16
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> 13
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> 16
    return h.reshape(SHAPE)


def make(folder):
    values = expected()
    compressors = {
        "blosc": numcodecs.Blosc(cname="zstd", clevel=3, shuffle=numcodecs.Blosc.SHUFFLE),
        "zstd": numcodecs.Zstd(level=3),
    }
    for name, compressor in compressors.items():
        z = zarr.open_array(
            f"{folder}/{name}.zarr", mode="w", shape=SHAPE, chunks=(64, 64),
            dtype="<u4", compressor=compressor,
        )
        z[:] = values


def check(path):
    z = zarr.open_array(path, mode="r")
    if z.shape != SHAPE or z.dtype != np.dtype("<u4"):
        sys.exit(f"{path}: shape {z.shape} dtype {z.dtype}, expected {SHAPE} uint32")
    diff = np.count_nonzero(z[:] != expected())
    if diff:
        sys.exit(f"{path}: {diff} values differ from the expected ones")
    print(f"zarr-python read {path} back equal ({z.compressor})")


if __name__ == "__main__":
    {"make": make, "check": check}[sys.argv[1]](sys.argv[2])
