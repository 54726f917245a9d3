#!/usr/bin/python3
"""Writes the zarr-python interop fixtures under tests/fixtures/zarr-python/.

Run with Debian's python (zarr 2.13, numcodecs 0.11):

    /usr/bin/python3 tests/interop/make_zarr_python_fixtures.py

Output is deterministic (fixed seeds, gzip mtime pinned, blosc single-threaded), so a
rerun reproduces the committed bytes. expected.json holds, for every array, what
zarrkit must read: shape, dtype, fill value and the full data flat in C order, encoded
with the CLI's JSON rules (NaN/Infinity as strings, 64-bit integers beyond 2^53 as
decimal strings, complex as [re, im], bool as true/false, strings as strings, bytes
as latin-1 strings), plus numpy's answer for a few selections.
"""

import base64
import json
import math
import os
import shutil
import sys
import time

import numcodecs
import numpy as np
import zarr

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "fixtures", "zarr-python"))

# Codecs whose implementation is WASM in zarrkit: tests accept an UnknownCodecError
# naming one of them until they land.
WASM_CODECS = {"blosc", "zstd", "lz4", "bz2"}

numcodecs.blosc.use_threads = False
# gzip.GzipFile stamps time.time() into its header; pin it so reruns are byte-identical.
time.time = lambda: 0.0

expected = {"generator": "zarr-python " + zarr.__version__ + ", numcodecs " + numcodecs.__version__,
            "arrays": {}}


# --- JSON encoding shared with the CLI ---------------------------------------------------


