#!/usr/bin/python3
"""Writes vectors.json: byte-exact encodings made by numpy + numcodecs (Debian's
python3-numcodecs 0.11) for the pure-TypeScript codecs of @zarrkit/codecs.

Run with /usr/bin/python3 from this folder:  /usr/bin/python3 make-vectors.py

Arrays are given as {"dtype": numpy dtype string, "shape": [...], "hex": raw bytes}.
"""
import json
import zlib

import numpy as np
import numcodecs
from numcodecs import (Adler32, AsType, BitRound, Categorize, CRC32, Delta, FixedScaleOffset,
                       GZip, JSON, PackBits, Quantize, Shuffle, VLenBytes, VLenUTF8, Zlib)

rng = np.random.default_rng(20240601)


def arr(a):
    a = np.ascontiguousarray(a)
    return {"dtype": a.dtype.str, "shape": list(a.shape), "hex": a.tobytes().hex()}


def config_of(codec):
    c = codec.get_config()
    c.pop("id")
    return c


vectors = {"numcodecs": numcodecs.__version__, "numpy": np.__version__}

# --- bytes codec: every numeric dtype in both byte orders, and the fixed-width strings
special = [0.0, -0.0, 1.0, -2.5, np.inf, -np.inf, np.nan, 1e-7, 65504.0, 3.14159]
numeric = []
for code in ["b1", "i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "c8", "c16"]:
    for order in "<>":
        dt = np.dtype(order + code) if code not in ("b1", "i1", "u1") else np.dtype("|" + code)
        if code == "b1":
            a = np.array([True, False, True, True, False], dtype=dt)
        elif code[0] in "iu":
            info = np.iinfo(dt)
            a = np.array([info.min, info.max, 0, 1, 7, info.max // 3], dtype=dt)
        elif code[0] == "f":
            with np.errstate(over="ignore"):
                a = np.array(special, dtype=dt)
        else:
            a = np.array([complex(1.5, -2), complex(np.inf, 0), complex(0, np.nan), 3j], dtype=dt)
        numeric.append({"name": dt.name if code != "b1" else "bool", "endian": "big" if order == ">" else "little",
                        "array": arr(a.reshape(-1)),
                        # values as JSON: non-finite floats and 64-bit ints as strings
                        "values": [repr(v) if isinstance(v, (float,)) and not np.isfinite(v) else v
                                   for v in ([x for c in a.tolist() for x in (c.real, c.imag)]
                                             if code[0] == "c" else
                                             [str(x) if code in ("i8", "u8") else x for x in a.tolist()])]})
        if code in ("b1", "i1", "u1"):
            break
vectors["bytes"] = numeric

# float32 -> float16 rounding (ties, subnormals, overflow), as numpy's astype does it
f32 = np.concatenate([
    rng.standard_normal(2000).astype("f4") * np.float32(1000),
    (np.arange(-3000, 3000, dtype="f4") + np.float32(0.5)) * np.float32(2.0 ** -10),
    np.array([65504, 65519.99, 65520, 65536, 1e9, -1e9, 2 ** -24, 2 ** -25, 2 ** -25 * 1.5, 2 ** -26,
              6.1e-5, 5.96e-8, np.nan, np.inf, -np.inf, -0.0], dtype="f4"),
    (rng.integers(0, 2 ** 32, 4000, dtype=np.uint64).astype(np.uint32)).view("f4"),
])
with np.errstate(over="ignore", invalid="ignore"):
    vectors["float32_to_float16"] = {"input": arr(f32.astype("<f4")), "output": arr(f32.astype("<f2"))}
f64 = np.concatenate([rng.standard_normal(3000) * 100.0, np.array([1 + 2 ** -11, 1 + 2 ** -11 + 2 ** -40, 2049.0, 2051.0])])
vectors["float64_to_float16"] = {"input": arr(f64.astype("<f8")), "output": arr(f64.astype("<f2"))}

strings = ["", "a", "héllo", "abcde", "日本", "x\x00y", "🙂z"]
vectors["fixed_strings"] = [
    {"dtype": "<U5", "values": strings, "array": arr(np.array(strings, dtype="<U5"))},
    {"dtype": ">U5", "values": strings, "array": arr(np.array(strings, dtype=">U5"))},
    {"dtype": "|S7", "values": ["", "a", "hello", "abcdefg", "é", "x\x00y"],
     "array": arr(np.array([s.encode() for s in ["", "a", "hello", "abcdefg", "é", "x\x00y"]], dtype="|S7"))},
]

# --- array filters: input array -> encoded array
filters = []


def add_filter(codec, a, name=None):
    enc = np.asarray(codec.encode(a))
    dec = np.asarray(codec.decode(enc))
    filters.append({"codec": "numcodecs." + codec.codec_id, "configuration": config_of(codec),
                    "input": arr(a), "encoded": arr(enc), "decoded": arr(dec.reshape(a.shape))})


ints = rng.integers(-30000, 30000, 100).astype("<i2")
add_filter(Delta(dtype="<i2"), ints)
add_filter(Delta(dtype="<i2", astype="<i4"), ints)
add_filter(Delta(dtype="<u1", astype="<i2"), rng.integers(0, 255, 50).astype("u1"))
add_filter(Delta(dtype="<i8"), rng.integers(-2 ** 62, 2 ** 62, 30).astype("<i8"))
add_filter(Delta(dtype="<f4"), (rng.standard_normal(64) * 100).astype("<f4"))
add_filter(Delta(dtype="<f8", astype="<f4"), np.cumsum(rng.standard_normal(64)))
add_filter(Delta(dtype="<u2"), rng.integers(0, 65535, 40).astype("<u2"))
lin = np.linspace(1000, 1001, 100, dtype="<f8")
add_filter(FixedScaleOffset(offset=1000, scale=10, dtype="<f8", astype="u1"), lin)
add_filter(FixedScaleOffset(offset=1000, scale=100, dtype="<f8", astype="<u2"), lin)
add_filter(FixedScaleOffset(offset=1000, scale=10, dtype="<f4", astype="<i2"), lin.astype("<f4"))
add_filter(FixedScaleOffset(offset=0.5, scale=3, dtype="<f4", astype="<f4"), (rng.standard_normal(50) * 10).astype("<f4"))
add_filter(FixedScaleOffset(offset=10, scale=2, dtype="<i4", astype="<i2"), rng.integers(-1000, 1000, 50).astype("<i4"))
add_filter(FixedScaleOffset(offset=1000.5, scale=4.25, dtype="<f8", astype="<i4"), (rng.standard_normal(80) * 50 + 1000))
for digits in (1, 2, 3, 5):
    add_filter(Quantize(digits=digits, dtype="<f8"), rng.standard_normal(60) * 10)
add_filter(Quantize(digits=3, dtype="<f4"), (rng.standard_normal(60) * 10).astype("<f4"))
add_filter(Quantize(digits=2, dtype="<f8", astype="<f4"), rng.standard_normal(60) * 10)
add_filter(AsType(encode_dtype="<i2", decode_dtype="<f8"), rng.standard_normal(40) * 1000)
add_filter(AsType(encode_dtype="<f4", decode_dtype="<f8"), rng.standard_normal(40))
add_filter(AsType(encode_dtype="<f2", decode_dtype="<f8"), rng.standard_normal(40) * 100)
add_filter(AsType(encode_dtype="|u1", decode_dtype="<i4"), rng.integers(-500, 500, 40).astype("<i4"))
add_filter(AsType(encode_dtype="<i8", decode_dtype="<f8"), rng.standard_normal(40) * 1e6)
add_filter(AsType(encode_dtype="<f8", decode_dtype="<u4"), rng.integers(0, 2 ** 32 - 1, 40, dtype=np.uint64).astype("<u4"))
for n in (1, 7, 8, 9, 64, 100):
    add_filter(PackBits(), rng.integers(0, 2, n).astype(bool))
for keep in (0, 3, 10, 23):
    add_filter(BitRound(keepbits=keep), (rng.standard_normal(50) * 1000).astype("<f4"))
for keep in (0, 3, 20, 31, 40, 52):
    add_filter(BitRound(keepbits=keep), rng.standard_normal(50) * 1000)
vectors["filters"] = filters

cats = []
labels = ["female", "male", "other"]
obj = np.array(["male", "female", "female", "male", "unexpected", "other", ""], dtype=object)
for astype in ("|u1", "<u2", "<i4"):
    c = Categorize(labels=labels, dtype=object, astype=astype)
    enc = c.encode(obj)
    cats.append({"codec": "numcodecs.categorize", "configuration": config_of(c), "values": obj.tolist(),
                 "encoded": arr(enc), "decoded": c.decode(enc).tolist()})
c = Categorize(labels=labels, dtype="<U10")
enc = c.encode(obj.astype("<U10"))
cats.append({"codec": "numcodecs.categorize", "configuration": config_of(c), "values": obj.tolist(),
             "encoded": arr(enc), "decoded": c.decode(enc).tolist()})
vectors["categorize"] = cats

# --- bytes -> bytes
raw = rng.integers(0, 256, 1000).astype("u1").tobytes() + bytes(range(256)) * 3
b2b = []
for es in (0, 1, 2, 3, 4, 8):
    data = raw[: len(raw) - len(raw) % max(es, 1)]
    b2b.append({"codec": "numcodecs.shuffle", "configuration": {"elementsize": es},
                "input": data.hex(), "encoded": bytes(Shuffle(elementsize=es).encode(data)).hex()})
for codec in (CRC32(), Adler32()):
    for data in (b"", b"a", raw):
        b2b.append({"codec": "numcodecs." + codec.codec_id, "configuration": {},
                    "input": data.hex(), "encoded": bytes(codec.encode(data)).hex()})
vectors["bytes_to_bytes"] = b2b

# compressed streams made by zlib / gzip (decode vectors; our encoder differs byte-wise)
compressed = []
for level in (0, 1, 6, 9):
    compressed.append({"codec": "numcodecs.zlib", "configuration": {"level": level},
                       "input": raw.hex(), "encoded": bytes(Zlib(level=level).encode(raw)).hex()})
    compressed.append({"codec": "numcodecs.gzip", "configuration": {"level": level},
                       "input": raw.hex(), "encoded": bytes(GZip(level=level).encode(raw)).hex()})
big = (np.arange(100000, dtype="<i4") % 7).tobytes()
compressed.append({"codec": "numcodecs.zlib", "configuration": {"level": 5},
                   "input_int32_mod7": 100000, "encoded": zlib.compress(big, 5).hex()})
vectors["compressed"] = compressed

# --- object codecs
texts = ["", "a", "héllo wörld", "日本語", "🙂", "x" * 300, "quote\"back\\slash\nnew\ttab\x7f\x01"]
vectors["vlen_utf8"] = {"values": texts,
                        "encoded": bytes(VLenUTF8().encode(np.array(texts, dtype=object))).hex()}
blobs = [b"", b"\x00\x01\x02", bytes(range(256)), b"abc"]
vectors["vlen_bytes"] = {"values": [b.hex() for b in blobs],
                         "encoded": bytes(VLenBytes().encode(np.array(blobs, dtype=object))).hex()}
j2 = []
for shape in ((7,), (7, 1), (1, 7, 1)):
    a = np.array(texts, dtype=object).reshape(shape)
    c = JSON()
    j2.append({"configuration": config_of(c), "shape": list(shape), "values": texts,
               "encoded": bytes(c.encode(a)).hex()})
c = JSON(ensure_ascii=False)
j2.append({"configuration": config_of(c), "shape": [7], "values": texts,
           "encoded": bytes(c.encode(np.array(texts, dtype=object))).hex()})
mixed = np.array([1, 2.5, None, [1, "a"], {"b": 1, "a": [True]}, "s", float("nan")], dtype=object)
c = JSON()
j2.append({"configuration": config_of(c), "shape": [7], "decode_only": True,
           "values": ["1", "2.5", "null", '[1,"a"]', '{"a":[true],"b":1}', "s", "NaN"],
           "encoded": bytes(c.encode(mixed)).hex()})
vectors["json2"] = j2

with open("vectors.json", "w") as f:
    json.dump(vectors, f, allow_nan=False)
    f.write("\n")
print("wrote vectors.json")
