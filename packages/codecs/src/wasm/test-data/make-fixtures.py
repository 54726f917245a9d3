#!/usr/bin/python3
"""Writes fixtures.bin + fixtures.json: inputs and their numcodecs 0.11 encodings for
every codec/parameter combination the WebAssembly codecs support.

Run with Debian's python3-numcodecs: /usr/bin/python3 make-fixtures.py
fixtures.json lists {"inputs": {name: {offset, length, itemsize}}, "blobs": [{codec,
config, input, offset, length}]} with byte ranges into fixtures.bin.
"""
import json
import os

import numcodecs
import numpy as np
from numcodecs import BZ2, GZip, LZ4, Blosc, Zlib, Zstd

HERE = os.path.dirname(os.path.abspath(__file__))
# blosc's threaded output orders blocks by completion: use the deterministic serial one
numcodecs.blosc.use_threads = False


def inputs():
    rng = np.random.default_rng(42)
    x = np.arange(8192, dtype=np.float64)
    # smooth signal, quantized noise and a run of zeros: compressible, not trivial
    f4 = np.round((np.sin(x / 300.0) * 100.0 + rng.normal(0, 0.5, x.size)) * 4) / 4
    f4 = f4.astype("<f4")
    f4[2000:2600] = 0
    i2 = (np.cumsum(rng.integers(-3, 4, 8192)) + 100).astype("<i2")
    u1 = (rng.integers(0, 4, 8192) * 60).astype("u1")
    empty = np.zeros(0, dtype="<f4")
    return {"f4": f4, "i2": i2, "u1": u1, "empty": empty}


def combos():
    for cname in ["blosclz", "lz4", "lz4hc", "zlib", "zstd"]:
        # clevel 0 stores the data (memcpyed frames), whatever the compressor
        for clevel in [0, 1, 5, 9] if cname == "blosclz" else [1, 5, 9]:
            for shuffle in [-1, 0, 1, 2]:
                yield Blosc(cname=cname, clevel=clevel, shuffle=shuffle), "f4"
        for inp in ["i2", "u1", "empty"]:
            yield Blosc(cname=cname, clevel=5, shuffle=1), inp
            yield Blosc(cname=cname, clevel=5, shuffle=2), inp
        yield Blosc(cname=cname, clevel=5, shuffle=1, blocksize=4096), "f4"
        yield Blosc(cname=cname, clevel=9, shuffle=2, blocksize=1 << 16), "f4"
    # numcodecs 0.11's Zstd has no checksum option (0.13 added it)
    for level in [-5, 1, 3, 5, 9, 19, 22]:
        yield Zstd(level=level), "f4"
    yield Zstd(level=3), "u1"
    yield Zstd(level=3), "empty"
    for accel in [1, 5, 100]:
        yield LZ4(acceleration=accel), "f4"
    yield LZ4(), "u1"
    yield LZ4(), "empty"
    for level in [1, 5, 9]:
        yield BZ2(level=level), "f4"
        yield Zlib(level=level), "f4"
        yield GZip(level=level), "f4"
    yield BZ2(level=9), "u1"
    yield BZ2(level=1), "empty"
    yield Zlib(level=0), "u1"
    yield GZip(level=6), "u1"


def main():
    data = bytearray()
    index = {"numcodecs": numcodecs.__version__, "inputs": {}, "blobs": []}
    arrays = inputs()
    for name, arr in arrays.items():
        raw = arr.tobytes()
        index["inputs"][name] = {"offset": len(data), "length": len(raw), "itemsize": arr.itemsize}
        data += raw
    for codec, inp in combos():
        blob = bytes(codec.encode(arrays[inp]))
        config = codec.get_config()
        codec_id = config.pop("id")
        index["blobs"].append(
            {"codec": codec_id, "config": config, "input": inp, "offset": len(data), "length": len(blob)}
        )
        data += blob
    with open(os.path.join(HERE, "fixtures.bin"), "wb") as f:
        f.write(data)
    with open(os.path.join(HERE, "fixtures.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    print(f"{len(index['blobs'])} blobs, {len(data)} bytes")


if __name__ == "__main__":
    main()
