"""Writes two Zarr v2 arrays with zarr-python 2.13 and prints numpy's reductions as JSON.

usage: /usr/bin/python3 make_reduce_data.py OUT_DIR
"""
import json
import sys

import numpy as np
import zarr
from numcodecs import Blosc

out = sys.argv[1]
rng = np.random.default_rng(7)

f = (rng.standard_normal((300, 500)) * 40 + 3).astype(np.float32)
f[rng.random(f.shape) < 0.01] = np.nan
f[128:192, 0:96] = np.nan  # a whole chunk of fill: not written
zf = zarr.open(f"{out}/f32.zarr", mode="w", shape=f.shape, chunks=(64, 96), dtype="<f4",
               fill_value=np.nan, compressor=Blosc("lz4", 5, Blosc.SHUFFLE), write_empty_chunks=False)
zf[:] = f

i = rng.integers(-300, 900, size=(200, 130)).astype(np.int16)
i[0:50, 0:40] = 7  # one whole chunk equal to the fill value
zi = zarr.open(f"{out}/i16.zarr", mode="w", shape=i.shape, chunks=(50, 40), dtype="<i2",
               fill_value=7, compressor=Blosc("zstd", 3, Blosc.BITSHUFFLE), order="F",
               write_empty_chunks=False)
zi[:] = i

PS = [0, 1, 5, 25, 50, 75, 95, 99, 100]


def summary(a, bins, rng_):
    a64 = a.astype(np.float64)
    finite = a64[~np.isnan(a64)]
    counts, edges = np.histogram(finite, bins=bins, range=rng_)
    return {
        "min": float(np.nanmin(a64)),
        "max": float(np.nanmax(a64)),
        "sum": float(np.nansum(a64)),
        "mean": float(np.nanmean(a64)),
        "count": int(finite.size),
        "nanCount": int(a64.size - finite.size),
        "histogram": counts.tolist(),
        "edges": edges.tolist(),
        "percentiles": np.nanpercentile(a64, PS).tolist(),
    }


print(json.dumps({
    "ps": PS,
    "f32": summary(f, 50, (-100.0, 100.0)),
    "f32_part": summary(f[10:250, 33:400], 17, (-60.0, 75.0)),
    "i16": summary(i, 64, (-300.0, 900.0)),
    "i16_part": summary(i[3:170, 77], 10, (0.0, 500.0)),
}))
