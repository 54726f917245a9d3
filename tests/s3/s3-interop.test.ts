/**
 * Real peers on the S3 test server: boto3 (Debian's python3-boto3) uploads a hierarchy
 * zarr-python 2.13 wrote, and zarrkit reads it equal (API and CLI, from s3:// URLs with
 * the AWS_* environment variables); zarrkit's `convert` writes v2 and v3 sharded copies
 * to the bucket, boto3 downloads them, and zarr-python (v2) and zarrkit read them equal.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileSystemStore, open, S3Store, type ZarrArray } from "zarrkit";
import { runCliCaptured } from "../support/cli.js";
import { runBoto3 } from "./boto3.js";
import { ACCESS_KEY, type S3TestServer, SECRET_KEY, startS3Server } from "./s3-server.js";

let server: S3TestServer;
let dir: string;
const saved = { ...process.env };

/** Runs Python with boto3 pointed at the test server (see boto3.ts). */
function python(code: string): string {
  return runBoto3(server.endpoint, code, dir);
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
