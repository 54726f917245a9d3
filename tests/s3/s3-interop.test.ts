/**
 * Real peers on the S3 test server: boto3 (Debian's python3-boto3) uploads a hierarchy
 * zarr-python 2.13 wrote, and zarrkit reads it equal (API and CLI, from s3:// URLs with
 * the AWS_* environment variables); zarrkit's `convert` writes v2 and v3 sharded copies
 * to the bucket, boto3 downloads them, and zarr-python (v2) and zarrkit read them equal.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileSystemStore, open, S3Store, type ZarrArray } from "zarrkit";
import { runCliCaptured } from "../support/cli.js";
import { ACCESS_KEY, type S3TestServer, SECRET_KEY, startS3Server } from "./s3-server.js";

const PYTHON = "/usr/bin/python3";
let server: S3TestServer;
let dir: string;
const saved = { ...process.env };

/** Runs Python with boto3 pointed at the test server (path-style, fixed credentials). */
function python(code: string): string {
  const prelude = `
import boto3, os, sys
from botocore.config import Config
s3 = boto3.client("s3", endpoint_url=${JSON.stringify(server.endpoint)},
                  aws_access_key_id="${ACCESS_KEY}", aws_secret_access_key="${SECRET_KEY}",
                  region_name="us-east-1", config=Config(s3={"addressing_style": "path"}))
def upload(folder, bucket, prefix):
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            s3.upload_file(path, bucket, prefix + os.path.relpath(path, folder))
def download(bucket, prefix, folder):
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            path = os.path.join(folder, item["Key"][len(prefix):])
            os.makedirs(os.path.dirname(path), exist_ok=True)
            s3.download_file(bucket, item["Key"], path)
`;
  return execFileSync(PYTHON, ["-c", prelude + code], { cwd: dir, encoding: "utf8" });
}

beforeAll(async () => {
  server = await startS3Server(["zarr"]);
  dir = mkdtempSync(join(tmpdir(), "zarrkit-s3-interop-"));
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET_KEY,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: server.endpoint,
  });
  python(`
import zarr, numpy as np, numcodecs
g = zarr.open_group("py.zarr", mode="w")
g.attrs["made_by"] = "zarr-python"
a = g.create_dataset("grid/temp", shape=(120, 90), chunks=(50, 40), dtype="<f8",
                     compressor=numcodecs.Zstd(3), fill_value=float("nan"))
a[:] = np.arange(120 * 90, dtype="<f8").reshape(120, 90) / 7
a[...].tofile("temp.raw")
b = g.create_dataset("labels", shape=(33,), chunks=(10,), dtype="<i4", compressor=numcodecs.Blosc())
b[:] = np.arange(33, dtype="<i4") * -3
b[...].tofile("labels.raw")
upload("py.zarr", "zarr", "from-python/py.zarr/")
`);
});

afterAll(async () => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function raw(name: string, type: "f8" | "i4"): Float64Array | Int32Array {
  const bytes = readFileSync(join(dir, name));
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  return type === "f8" ? new Float64Array(buffer) : new Int32Array(buffer);
}

describe("S3 interop with boto3 and zarr-python 2.13", () => {
  it("zarrkit reads an unconsolidated hierarchy boto3 uploaded (API and CLI)", async () => {
    const root = await open("s3://zarr/from-python/py.zarr");
    expect(root.kind).toBe("group");
    const temp = (await open("s3://zarr/from-python/py.zarr", {
      path: "grid/temp",
      kind: "array",
    })) as ZarrArray;
    expect((await temp.get()).data).toEqual(raw("temp.raw", "f8"));
    const tree = await runCliCaptured(["tree", "s3://zarr/from-python/py.zarr"]);
    expect(tree.stderr).toBe("");
    expect(tree.stdout).toMatch(/grid/);
    expect(tree.stdout).toMatch(/temp/);
    expect(tree.stdout).toMatch(/labels/);
    const get = await runCliCaptured([
      "get",
      "s3://zarr/from-python/py.zarr",
      "--path",
      "labels",
      "--json",
    ]);
    expect(get.code).toBe(0);
    expect(JSON.stringify(get.stdout)).toContain("-96");
    const info = await runCliCaptured([
      "info",
      "s3://zarr/from-python/py.zarr",
      "--path",
      "grid/temp",
    ]);
    expect(info.code).toBe(0);
  });

  it("convert writes v2 and v3 sharded copies to the bucket; boto3 downloads; zarr-python and zarrkit read them equal", async () => {
    const v2 = await runCliCaptured([
      "convert",
      "s3://zarr/from-python/py.zarr",
      "s3://zarr/out/v2.zarr",
      "--zarr-format",
      "2",
      "--quiet",
    ]);
    expect(v2.stderr).not.toMatch(/zarrkit:/);
    expect(v2.code).toBe(0);
    const v3 = await runCliCaptured([
      "convert",
      "s3://zarr/from-python/py.zarr",
      "s3://zarr/out/v3.zarr",
      "--zarr-format",
      "3",
      "--chunks",
      "20,30",
      "--shards",
      "60,90",
      "--quiet",
    ]);
    expect(v3.code).toBe(0);
    // a second convert to the same prefix is refused without --overwrite
    const again = await runCliCaptured([
      "convert",
      "s3://zarr/from-python/py.zarr",
      "s3://zarr/out/v3.zarr",
      "--quiet",
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    python(`
download("zarr", "out/v2.zarr/", "v2.zarr")
download("zarr", "out/v3.zarr/", "v3.zarr")
import zarr, numpy as np
g = zarr.open_group("v2.zarr", mode="r")
assert g.attrs["made_by"] == "zarr-python"
np.testing.assert_array_equal(g["grid/temp"][...], np.fromfile("temp.raw", dtype="<f8").reshape(120, 90))
np.testing.assert_array_equal(g["labels"][...], np.fromfile("labels.raw", dtype="<i4"))
`);
    const local = (await open(new FileSystemStore(join(dir, "v3.zarr")), {
      path: "grid/temp",
      kind: "array",
    })) as ZarrArray;
    expect((await local.get()).data).toEqual(raw("temp.raw", "f8"));
    const fromBucket = (await open(new S3Store("s3://zarr/out/v3.zarr"), {
      path: "labels",
      kind: "array",
    })) as ZarrArray;
    expect((await fromBucket.get()).data).toEqual(raw("labels.raw", "i4"));
    expect(readFileSync(join(dir, "v3.zarr/grid/temp/zarr.json"), "utf8")).toMatch(
      /sharding_indexed/,
    );
  });
});
