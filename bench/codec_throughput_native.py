#!/usr/bin/python3
"""Single-thread decode throughput of numcodecs' C codecs (Debian's numcodecs 0.11),
the native counterpart of bench/codec-throughput.ts: same data, codecs and method (each
codec warmed up until its time stops improving, then the median of --runs runs), MB/s of
decoded bytes by wall clock and by process CPU time, decoding into one reused output
array. bench/codec-compare.ts runs both.

    /usr/bin/python3 bench/codec_throughput_native.py [--mib 8] [--runs 15] [--json]
"""
import argparse
import json
import statistics
import time

import numcodecs
import numpy as np
from numcodecs import LZ4, Blosc, GZip, Zlib, Zstd

numcodecs.blosc.use_threads = False  # one thread, as the JavaScript side

parser = argparse.ArgumentParser()
parser.add_argument("--mib", type=int, default=8)
parser.add_argument("--runs", type=int, default=15)
parser.add_argument("--json", action="store_true")
args = parser.parse_args()
# as codec-throughput.ts: warm up until the median of the last WINDOW runs is no more
# than 3% faster than that of the WINDOW before
WINDOW = 5
MIN_WARMUP = 2 * WINDOW
MAX_WARMUP = 60

count = args.mib * 1024 * 1024 // 4
i = np.arange(count, dtype=np.float64)
# the same values as data() in codec-throughput.ts
raw = (np.round(np.sin(i / 1000) * 4000 + (np.arange(count, dtype=np.int64) * 7919) % 61) / 4).astype("<f4")
mb = raw.nbytes / 1e6

CASES = [
    ("blosc-lz4 shuffle c5", Blosc(cname="lz4", clevel=5, shuffle=Blosc.SHUFFLE)),
    ("blosc-zstd shuffle c3", Blosc(cname="zstd", clevel=3, shuffle=Blosc.SHUFFLE)),
    ("zstd level 3", Zstd(level=3)),
    ("lz4 accel 1", LZ4(acceleration=1)),
    ("gzip level 1", GZip(level=1)),
    ("zlib level 1", Zlib(level=1)),
]

if not args.json:
    print(f"decode of {args.mib} MiB float32, median of {args.runs} runs after warm-up")
    print(f"{'codec':<24}{'ratio':>7}   MB/s wall (cpu):{'native out':>14}")
out = np.empty_like(raw)
for name, codec in CASES:
    encoded = codec.encode(raw)
    assert bytes(codec.decode(encoded)) == raw.tobytes()
    warm = []
    while len(warm) < MAX_WARMUP:
        t0 = time.perf_counter()
        codec.decode(encoded, out=out)
        warm.append(time.perf_counter() - t0)
        if len(warm) < MIN_WARMUP:
            continue
        if statistics.median(warm[-WINDOW:]) >= 0.97 * statistics.median(warm[-2 * WINDOW : -WINDOW]):
            break
    wall, cpu = [], []
    for _ in range(args.runs):
        c0 = time.process_time()
        t0 = time.perf_counter()
        codec.decode(encoded, out=out)  # numcodecs decodes into `out` (gzip/zlib copy into it)
        t1 = time.perf_counter()
        c1 = time.process_time()
        wall.append(t1 - t0)
        cpu.append(c1 - c0)
    assert out.tobytes() == raw.tobytes()
    w = statistics.median(wall)
    c = statistics.median(cpu)
    if args.json:
        row = {"codec": name, "columns": ["native"], "wall": [round(mb / w)], "cpu": [round(mb / c)]}
        print(json.dumps({**row, "warmupRuns": [len(warm)]}))
    else:
        cell = f"{mb / w:.0f} ({mb / c:.0f})"
        print(f"{name:<24}{raw.nbytes / len(encoded):>7.2f}{'':17}{cell:>14}")