def enc_float(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    if v == 0 and math.copysign(1.0, v) < 0:
        return 0.0  # JSON has no -0; JSON.stringify(-0) is "0"
    return v


def enc_int(v):
    v = int(v)
    return v if abs(v) <= 2**53 else str(v)


def enc_value(v, dtype):
    kind = dtype.kind
    if kind == "b":
        return bool(v)
    if kind in "iu":
        return enc_int(v)
    if kind == "f":
        return enc_float(v)
    if kind == "c":
        return [enc_float(v.real), enc_float(v.imag)]
    if kind == "S":
        return bytes(v).decode("latin-1")
    if kind == "U":
        return str(v)
    if kind == "O":
        if v is None:
            return None
        if isinstance(v, bytes):
            return v.decode("latin-1")
        return str(v)
    raise ValueError("unsupported dtype " + str(dtype))


def enc_data(a):
    a = np.asarray(a)
    return [enc_value(v, a.dtype) for v in a.reshape(-1, order="C")]


def enc_fill(fill, dtype):
    if fill is None:
        return None
    return enc_value(np.array(fill, dtype=dtype)[()] if dtype.kind != "O" else fill, dtype)


# --- data ---------------------------------------------------------------------------------


def sample(dtype, shape, seed):
    """Deterministic values exercising each dtype's range (extremes, NaN, unicode...)."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    dt = np.dtype(dtype)
    if dt.kind == "b":
        flat = rng.random(n) < 0.5
    elif dt.kind in "iu":
        info = np.iinfo(dt)
        flat = rng.integers(info.min, info.max, size=n, endpoint=True, dtype=dt.newbyteorder("="))
        flat[0] = info.min
        if n > 1:
            flat[1] = info.max
        if dt.itemsize == 8 and n > 3:
            flat[2] = 2**53 + 1 if dt.kind == "u" else -(2**53) - 1
            flat[3] = 2**53
    elif dt.kind == "f":
        flat = (rng.standard_normal(n) * 100).astype(dt.newbyteorder("="))
        specials = [np.nan, np.inf, -np.inf, -0.0, 0.1]
        for i, s in enumerate(specials):
            if 2 * i + 1 < n:
                flat[2 * i + 1] = s
    elif dt.kind == "c":
        flat = (rng.standard_normal(n) + 1j * rng.standard_normal(n)).astype(dt.newbyteorder("="))
        if n > 2:
            flat[1] = complex(np.nan, 1.0)
            flat[2] = complex(-np.inf, np.inf)
    elif dt.kind == "S":
        letters = "abcdefghijklmnopqrstuvwxyz0123456789"
        flat = np.array(
            ["".join(rng.choice(list(letters), size=rng.integers(0, dt.itemsize + 1))).encode()
             for _ in range(n)],
            dtype=dt)
    elif dt.kind == "U":
        pool = ["", "a", "ab", "xyz", "wxyz", "é", "日本", "😀", "ñandú"[:4], "Ωμ", "z\u00e9\u00e8"]
        flat = np.array([pool[int(i)] for i in rng.integers(0, len(pool), size=n)], dtype=dt)
    else:
        raise ValueError(dtype)
    return flat.astype(dt).reshape(shape)


def sample_objects(kind, shape, seed):
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    pool = ["", "a", "hello", "Zürich", "東京都", "😀 emoji", "tab\tand\nnewline", "x" * 40,
            "quote \" and \\ backslash"]
    flat = np.empty(n, dtype=object)
    for i, j in enumerate(rng.integers(0, len(pool), size=n)):
        s = pool[int(j)]
        flat[i] = s if kind == "utf8" else s.encode("utf-8")
    if kind == "bytes":
        # bytes that are not valid UTF-8 too
        flat[0] = bytes([0, 1, 254, 255])
    return flat.reshape(shape)


# --- writing ------------------------------------------------------------------------------


def region_slices(region, shape):
    if region is None:
        return tuple(slice(None) for _ in shape)
    return tuple(slice(0, r) for r in region)


def add_array(store_name, path, data, *, chunks, dtype=None, fill_value=0, order="C",
              sep=".", compressor=None, filters=None, object_codec=None, region=None,
              selections=None, expect_zero_missing=False, note=None):
    """Writes `data` (only `region`, a leading box, when given) and records what to expect."""
    root = zarr.open_group(os.path.join(OUT, "v2", store_name), mode="a")
    dtype = np.dtype(dtype if dtype is not None else data.dtype)
    kwargs = dict(shape=data.shape, chunks=chunks, dtype=dtype, fill_value=fill_value,
                  order=order, compressor=compressor, filters=filters,
                  dimension_separator=sep, write_empty_chunks=True, overwrite=True)
    if object_codec is not None:
        kwargs["object_codec"] = object_codec
    z = root.create_dataset(path, **kwargs)
    sl = region_slices(region, data.shape)
    if data.ndim == 0:
        z[...] = data
    else:
        z[sl] = data[sl]

    if expect_zero_missing:
        # fill_value null: zarr-python leaves unwritten chunks uninitialized; zarrkit reads
        # them as zeros. `region` must be chunk-aligned so written chunks are complete.
        readback = np.zeros(data.shape, dtype=dtype)
        readback[sl] = z[sl]
    else:
        readback = z[...]
        if region is None and dtype.kind not in "fcO":
            assert np.array_equal(readback, data.astype(dtype)), path

    meta = json.loads(z.store[z._key_prefix + ".zarray"])
    codec_ids = [f["id"] for f in (meta["filters"] or [])]
    if meta["compressor"]:
        codec_ids.append(meta["compressor"]["id"])
    entry = {
        "store": "v2/" + store_name,
        "path": path,
        "shape": list(data.shape),
        "chunks": list(z.chunks),
        "dtype": meta["dtype"],
        "order": order,
        "dimension_separator": sep,
        "fill_value": enc_fill(z.fill_value, dtype),
        "codecs": codec_ids,
        "wasm_codecs": sorted(set(codec_ids) & WASM_CODECS),
        "data": enc_data(readback),
    }
    if note:
        entry["note"] = note
    if selections:
        entry["selections"] = [selection_entry(z, readback, s) for s in selections]
    expected["arrays"][store_name + "/" + path] = entry
    return z


def orthogonal(full, key):
    """numpy's answer for an orthogonal selection: np.ix_ over per-axis index arrays."""
    key = key + (slice(None),) * (full.ndim - len(key))
    axes, dropped = [], []
    for axis, ix in enumerate(key):
        n = full.shape[axis]
        if isinstance(ix, (int, np.integer)):
            axes.append(np.array([ix % n]))
            dropped.append(axis)
        elif isinstance(ix, slice):
            axes.append(np.arange(n)[ix])
        else:
            arr = np.asarray(ix)
            axes.append(np.nonzero(arr)[0] if arr.dtype == bool else arr % n)
    return full[np.ix_(*axes)].squeeze(axis=tuple(dropped))


def selection_entry(z, full, sel):
    """sel: (kind, text). basic -> numpy indexing; orthogonal -> zarr .oindex."""
    kind, text = sel
    key = eval("np.s_[" + text + "]", {"np": np})  # noqa: S307 - our own literals
    if kind == "basic":
        want = full[key]
        try:
            got = z[key]
        except zarr.errors.NegativeStepError:
            got = want  # zarr 2.13 lacks negative steps: numpy's answer is the reference
    elif kind == "orthogonal":
        got = z.oindex[key]
        want = orthogonal(full, key if isinstance(key, tuple) else (key,))
    else:
        raise ValueError(kind)
    got = np.asarray(got)
    want = np.asarray(want)
    if got.dtype.kind not in "fcO":
        assert np.array_equal(got, want), (text, got, want)
    return {"kind": kind, "select": text, "shape": list(want.shape), "data": enc_data(want)}


# --- the fixtures -------------------------------------------------------------------------

DTYPES = ["|b1", "|i1", "<i2", ">i2", "<i4", "<i8", ">i8", "|u1", "<u2", "<u4", "<u8", ">u8",
          "<f2", "<f4", ">f4", "<f8", "<c8", "<c16", "|S5", "<U4", ">U4"]


def dtype_name(dt):
    return dt.replace("<", "le_").replace(">", "be_").replace("|", "")


def dtype_matrix():
    """Every dtype x order C/F, shape 7x5 in 3x2 chunks (edge chunks), a 6x4 box written
    (5 of 9 chunks missing), "." for C and "/" for F, zlib for C and raw for F."""
    shape, chunks = (7, 5), (3, 2)
    for i, dt in enumerate(DTYPES):
        data = sample(dt, shape, seed=100 + i)
        fill = {"b": False, "S": b"", "U": ""}.get(np.dtype(dt).kind, 0)
        for order in "CF":
            add_array("dtypes.zarr", dtype_name(dt) + "." + order, data, chunks=chunks, dtype=dt,
                      fill_value=fill, order=order, sep="." if order == "C" else "/",
                      compressor=numcodecs.Zlib(level=1) if order == "C" else None,
                      region=(6, 4))
    for kind, codec in [("utf8", numcodecs.VLenUTF8()), ("bytes", numcodecs.VLenBytes())]:
        data = sample_objects(kind, shape, seed=200 + len(kind))
        for order in "CF":
            # vlen-bytes cannot have a fill value in zarr 2.13; vlen-utf8 uses "" so missing
            # chunks have a defined value
            utf8 = kind == "utf8"
            add_array("dtypes.zarr", "O_vlen_" + kind + "." + order, data, chunks=chunks,
                      dtype=object, object_codec=codec, fill_value="" if utf8 else None,
                      order=order, sep="." if order == "C" else "/",
                      compressor=numcodecs.Zlib(level=1) if order == "C" else None,
                      region=(6, 4) if utf8 else None)


def fill_values():
    shape, chunks, region = (5, 6), (2, 4), (3, 3)
    cases = [
        ("f8_nan", "<f8", np.nan),
        ("f4_inf", "<f4", np.inf),
        ("f8_neg_inf", "<f8", -np.inf),
        ("f2_neg_half", "<f2", -0.5),
        ("i4_42", "<i4", 42),
        ("i2_be_neg", ">i2", -7),
        ("i8_big", "<i8", 2**60 + 1),
        ("i8_big_neg", ">i8", -(2**62) - 3),
        ("u8_max", "<u8", 2**64 - 1),
        ("u1_255", "|u1", 255),
        ("b1_true", "|b1", True),
        ("c16_pair", "<c16", complex(1.5, -2.0)),
        ("c8_nan", "<c8", complex(np.nan, np.inf)),
        ("S5_xy", "|S5", b"xy"),
        ("U4_ab", "<U4", "ab"),
        ("U4_be_uni", ">U4", "é😀"),
    ]
    for i, (name, dt, fv) in enumerate(cases):
        data = sample(dt, shape, seed=300 + i)
        add_array("fill_values.zarr", name, data, chunks=chunks, dtype=dt, fill_value=fv,
                  compressor=numcodecs.Zlib(level=1), region=region)
    data = sample_objects("utf8", shape, seed=350)
    add_array("fill_values.zarr", "O_utf8_x", data, chunks=chunks, dtype=object,
              object_codec=numcodecs.VLenUTF8(), fill_value="x", region=region)
    # null fill: missing chunks read as zeros in zarrkit (zarr-python leaves them undefined)
    for j, dt in enumerate(["<f4", "<i4", "|S5"]):
        data = sample(dt, (6, 8), seed=360 + j)
        add_array("fill_values.zarr", "null_" + dtype_name(dt), data, chunks=(2, 4), dtype=dt,
                  fill_value=None, region=(4, 4), expect_zero_missing=True)


def codecs():
    shape, chunks = (9, 7), (4, 3)
    f8 = sample("<f8", shape, seed=400)
    f8[np.isnan(f8) | np.isinf(f8)] = 1.25  # quantize/fixedscaleoffset want finite values
    f8_small = np.round(np.linspace(-3, 9, f8.size).reshape(shape), 2)
    i4 = np.arange(np.prod(shape), dtype="<i4").reshape(shape) * 3 - 50
    i2 = np.arange(np.prod(shape), dtype="<i2").reshape(shape)
    bools = sample("|b1", shape, seed=401)
    labels = np.array(["apple", "fig", "kiwi", "pear"], dtype=object)
    cats = np.empty(shape, dtype="<U5")
    cats.flat[:] = [labels[i % 4] for i in range(cats.size)]
    specs = [
        ("zlib", i4, dict(compressor=numcodecs.Zlib(level=6))),
        ("gzip", i4, dict(compressor=numcodecs.GZip(level=5))),
        ("delta", i2, dict(filters=[numcodecs.Delta(dtype="<i2")])),
        ("delta_astype", i2, dict(filters=[numcodecs.Delta(dtype="<i2", astype="<i4")],
                                  compressor=numcodecs.Zlib(level=1))),
        ("fixedscaleoffset", f8_small,
         dict(filters=[numcodecs.FixedScaleOffset(offset=3, scale=10, dtype="<f8", astype="<i2")],
              compressor=numcodecs.Zlib(level=1))),
        ("fixedscaleoffset_u1", f8_small,
         dict(filters=[numcodecs.FixedScaleOffset(offset=-3, scale=10, dtype="<f8", astype="|u1")])),
        ("quantize", f8, dict(filters=[numcodecs.Quantize(digits=2, dtype="<f8")],
                              compressor=numcodecs.Zlib(level=1))),
        ("quantize_f4", f8.astype("<f4"),
         dict(filters=[numcodecs.Quantize(digits=3, dtype="<f4")])),
        ("astype", f8, dict(filters=[numcodecs.AsType(encode_dtype="<f4", decode_dtype="<f8")])),
        ("astype_int", i4, dict(filters=[numcodecs.AsType(encode_dtype="<i2", decode_dtype="<i4")])),
        ("packbits", bools, dict(filters=[numcodecs.PackBits()])),
        ("categorize", cats,
         dict(filters=[numcodecs.Categorize(labels=list(labels), dtype="<U5", astype="|u1")],
              fill_value="")),
        ("shuffle", i4, dict(filters=[numcodecs.Shuffle(elementsize=4)],
                             compressor=numcodecs.Zlib(level=1))),
        ("shuffle_gzip_f8", f8, dict(filters=[numcodecs.Shuffle(elementsize=8)],
                                     compressor=numcodecs.GZip(level=1))),
        ("bitround", f8.astype("<f4"), dict(filters=[numcodecs.BitRound(keepbits=10)])),
        ("delta_shuffle_zlib", i4, dict(filters=[numcodecs.Delta(dtype="<i4"),
                                                 numcodecs.Shuffle(elementsize=4)],
                                        compressor=numcodecs.Zlib(level=9))),
        # checksums (numcodecs 0.11 puts the 4-byte checksum first; it has no fletcher32)
        ("crc32", i4, dict(compressor=numcodecs.CRC32())),
        ("adler32", f8, dict(compressor=numcodecs.Adler32())),
        # WASM codecs
        ("blosc_lz4_shuffle", i4, dict(compressor=numcodecs.Blosc("lz4", 5, numcodecs.Blosc.SHUFFLE))),
        ("blosc_zstd_bitshuffle", f8,
         dict(compressor=numcodecs.Blosc("zstd", 3, numcodecs.Blosc.BITSHUFFLE))),
        ("blosc_blosclz_noshuffle", i2,
         dict(compressor=numcodecs.Blosc("blosclz", 9, numcodecs.Blosc.NOSHUFFLE))),
        ("blosc_zlib_shuffle", f8.astype("<f4"),
         dict(compressor=numcodecs.Blosc("zlib", 4, numcodecs.Blosc.SHUFFLE))),
        ("zstd", i4, dict(compressor=numcodecs.Zstd(level=3))),
        ("lz4", i2, dict(compressor=numcodecs.LZ4(acceleration=1))),
        ("bz2", f8, dict(compressor=numcodecs.BZ2(level=9))),
        ("delta_blosc", i2, dict(filters=[numcodecs.Delta(dtype="<i2")],
                                 compressor=numcodecs.Blosc("lz4", 1, numcodecs.Blosc.SHUFFLE))),
    ]
    for name, data, kw in specs:
        kw = dict(kw)
        kw.setdefault("fill_value", 0)
        kw.setdefault("compressor", None)
        add_array("codecs.zarr", name, data, chunks=chunks, region=(8, 6), **kw)
    # F order through filters
    add_array("codecs.zarr", "delta_zlib.F", i4, chunks=chunks, order="F", fill_value=0,
              filters=[numcodecs.Delta(dtype="<i4")], compressor=numcodecs.Zlib(level=1))
    add_array("codecs.zarr", "gzip_vlen_utf8", sample_objects("utf8", (6,), 450), chunks=(4,),
              dtype=object, object_codec=numcodecs.VLenUTF8(), fill_value=None,
              compressor=numcodecs.GZip(level=1))


SEL_3D = [
    ("basic", "..."),
    ("basic", "1:5:2, -1"),
    ("basic", "0, :, 2:7"),
    ("basic", "::-1, 1, ::3"),
    ("basic", "-2:, -3:, -4:"),
    ("basic", "2, 3, 4"),
    ("basic", "..., 5"),
    ("basic", "4:1:-1, ::-2, 7"),
    ("basic", "10:20"),
    ("orthogonal", "[0, 5, 2], :, [1, 1, 7]"),
    ("orthogonal", "[4, 0], 2, ::2"),
    ("orthogonal", "[True, False, True, False, False, True], [0, 6], -1"),
]


def shapes_and_selections():
    # 3-D, several chunk shapes and both separators, edge chunks on every axis
    data = np.arange(6 * 7 * 8, dtype="<i4").reshape(6, 7, 8) - 100
    add_array("shapes.zarr", "3d_i4.C.dot", data, chunks=(4, 3, 5), sep=".",
              compressor=numcodecs.Zlib(level=1), selections=SEL_3D)
    add_array("shapes.zarr", "3d_i4.F.slash", data, chunks=(4, 3, 5), order="F", sep="/",
              selections=SEL_3D[:6])
    f8 = sample("<f8", (6, 7, 8), seed=500)
    add_array("shapes.zarr", "3d_f8_missing", f8, chunks=(2, 4, 3), fill_value=np.nan,
              region=(5, 5, 8), compressor=numcodecs.Zlib(level=1), selections=SEL_3D[:9])
    # 1-D and 2-D
    add_array("shapes.zarr", "1d_u2", sample("<u2", (13,), 501), chunks=(5,),
              selections=[("basic", "1:7:2"), ("basic", "-1"), ("basic", "::-3"),
                          ("orthogonal", "[12, 0, 5, 5]")])
    c16 = sample("<c16", (5, 4), 502)
    add_array("shapes.zarr", "2d_c16", c16, chunks=(2, 3), fill_value=complex(0, 1),
              region=(4, 3), selections=[("basic", "1:7:2, -1"), ("orthogonal", "[0, 4], [3, 0]")])
    strs = sample("<U4", (5, 4), 503)
    add_array("shapes.zarr", "2d_U4", strs, chunks=(2, 3),
              selections=[("basic", "::2, 1:"), ("orthogonal", "[3, 1], [0, 2]")])
    add_array("shapes.zarr", "2d_vlen_utf8", sample_objects("utf8", (5, 4), 504), chunks=(2, 3),
              dtype=object, object_codec=numcodecs.VLenUTF8(), fill_value=None,
              selections=[("basic", "1, :"), ("basic", ":, -1")])
    big = sample("<i8", (4, 4), 505)
    add_array("shapes.zarr", "2d_i8", big, chunks=(3, 3),
              selections=[("basic", "0, :"), ("basic", "1:3, 1:3")])
    # single chunk bigger than the array; one-element chunks
    add_array("shapes.zarr", "chunk_larger_than_array", np.arange(10, dtype="<f4").reshape(2, 5),
              chunks=(4, 8), compressor=numcodecs.Zlib(level=1))
    add_array("shapes.zarr", "chunks_of_one", np.arange(6, dtype="<i2").reshape(3, 2), chunks=(1, 1))
    # 0-d arrays
    add_array("shapes.zarr", "0d_f8", np.array(3.5), chunks=(), fill_value=np.nan)
    add_array("shapes.zarr", "0d_i8_big", np.array(-(2**60) - 1, dtype="<i8"), chunks=(),
              compressor=numcodecs.Zlib(level=1))
    add_array("shapes.zarr", "0d_U4", np.array("日本", dtype="<U4"), chunks=(), fill_value="")
    # 0-d that was never written: fill value only
    root = zarr.open_group(os.path.join(OUT, "v2", "shapes.zarr"), mode="a")
    root.create_dataset("0d_unwritten", shape=(), dtype="<i4", fill_value=-5, overwrite=True)
    expected["arrays"]["shapes.zarr/0d_unwritten"] = {
        "store": "v2/shapes.zarr", "path": "0d_unwritten", "shape": [], "chunks": [],
        "dtype": "<i4", "order": "C", "dimension_separator": ".", "fill_value": -5,
        "codecs": ["blosc"], "wasm_codecs": ["blosc"], "data": [-5],
        "note": "no chunk stored: reads the fill value without decoding",
    }
    # empty array (a zero-length dimension)
    add_array("shapes.zarr", "empty_dim", np.zeros((0, 3), dtype="<f4"), chunks=(2, 2))


def hierarchy():
    path = os.path.join(OUT, "v2", "hierarchy.zarr")
    root = zarr.open_group(path, mode="w")
    root.attrs.update({"title": "zarrkit interop", "version": 2, "nested": {"a": [1, 2, None]}})
    a = root.create_group("a")
    a.attrs["kind"] = "group a"
    b = a.create_group("b")
    b.attrs.update({"depth": 2})
    b.create_group("c")
    root.create_group("empty group")
    written = {}
    written["x"] = root.create_dataset("x", data=np.arange(12, dtype="<i2").reshape(3, 4),
                                       chunks=(2, 2), compressor=numcodecs.Zlib(level=1))
    written["x"].attrs.update({"units": "m", "scale": [0.5, 0.5]})
    written["a/y"] = a.create_dataset("y", data=np.linspace(0, 1, 5, dtype="<f4"), chunks=(2,),
                                      compressor=None)
    written["a/b/z"] = b.create_dataset("z", data=np.array([True, False, True]), chunks=(2,),
                                        compressor=None, fill_value=False)
    for key, z in written.items():
        meta = json.loads(z.store[z._key_prefix + ".zarray"])
        expected["arrays"]["hierarchy.zarr/" + key] = {
            "store": "v2/hierarchy.zarr", "path": key, "shape": list(z.shape),
            "chunks": list(z.chunks), "dtype": meta["dtype"], "order": "C",
            "dimension_separator": ".", "fill_value": enc_fill(z.fill_value, z.dtype),
            "codecs": [meta["compressor"]["id"]] if meta["compressor"] else [],
            "wasm_codecs": [], "data": enc_data(z[...]),
            "attributes": dict(z.attrs),
        }
    expected["groups"] = {
        "hierarchy.zarr": {
            "store": "v2/hierarchy.zarr",
            "consolidated": False,
            "groups": {"": dict(root.attrs), "a": dict(a.attrs), "a/b": dict(b.attrs),
                       "a/b/c": {}, "empty group": {}},
            "arrays": sorted(written),
        }
    }
    # the same tree, consolidated; one chunk of x deliberately absent
    cpath = os.path.join(OUT, "v2", "consolidated.zarr")
    shutil.copytree(path, cpath)
    os.remove(os.path.join(cpath, "x", "1.1"))
    zarr.consolidate_metadata(cpath)
    cz = zarr.open_consolidated(cpath, mode="r")
    expected["groups"]["consolidated.zarr"] = dict(expected["groups"]["hierarchy.zarr"],
                                                   store="v2/consolidated.zarr",
                                                   consolidated=True)
    for key in written:
        e = dict(expected["arrays"]["hierarchy.zarr/" + key], store="v2/consolidated.zarr")
        e["data"] = enc_data(cz[key][...])
        expected["arrays"]["consolidated.zarr/" + key] = e


README = """# zarr-python 2.13 fixtures

Written by `tests/interop/make_zarr_python_fixtures.py` (Debian's python3-zarr 2.13,
numcodecs 0.11); do not edit by hand. Regenerate with

    /usr/bin/python3 tests/interop/make_zarr_python_fixtures.py

The output is deterministic. `v2/*.zarr` hold the arrays (dtypes, fill values, codecs,
shapes, a hierarchy and its consolidated copy); `expected.json` holds, per array, the
shape, dtype, fill value and data flat in C order under the CLI's JSON rules, and numpy's
result for some selections. `wasm_codecs` lists codecs zarrkit implements in WASM.
Where fill_value is null and chunks are missing, zarr-python leaves memory uninitialized;
expected.json holds zeros there (zarrkit's rule). zarr-python 2.13 has no negative-step
slicing, so those selections are checked against numpy only.
"""


def main():
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(os.path.join(OUT, "v2"))
    dtype_matrix()
    fill_values()
    codecs()
    shapes_and_selections()
    hierarchy()
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
