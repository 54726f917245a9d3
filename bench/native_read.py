"""Native reference for bench/run.ts: zarr-python 2.13 + numcodecs 0.11 (C codecs).

Reads a JSON job on stdin:
  {"dataDir": str, "runs": int, "warmup": int,
   "scenarios": [{"name": str, "array": str, "selection": [null | int | [start, stop]]}]}
and prints one JSON line per scenario: {"scenario": name, "native_ms": median,
"sha256": hex digest of the result's bytes (C order, little-endian)}, which run.ts
compares with zarrkit's result.

Each read goes into one preallocated numpy array (get_basic_selection(out=...)), so
like zarrkit's `out` option, timed runs do not pay first-touch page faults for the
result. Chunks are read and decoded one by one in this thread (zarr-python 2 has no
concurrency); blosc may use its own threads inside one chunk's decode.
"""

import hashlib
import json
import os
import statistics
import sys
import time

import numpy as np
import zarr


def to_selection(spec):
    sel = []
    for d in spec:
        if d is None:
            sel.append(slice(None))
        elif isinstance(d, int):
            sel.append(d)
        else:
            sel.append(slice(d[0], d[1]))
    return tuple(sel)


def main() -> None:
    job = json.load(sys.stdin)
    runs = int(job["runs"])
    warmup = int(job["warmup"])
    for sc in job["scenarios"]:
        arr = zarr.open_array(os.path.join(job["dataDir"], sc["array"]), mode="r")
        sel = to_selection(sc["selection"])
        # shape of the result: let zarr compute it once, then reuse the buffer
        out = np.empty_like(arr.get_basic_selection(sel))
        for _ in range(warmup):
            arr.get_basic_selection(sel, out=out)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            arr.get_basic_selection(sel, out=out)
            times.append((time.perf_counter() - t) * 1000)
        digest = hashlib.sha256(np.ascontiguousarray(out).tobytes()).hexdigest()
        result = {"scenario": sc["name"], "native_ms": statistics.median(times), "sha256": digest}
        print(json.dumps(result))
        sys.stdout.flush()


if __name__ == "__main__":
    main()
