#!/usr/bin/python3
"""Writes the datetime64 / timedelta64 / raw-bytes fixtures under
tests/fixtures/zarr-python-time/.

Run with Debian's python (zarr 2.13, numcodecs 0.11):

    /usr/bin/python3 tests/interop/make_zarr_python_time_fixtures.py

Output is deterministic (fixed seeds, zlib only). expected.json holds, per array, what
zarrkit must read: the v2 dtype, data type name, unit and scale factor, shape, fill value
and the full data flat in C order, twice: `counts`, the int64 counts as decimal strings
(NaT is -9223372036854775808), and `data` under the CLI's JSON rules (counts as numbers up
to 2^53 else decimal strings, NaT as "NaT", raw bytes as latin-1 strings).
"""

import json
import os
import shutil
import sys

import numcodecs
import numpy as np
import zarr

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "fixtures", "zarr-python-time"))
NAT = -(2**63)

expected = {"generator": "zarr-python " + zarr.__version__ + ", numcodecs " + numcodecs.__version__
            + ", numpy " + np.__version__, "arrays": {}}


def count_of(v):
    """The int64 behind a datetime64/timedelta64 scalar."""
    a = np.asarray(v)
    return int(a.astype(a.dtype.newbyteorder("=")).view("i8"))


def enc_time(c):
    if c == NAT:
        return "NaT"
    return c if abs(c) <= 2**53 else str(c)


def enc(v, dtype):
    if dtype.kind in "mM":
        return enc_time(count_of(v))
    if dtype.kind == "V":
        return bytes(v).decode("latin-1")
    raise ValueError(dtype)


def counts(a):
    """Flat C-order int64 counts of a time array (native order first)."""
    native = a.astype(a.dtype.newbyteorder("="))
    return [str(int(c)) for c in native.reshape(-1).view("i8")]


def time_values(dtype, shape, seed):
    """Counts across the int64 range: NaT, extremes, 2^53 neighbours, small values."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    flat = rng.integers(-(2**62), 2**62, size=n, dtype=np.int64)
    special = [NAT, 2**63 - 1, -(2**63) + 1, 2**53 + 1, -(2**53) - 1, 0, 1, -1, NAT]
    for i, s in enumerate(special):
        if 3 * i < n:
            flat[3 * i] = s
    return flat.view(np.dtype(dtype).newbyteorder("=")).astype(dtype).reshape(shape)


def add_array(path, data, *, chunks, fill_value, order="C", region=None, note=None):
    root = zarr.open_group(os.path.join(OUT, "v2", "time.zarr"), mode="a")
    z = root.create_dataset(path, shape=data.shape, chunks=chunks, dtype=data.dtype,
                            fill_value=fill_value, order=order,
                            compressor=numcodecs.Zlib(level=1), write_empty_chunks=True,
                            overwrite=True)
    sl = tuple(slice(0, r) for r in region) if region else tuple(slice(None) for _ in data.shape)
    z[sl] = data[sl]
    back = z[...]
    meta = json.loads(z.store[z._key_prefix + ".zarray"])
    dt = z.dtype
    entry = {
        "path": path,
        "dtype": meta["dtype"],
        "shape": list(data.shape),
        "order": order,
        "fill_value_json": meta["fill_value"],
        "data": [enc(v, dt) for v in back.reshape(-1)],
    }
    if dt.kind in "mM":
        unit, scale = np.datetime_data(dt)
        entry.update(name="datetime64" if dt.kind == "M" else "timedelta64", unit=unit,
                     scale_factor=scale, counts=counts(back),
                     fill_value=enc_time(count_of(z.fill_value)),
                     iso=[str(v) for v in back.reshape(-1)[:6]])
    else:
        entry.update(name="raw_bits", item_size=dt.itemsize,
                     fill_value=None if z.fill_value is None else enc(z.fill_value, dt),
                     hex=[bytes(v).hex() for v in back.reshape(-1)])
    if note:
        entry["note"] = note
    expected["arrays"][path] = entry


def fixtures():
    shape, chunks, region = (7, 5), (3, 2), (6, 4)
    add_array("M8_ns", time_values("<M8[ns]", shape, 1), chunks=chunks, region=region,
              fill_value=np.datetime64("NaT"), note="missing chunks read NaT")
    days = np.arange(-20, 15, dtype="<i8").reshape(shape) * 400
    d = days.view("<M8[D]").copy()
    d[2, 3] = np.datetime64("NaT")
    add_array("M8_D", d, chunks=chunks, order="F", region=region,
              fill_value=np.datetime64("2000-01-01"))
    add_array("m8_s", time_values("<m8[s]", shape, 2), chunks=chunks, region=region,
              fill_value=np.timedelta64(-5, "s"))
    add_array("be_M8_ms", time_values(">M8[ms]", shape, 3), chunks=chunks, region=region,
              fill_value=np.datetime64("NaT"))
    tens = (np.arange(35, dtype="<i8").reshape(shape) * 7 - 100).view("<M8[10s]")
    add_array("M8_10s", tens, chunks=chunks, fill_value=np.datetime64(3, "10s"))
    rng = np.random.default_rng(4)
    raw = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)
    raw[0, 0] = 0
    raw[0, 1] = 255
    add_array("V4", raw.view("|V4").reshape(shape), chunks=chunks, region=region,
              fill_value=b"\x01\x02\xfe\xff")
    raw3 = rng.integers(0, 256, size=(6, 3), dtype=np.uint8)
    add_array("V3_null", raw3.view("|V3").reshape(6), chunks=(2,), fill_value=None,
              note="fill_value null, all chunks written")


README = """# zarr-python 2.13 datetime64 / timedelta64 / raw-bytes fixtures

Written by `tests/interop/make_zarr_python_time_fixtures.py` (Debian's python3-zarr 2.13,
numcodecs 0.11, numpy 1.24); do not edit by hand. Regenerate with

    /usr/bin/python3 tests/interop/make_zarr_python_time_fixtures.py

`v2/time.zarr` holds one array per case ("<M8[ns]", "<M8[D]" in F order, "<m8[s]",
">M8[ms]", "<M8[10s]", "|V4", "|V3" with a null fill value), zlib-compressed, with NaT
values and some chunks left missing. `expected.json` holds the int64 counts
(`counts`), the data under the CLI's JSON rules (`data`) and numpy's first few values as
text (`iso`).
"""


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(os.path.join(OUT, "v2"))
    fixtures()
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write(README)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(OUT) for n in ns)
    print("wrote %d arrays, %d bytes under %s" % (len(expected["arrays"]), total, OUT),
          file=sys.stderr)


if __name__ == "__main__":
    main()
