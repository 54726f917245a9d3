#!/usr/bin/python3
"""Writes tests/fixtures/zarr-python-gaps/: the cases of issue 14 that zarrkit once refused
or misread, each written by the real peer where the peer can write it.

Run with Debian's python (zarr 2.13, numcodecs 0.11):

    /usr/bin/python3 tests/interop/make_zarr_python_gap_fixtures.py

v2/ is written by zarr-python 2.13 itself (expected values are what zarr-python reads back).
zarr-python 2.13 cannot write Zarr v3, so v3/ holds zarr.json documents written here from
the v3 spec (and zarr-python 3's "structured"/"struct" data types), around chunk bytes
produced by numcodecs and numpy; their expected values come from numpy. Output is
deterministic; expected.json uses the CLI's JSON rules (see make_zarr_python_fixtures.py),
with -0.0 kept as -0.0 and structured elements as {field: value} objects.
"""

import base64
import json
import math
import os
import shutil
import sys

import numcodecs
import numpy as np
import zarr

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "fixtures", "zarr-python-gaps"))

numcodecs.blosc.use_threads = False

expected = {"generator": "zarr-python " + zarr.__version__ + ", numcodecs " + numcodecs.__version__,
            "arrays": {}}


def enc_float(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v  # -0.0 stays -0.0 (json writes "-0.0")


def enc_value(v, dtype):
    if dtype.names is not None:
        return {name: enc_field(v[name], dtype.fields[name][0]) for name in dtype.names}
    kind = dtype.kind
    if kind == "b":
        return bool(v)
    if kind in "iu":
        v = int(v)
        return v if abs(v) <= 2**53 else str(v)
    if kind == "f":
        return enc_float(v)
    if kind == "c":
        return [enc_float(v.real), enc_float(v.imag)]
    if kind == "S":
        return bytes(v).decode("latin-1")
    if kind == "U":
        return str(v)
    if kind == "O":
        return None if v is None else str(v)
    raise ValueError("unsupported dtype " + str(dtype))


def enc_field(v, dtype):
    if dtype.subdtype is not None:
        base = dtype.subdtype[0]
        return [enc_value(x, base) for x in np.asarray(v).reshape(-1)]
    return enc_value(v, dtype)


def enc_data(a):
    a = np.asarray(a)
    return [enc_value(v, a.dtype) for v in a.reshape(-1, order="C")]


def record(key, store, path, z_or_data, meta_dtype, fill, codecs, note, data=None):
    arr = z_or_data
    entry = {
        "store": store,
        "path": path,
        "shape": list(arr.shape),
        "dtype": meta_dtype,
        "fill_value": fill,
        "codecs": codecs,
        "note": note,
        "data": enc_data(arr[...] if data is None else data),
    }
    expected["arrays"][key] = entry


def v2_array(store_name, path, data, note, *, dtype=None, edit=None, **kwargs):
    """zarr-python 2.13 writes `data`; `edit` may rewrite .zarray (then zarr reads it back)."""
    store_path = os.path.join(OUT, "v2", store_name)
    root = zarr.open_group(store_path, mode="a")
    dtype = np.dtype(dtype if dtype is not None else data.dtype)
    kwargs.setdefault("compressor", None)
    kwargs.setdefault("fill_value", 0)
    z = root.create_dataset(path, shape=data.shape, dtype=dtype, write_empty_chunks=True,
                            overwrite=True, **kwargs)
    z[...] = data
    meta_path = os.path.join(store_path, path, ".zarray")
    if edit is not None:
        with open(meta_path) as f:
            meta = json.load(f)
        edit(meta)
        with open(meta_path, "w") as f:
            json.dump(meta, f, indent=4, sort_keys=True, ensure_ascii=True)
        z = zarr.open_group(store_path, mode="r")[path]
    with open(meta_path) as f:
        meta = json.load(f)
    codecs = [f["id"] for f in meta["filters"] or []]
    if meta["compressor"]:
        codecs.append(meta["compressor"]["id"] + ":" + meta["compressor"].get("cname", ""))
    fill = z.fill_value
    if fill is not None and dtype.names is None and dtype.kind != "O":
        fill = enc_value(np.array(fill, dtype=dtype)[()], dtype)
    elif fill is not None and dtype.names is not None:
        fill = enc_value(np.frombuffer(bytes(np.array(fill, dtype=dtype).tobytes()), dtype)[0],
                         dtype)
    record(store_name + "/" + path, "v2/" + store_name, path, z, meta["dtype"], fill, codecs,
           note)
    return z


# --- 1. blosc with snappy ---------------------------------------------------------------


def snappy():
    i4 = (np.arange(9 * 7, dtype="<i4").reshape(9, 7) * 37) % 1000 - 300
    for shuffle, name in [(0, "noshuffle"), (1, "shuffle"), (2, "bitshuffle"), (-1, "autoshuffle")]:
        v2_array("snappy.zarr", "blosc_snappy_" + name, i4, "blosc cname snappy, shuffle " + name,
                 chunks=(4, 3), compressor=numcodecs.Blosc("snappy", 5, shuffle))
    # a chunk under blosc's minimum size is stored memcpyed (flag 0x2), still naming snappy
    v2_array("snappy.zarr", "blosc_snappy_memcpyed", np.arange(6, dtype="<i2"),
             "memcpyed frames need no decompressor whatever their cname",
             chunks=(3,), compressor=numcodecs.Blosc("snappy", 5, 1))
    v2_array("snappy.zarr", "blosc_snappy_clevel0_f8", np.linspace(-1, 1, 300),
             "clevel 0: memcpyed", chunks=(150,), compressor=numcodecs.Blosc("snappy", 0, 1))


# --- 2-5, 6: object categorize, json2 options, delta on bool, float16 fill, -0.0 ----------


def objects_and_filters():
    labels = ["apple", "fig", "kiwi"]
    cats = np.array(["fig", "apple", "kiwi", "kiwi", "plum", "fig", "apple"], dtype=object)
    v2_array("filters.zarr", "categorize_object", cats,
             "object dtype with categorize as its object codec (unlisted 'plum' reads as '')",
             chunks=(3,), dtype=object, fill_value=None,
             filters=[numcodecs.Categorize(labels=labels, dtype=object, astype="|u1")])
    objs = np.empty(5, dtype=object)
    objs[:] = ["text", "日本", "x", "", "quote \" and \\"]
    v2_array("filters.zarr", "json2_indent", objs,
             "json2 with indent and the other json.dumps options set",
             chunks=(2,), dtype=object, fill_value=None,
             object_codec=numcodecs.JSON(indent=2, sort_keys=True, ensure_ascii=False,
                                         separators=(", ", ": "), skipkeys=True,
                                         check_circular=False, allow_nan=False))
    bools = np.array([True, False, False, True, False, True, True, False, False])
    v2_array("filters.zarr", "delta_bool", bools,
             "delta on |b1: numcodecs encodes with XOR and decodes with a running OR",
             chunks=(4,), fill_value=False, filters=[numcodecs.Delta(dtype="|b1")])
    # zarr-python 2.13 writes the rounded float16 fill; other writers put the decimal
    # (0.333) in .zarray, which zarr-python reads as np.float16(0.333)
    # zarr-python 2.13 writes the rounded float16 fill (and 0.0 for a -0.0 fill); other
    # writers put 0.333 or -0.0 in .zarray, which zarr-python reads as np.float16(0.333)
    # and -0.0: the fill is set that way after writing, and zarr-python reads it back
    f2 = np.array([1.5, 0.25, -2], dtype="<f2")
    fill_edited("f2_fill_0.333", f2, "<f2", 0.333,
                "float16 fill 0.333 in .zarray means np.float16(0.333) = 0.3330078125")
    neg = np.array([-0.0, 0.0, np.nan, np.inf, -np.inf, -1.5], dtype="<f8")
    fill_edited("f8_neg_zero", neg, "<f8", -0.0, "-0.0 (data and fill), NaN and infinities")


def fill_edited(path, head, dtype, fill, note):
    """An array of 2 chunks, the first written, with `fill` put into .zarray as is."""
    store_path = os.path.join(OUT, "v2", "fill.zarr")
    root = zarr.open_group(store_path, mode="a")
    n = len(head)
    z = root.create_dataset(path, shape=(2 * n,), chunks=(n,), dtype=dtype, fill_value=0,
                            compressor=None, overwrite=True)
    z[:n] = head  # the second chunk is missing: it reads as the fill value
    meta_path = os.path.join(store_path, path, ".zarray")
    with open(meta_path) as f:
        meta = json.load(f)
    meta["fill_value"] = fill
    with open(meta_path, "w") as f:
        json.dump(meta, f, indent=4, sort_keys=True)
    z = zarr.open_group(store_path, mode="r")[path]
    record("fill.zarr/" + path, "v2/fill.zarr", path, z, dtype,
           enc_value(np.array(z.fill_value, dtype=dtype)[()], np.dtype(dtype)), [], note)


# --- 7. structured dtypes ------------------------------------------------------------------

STRUCT = np.dtype([("x", "<f4"), ("y", "<i2", (2,))])
STRUCT_MIXED = np.dtype([("a", "|u1"), ("b", ">i4"), ("c", "<f8"), ("d", "|b1"), ("e", "|S3")])


def structured_sample(dtype, n, seed):
    rng = np.random.default_rng(seed)
    a = np.zeros(n, dtype=dtype)
    for name in dtype.names:
        fdt = dtype.fields[name][0]
        base = fdt.subdtype[0] if fdt.subdtype else fdt
        shape = (n,) + (fdt.shape or ())
        if base.kind == "f":
            a[name] = np.round(rng.standard_normal(shape) * 100, 3)
        elif base.kind in "iu":
            info = np.iinfo(base)
            a[name] = rng.integers(max(info.min, -30000), min(info.max, 30000), size=shape)
        elif base.kind == "b":
            a[name] = rng.random(shape) < 0.5
        elif base.kind == "S":
            a[name] = [bytes(rng.choice(list(b"abcxyz"), size=int(rng.integers(0, 4))))
                       for _ in range(n)]
    return a


def structured():
    for order in "CF":
        data = structured_sample(STRUCT, 7 * 5, 700).reshape(7, 5)
        fill = np.array((1.5, [3, -4]), dtype=STRUCT).tobytes()
        z = zarr.open_group(os.path.join(OUT, "v2", "structured.zarr"), mode="a").create_dataset(
            "xy." + order, shape=(7, 5), chunks=(3, 2), dtype=STRUCT, fill_value=fill,
            order=order, compressor=numcodecs.Zlib(level=1), overwrite=True)
        z[:6, :4] = data[:6, :4]  # 5 of 9 chunks hold only the fill value
        record("structured.zarr/xy." + order, "v2/structured.zarr", "xy." + order, z,
               json.loads(z.store[z._key_prefix + ".zarray"])["dtype"],
               enc_value(np.frombuffer(fill, STRUCT)[0], STRUCT), ["zlib"],
               "structured dtype with a subarray field; fill value is base64 of a record")
    data = structured_sample(STRUCT_MIXED, 6, 701)
    v2_array("structured.zarr", "mixed", data, "byte orders, bool and bytes fields, no fill",
             chunks=(4,), fill_value=None)


# --- v3, written from the spec (zarr-python 2.13 cannot write v3) ----------------------------


def v3_array(name, data, meta, chunk_bytes, note, fill):
    path = os.path.join(OUT, "v3", name)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "zarr.json"), "w") as f:
        json.dump(meta, f, indent=2, sort_keys=True)
    for key, blob in chunk_bytes.items():
        os.makedirs(os.path.dirname(os.path.join(path, key)), exist_ok=True)
        with open(os.path.join(path, key), "wb") as f:
            f.write(blob)
    expected["arrays"]["v3/" + name] = {
        "store": "v3/" + name, "path": "", "shape": list(data.shape),
        "dtype": meta["data_type"], "fill_value": fill,
        "codecs": [c["name"] for c in meta["codecs"]], "note": note, "data": enc_data(data),
    }


