#!/usr/bin/python3
"""Checks blobs encoded by zarrkit against numcodecs: usage check-with-numcodecs.py DIR.

DIR/manifest.json lists {"inputs": {name: file}, "blobs": [{file, codec (numcodecs
config with "id"), input, compare}]}. For each blob, numcodecs decodes it (must give the
input), and when "compare" is true numcodecs encodes the input (must give the blob,
gzip mtime aside). Prints a JSON list of {file, decoded, identical, error}.
"""
import json
import os
import sys

import numcodecs
import numpy as np

DIR = sys.argv[1]
# With threads, blosc writes blocks in the order threads finish them, so numcodecs'
# threaded output is not even deterministic; single-threaded output is what we match.
numcodecs.blosc.use_threads = False
manifest = json.load(open(os.path.join(DIR, "manifest.json")))
inputs = {k: open(os.path.join(DIR, v), "rb").read() for k, v in manifest["inputs"].items()}
results = []
for b in manifest["blobs"]:
    blob = open(os.path.join(DIR, b["file"]), "rb").read()
    raw = inputs[b["input"]]
    r = {"file": b["file"], "decoded": False, "identical": None, "error": None}
    try:
        codec = numcodecs.get_codec(dict(b["codec"]))
        r["decoded"] = bytes(codec.decode(blob)) == raw
        if b["compare"]:
            arr = np.frombuffer(raw, dtype=b.get("dtype", "u1"))
            theirs = bytearray(codec.encode(arr))
            if b["codec"]["id"] == "gzip":
                theirs[4:8] = b"\0\0\0\0"
            r["identical"] = bytes(theirs) == blob
    except Exception as e:  # reported to the test
        r["error"] = f"{type(e).__name__}: {e}"
    results.append(r)
print(json.dumps(results))
