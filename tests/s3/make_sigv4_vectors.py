#!/usr/bin/python3
"""Expected AWS Signature V4 results from botocore (Debian's python3-botocore) for fixed
inputs: time, credentials and request. zarrkit's signer must produce the same
Authorization header (or presigned X-Amz-Signature) for each case
(tests/s3/sigv4-botocore.test.ts). Run: /usr/bin/python3 tests/s3/make_sigv4_vectors.py
"""
import datetime
import json
import os
from unittest import mock

import botocore
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

WHEN = datetime.datetime(2026, 12, 5, 9, 30, 15)
KEY = {"accessKeyId": "AKIDEXAMPLE", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}
TOKEN = dict(KEY, sessionToken="IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token=")
AWS = "https://examplebucket.s3.us-east-1.amazonaws.com"
EU = "https://my-data.s3.eu-west-1.amazonaws.com"
LOCAL = "http://127.0.0.1:9000/bucket"
SHA_EMPTY = "hash"  # payload: "hash" (SHA-256 of the body) or "unsigned"

CASES = [
    ("get object", "GET", AWS + "/data.zarr/zarr.json", {}, "", "unsigned", KEY, "us-east-1"),
    ("get with range", "GET", AWS + "/data.zarr/c/0/0", {"Range": "bytes=0-99"}, "", "unsigned", KEY, "us-east-1"),
    ("get with suffix range", "GET", AWS + "/data.zarr/c/1/2", {"Range": "bytes=-1024"}, "", "unsigned", KEY, "us-east-1"),
    ("get with hashed empty payload", "GET", AWS + "/data.zarr/.zattrs", {}, "", "hash", KEY, "us-east-1"),
    ("head object", "HEAD", AWS + "/data.zarr/c/0/0", {}, "", "unsigned", KEY, "us-east-1"),
    ("key with space and unicode", "GET", AWS + "/my%20data/%C3%A9t%C3%A9.zarr/zarr.json", {}, "", "unsigned", KEY, "us-east-1"),
    ("key with reserved characters", "GET", AWS + "/a%21b%27c%28d%29e%2Af/zarr.json", {}, "", "unsigned", KEY, "us-east-1"),
    ("key with tilde plus and equals", "GET", AWS + "/x~y%2Bz%3Dw/%24%26%2C%3B%40.bin", {}, "", "unsigned", KEY, "us-east-1"),
    ("list objects v2", "GET", AWS + "/?list-type=2&prefix=data.zarr%2F&delimiter=%2F", {}, "", "unsigned", KEY, "us-east-1"),
    ("list with continuation token", "GET", AWS + "/?list-type=2&prefix=data.zarr%2F&continuation-token=1%2Fab%2Bcd%3D%3D", {}, "", "unsigned", KEY, "us-east-1"),
    ("list with max-keys start-after encoding-type", "GET", AWS + "/?list-type=2&max-keys=100&start-after=c%2F9&encoding-type=url", {}, "", "unsigned", KEY, "us-east-1"),
    ("list with unicode and reserved prefix", "GET", AWS + "/?list-type=2&prefix=%C3%A9t%C3%A9%20%21%28x%29%2A%27", {}, "", "unsigned", KEY, "us-east-1"),
    ("list path-style with port", "GET", LOCAL + "?list-type=2&prefix=&delimiter=%2F", {}, "", "unsigned", KEY, "us-east-1"),
    ("put with body", "PUT", AWS + "/data.zarr/c/0/0", {}, "chunk bytes \x00\x01", "hash", KEY, "us-east-1"),
    ("put create-only with content type", "PUT", AWS + "/data.zarr/zarr.json", {"Content-Type": "application/json", "If-None-Match": "*"}, '{"zarr_format":3}', "hash", KEY, "us-east-1"),
    ("put compare-and-swap", "PUT", AWS + "/data.zarr/zarr.json", {"If-Match": '"9b2cf535f27731c974343645a3985328"'}, '{"zarr_format":3,"v":2}', "hash", KEY, "us-east-1"),
    ("upload part", "PUT", AWS + "/big.zip?partNumber=3&uploadId=VXBsb2Fk%2Fabc%2B1", {}, "part three", "hash", KEY, "us-east-1"),
    ("create multipart upload", "POST", AWS + "/big.zip?uploads", {}, "", "hash", KEY, "us-east-1"),
    ("complete multipart upload", "POST", AWS + "/big.zip?uploadId=VXBsb2Fk%2Fabc%2B1", {"Content-Type": "application/xml"}, "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>\"a\"</ETag></Part></CompleteMultipartUpload>", "hash", KEY, "us-east-1"),
    ("delete object", "DELETE", AWS + "/data.zarr/c/0/0", {}, "", "hash", KEY, "us-east-1"),
    ("abort multipart upload", "DELETE", AWS + "/big.zip?uploadId=VXBsb2Fk%2Fabc%2B1", {}, "", "unsigned", KEY, "us-east-1"),
    ("session token get", "GET", AWS + "/data.zarr/zarr.json", {"Range": "bytes=10-19"}, "", "unsigned", TOKEN, "us-east-1"),
    ("session token put", "PUT", AWS + "/data.zarr/c/0/1", {}, "abc", "hash", TOKEN, "us-east-1"),
    ("session token list", "GET", AWS + "/?list-type=2&continuation-token=abc%3D", {}, "", "unsigned", TOKEN, "us-east-1"),
    ("other region", "GET", EU + "/x/zarr.json", {}, "", "unsigned", KEY, "eu-west-1"),
    ("requester pays", "GET", EU + "/x/zarr.json", {"x-amz-request-payer": "requester"}, "", "unsigned", KEY, "eu-west-1"),
    ("header with inner spaces", "PUT", AWS + "/m", {"x-amz-meta-note": "a   b  c"}, "m", "hash", KEY, "us-east-1"),
    ("path-style local endpoint put", "PUT", LOCAL + "/k%20ey", {}, "v", "hash", KEY, "us-east-1"),
]