def v3_meta(shape, chunks, data_type, fill_value, codecs):
    return {"zarr_format": 3, "node_type": "array", "shape": list(shape),
            "data_type": data_type, "fill_value": fill_value,
            "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": list(chunks)}},
            "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
            "codecs": codecs, "attributes": {}}


def v3_cases():
    # blosc snappy, one chunk per shuffle
    i4 = (np.arange(40, dtype="<i4") * 37) % 1000 - 300
    for shuffle in ["noshuffle", "shuffle", "bitshuffle"]:
        code = {"noshuffle": 0, "shuffle": 1, "bitshuffle": 2}[shuffle]
        blob = numcodecs.Blosc("snappy", 5, code, blocksize=0).encode(i4.tobytes())
        v3_array("blosc_snappy_" + shuffle, i4,
                 v3_meta((40,), (40,), "int32", 0,
                         [{"name": "bytes", "configuration": {"endian": "little"}},
                          {"name": "blosc", "configuration": {"cname": "snappy", "clevel": 5,
                                                              "shuffle": shuffle, "typesize": 4,
                                                              "blocksize": 0}}]),
                 {"c/0": blob}, "v3 blosc codec with cname snappy", 0)
    # float16 fill given as a decimal; chunk 1 missing
    f2 = np.array([1.5, 0.25, -2, 0.333, 0.333, 0.333], dtype="<f2")
    v3_array("f2_fill_0.333", f2,
             v3_meta((6,), (3,), "float16", 0.333,
                     [{"name": "bytes", "configuration": {"endian": "little"}}]),
             {"c/0": f2[:3].tobytes()}, "v3 float16 fill 0.333 is np.float16(0.333)",
             enc_value(np.float16(0.333), np.dtype("<f2")))
    # zarr-python 3.0's "structured" (fields as [name, type] pairs) and 3.1's "struct"
    # (fields as {name, data_type}); fill as base64 (3.0) and as a {field: value} object
    # (3.1); bytes codec big-endian, so every field is stored big-endian
    dt = np.dtype([("x", "<f4"), ("y", "<i2"), ("z", "|u1")])
    data = structured_sample(dt, 12, 702).reshape(4, 3)
    fill_rec = np.array((2.5, -7, 9), dtype=dt)
    be = dt.newbyteorder(">")
    chunks = {}
    for i in range(2):
        for j in range(2):
            block = np.full((2, 2), fill_rec, dtype=dt)
            part = data[2 * i:2 * i + 2, 2 * j:2 * j + 2]
            block[:part.shape[0], :part.shape[1]] = part
            if (i, j) != (1, 1):
                chunks["c/%d/%d" % (i, j)] = block.astype(be).tobytes()
    data_read = data.copy()
    data_read[2:, 2:] = fill_rec
    fill_b64 = base64.standard_b64encode(fill_rec.tobytes()).decode()
    codecs = [{"name": "bytes", "configuration": {"endian": "big"}}]
    v3_array("structured_legacy", data_read,
             v3_meta((4, 3), (2, 2), {"name": "structured", "configuration": {
                 "fields": [["x", "float32"], ["y", "int16"], ["z", "uint8"]]}}, fill_b64, codecs),
             chunks, "zarr-python 3.0 'structured', big-endian bytes codec, base64 fill",
             enc_value(fill_rec[()], dt))
    v3_array("struct", data_read,
             v3_meta((4, 3), (2, 2), {"name": "struct", "configuration": {"fields": [
                 {"name": "x", "data_type": "float32"}, {"name": "y", "data_type": "int16"},
                 {"name": "z", "data_type": "uint8"}]}}, {"x": 2.5, "y": -7, "z": 9}, codecs),
             chunks, "zarr-python 3.1 'struct', fill as a {field: value} object",
             enc_value(fill_rec[()], dt))


README = """# zarr-python gap fixtures (issue 14)

Written by `tests/interop/make_zarr_python_gap_fixtures.py`; do not edit by hand.
Regenerate with

    /usr/bin/python3 tests/interop/make_zarr_python_gap_fixtures.py

`v2/` is written by Debian's zarr-python 2.13 with numcodecs 0.11 (blosc with snappy,
categorize as an object codec, json2 with indent, delta on bool, float16 and -0.0 fill
values, structured dtypes). zarr-python 2.13 cannot write Zarr v3, so `v3/` holds
zarr.json documents written from the spec around chunk bytes from numcodecs/numpy.
`expected.json` holds what zarrkit must read: data flat in C order (structured elements as
{field: value} objects, subarray fields as flat lists, -0.0 kept).
"""


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(os.path.join(OUT, "v2"))
    snappy()
    objects_and_filters()
    structured()
    v3_cases()
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write(README)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    print("wrote %d arrays under %s" % (len(expected["arrays"]), OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
