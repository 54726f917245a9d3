"""Writes a 4 GiB (uncompressed) float32 Zarr v2 array with zarr-python 2.13, blosc-lz4,
chunk by chunk, and numpy's reductions of it (accumulated per chunk) as reference.json.

usage: /usr/bin/python3 make_stream_data.py OUT_DIR
"""
import json
import math
import sys

import numpy as np
import zarr
from numcodecs import Blosc

out = sys.argv[1]
N, C = 32768, 1024  # 32768^2 float32 = 4 GiB; 1024 chunks of 4 MiB
z = zarr.open(f"{out}/big.zarr", mode="w", shape=(N, N), chunks=(C, C), dtype="<f4",
              fill_value=np.nan, compressor=Blosc("lz4", 5, Blosc.SHUFFLE))
cols = np.arange(C, dtype=np.float64)
sums, count, nans = [], 0, 0
lo, hi = math.inf, -math.inf
hist = np.zeros(64, dtype=np.int64)
for i in range(N // C):
    rows = np.arange(i * C, (i + 1) * C, dtype=np.float64)[:, None]
    for j in range(N // C):
        # a smooth field quantized to 1/64 (compresses well), NaNs on a sparse lattice
        block = np.round((np.sin(rows / 900.0) * 100 + np.cos((cols + j * C) / 700.0) * 50
                          + (i * 7 + j * 3) % 11) * 64) / 64
        block = block.astype(np.float32)
        if (i + j) % 5 == 0:
            block[::97, ::89] = np.nan
        z[i * C:(i + 1) * C, j * C:(j + 1) * C] = block
        b64 = block.astype(np.float64)
        finite = b64[~np.isnan(b64)]
        sums.append(float(np.sum(finite)))
        count += finite.size
        nans += b64.size - finite.size
        lo, hi = min(lo, float(finite.min())), max(hi, float(finite.max()))
        hist += np.histogram(finite, bins=64, range=(-160.0, 170.0))[0]
    print(f"row {i + 1}/{N // C}", file=sys.stderr, flush=True)

total = math.fsum(sums)
json.dump({"min": lo, "max": hi, "sum": total, "mean": total / count, "count": count,
           "nanCount": nans, "histogram": hist.tolist(), "range": [-160.0, 170.0]},
          open(f"{out}/reference.json", "w"))