PRESIGN = [
    ("presign get", "GET", AWS + "/data.zarr/zarr.json", KEY, "us-east-1", 3600),
    ("presign get with token", "GET", AWS + "/data.zarr/c/0/0", TOKEN, "us-east-1", 900),
    ("presign put other region", "PUT", EU + "/up%20load.bin", KEY, "eu-west-1", 604800),
]


def credentials(c):
    return Credentials(c["accessKeyId"], c["secretAccessKey"], c.get("sessionToken"))


def signed(auth, request):
    with mock.patch("botocore.auth.datetime") as fake:
        fake.datetime.utcnow.return_value = WHEN
        auth.add_auth(request)
    return request


def header_case(name, method, url, headers, body, payload, creds, region):
    request = AWSRequest(method=method, url=url, headers=dict(headers), data=body.encode())
    request.context["client_config"] = Config(s3={"payload_signing_enabled": payload == "hash"})
    signed(S3SigV4Auth(credentials(creds), "s3", region), request)
    return {
        "name": name, "kind": "header", "method": method, "url": url, "headers": headers,
        "body": body, "payload": payload, "credentials": creds, "region": region,
        "expected": {
            "authorization": request.headers["Authorization"],
            "contentSha256": request.headers["X-Amz-Content-SHA256"],
        },
    }


def presign_case(name, method, url, creds, region, expires):
    request = AWSRequest(method=method, url=url)
    signed(S3SigV4QueryAuth(credentials(creds), "s3", region, expires=expires), request)
    return {
        "name": name, "kind": "presign", "method": method, "url": url, "credentials": creds,
        "region": region, "expiresIn": expires, "expected": {"url": request.url},
    }


vectors = {
    "generator": "tests/s3/make_sigv4_vectors.py",
    "botocore": botocore.__version__,
    "datetime": WHEN.strftime("%Y%m%dT%H%M%SZ"),
    "cases": [header_case(*c) for c in CASES] + [presign_case(*c) for c in PRESIGN],
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sigv4-vectors.json")
with open(out, "w") as f:
    json.dump(vectors, f, indent=1, ensure_ascii=False)
    f.write("\n")
print(f"{len(vectors['cases'])} cases -> {out}")
