/**
 * The writing commands: `zarrkit convert` (hierarchies across formats, chunks, shards
 * and codecs; existing destinations; progress; the memory summary) and `zarrkit
 * create`, run in-process (runCli), with zarr-python 2.13 making and checking data.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open, type ZarrArray, type ZarrGroup } from "zarrkit";
import { parseCodecFlag } from "../packages/zarrkit/src/cli/codec-flag.js";
import { regionShape, regions } from "../packages/zarrkit/src/cli/copy-regions.js";
import { parseFillFlag } from "../packages/zarrkit/src/cli/create.js";
import { ProgressReporter } from "../packages/zarrkit/src/cli/progress.js";
import { runCliCaptured } from "./support/cli.js";

const PYTHON = "/usr/bin/python3";
let dir: string;

const cli = (argv: string[], isTTY = false) => runCliCaptured(argv, { isTTY, columns: 100 });

function python(script: string): string {
  return execFileSync(PYTHON, ["-c", script], { cwd: dir, encoding: "utf8" });
}

async function readAll(path: string, node = ""): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const root = await open(path, { path: node });
  const visit = async (n: ZarrArray | ZarrGroup, rel: string) => {
    if (n.kind === "array") {
      const { data, shape } = await n.get();
      out.set(rel, {
        dtype: n.dtype,
        shape,
        data: Array.from(data as ArrayLike<unknown>),
        attrs: n.attrs,
      });
      return;
    }
    out.set(rel, { group: true, attrs: n.attrs });
    for (const child of await n.children()) {
      await visit(await n.open(child.name), rel === "" ? child.name : `${rel}/${child.name}`);
    }
  };
  await visit(root, "");
  return out;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "zarrkit-cli-write-"));
  python(`
import zarr, numpy as np, numcodecs
g = zarr.open_group("src.zarr", mode="w")
g.attrs["title"] = "hello"
a = g.create_dataset("a", shape=(300, 170), chunks=(64, 50), dtype="<f4",
                     compressor=numcodecs.Blosc("lz4", 5, 1))
a[:] = np.arange(300 * 170, dtype="f4").reshape(300, 170) / 7
a.attrs["units"] = "K"
sub = g.create_group("sub")
sub.attrs["x"] = [1, 2]
s = sub.create_dataset("s", shape=(5,), dtype=object, object_codec=numcodecs.VLenUTF8())
s[:] = ["a", "bb", "ccc", "", "é"]
b = sub.create_dataset("b", shape=(30, 20), chunks=(7, 6), dtype=">i8", fill_value=-1,
                       filters=[numcodecs.Delta(dtype=">i8")], compressor=numcodecs.Zlib(1))
b[3:20, 2:9] = np.arange(17 * 7).reshape(17, 7)
zarr.consolidate_metadata("src.zarr")
`);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("zarrkit convert", () => {
  it("copies a v2 hierarchy to v3 sharded zstd, groups, attributes and all", async () => {
    const dst = join(dir, "v3.zarr");
    const r = await cli([
      "convert",
      join(dir, "src.zarr"),
      dst,
      "--chunks",
      "32,25",
      "--shards",
      "128,100",
      "--codec",
      "zstd:5",
    ]);
    expect(r.stderr).toMatch(/convert: 100%, \d+\/\d+ regions/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/converted .* 3 arrays, 2 groups/);
    expect(r.stdout).toMatch(/peak RSS [\d.]+ MiB \(bound [\d.]+ MiB = baseline/);
    expect(await readAll(dst)).toEqual(await readAll(join(dir, "src.zarr")));
    const meta = JSON.parse(readFileSync(join(dst, "a/zarr.json"), "utf8"));
    expect(meta.chunk_grid.configuration.chunk_shape).toEqual([128, 100]);
    expect(meta.codecs[0].name).toBe("sharding_indexed");
    expect(meta.codecs[0].configuration.chunk_shape).toEqual([32, 25]);
    expect(meta.codecs[0].configuration.codecs[1]).toEqual({
      name: "zstd",
      configuration: { level: 5, checksum: false },
    });
    // the source was consolidated, so the copy is too
    expect(
      JSON.parse(readFileSync(join(dst, "zarr.json"), "utf8")).consolidated_metadata.kind,
    ).toBe("inline");
    // 1-d arrays keep their own chunking: --chunks/--shards have rank 2
    const s = JSON.parse(readFileSync(join(dst, "sub/s/zarr.json"), "utf8"));
    expect(s.codecs.map((c: { name: string }) => c.name)).toEqual(["vlen-utf8", "zstd"]);
  });

  it("copies v3 back to v2 that zarr-python 2.13 reads equal, keeping the source codecs", async () => {
    const v3 = join(dir, "v3b.zarr");
    expect(
      (await cli(["convert", join(dir, "src.zarr"), v3, "--zarr-format", "3", "--quiet"])).code,
    ).toBe(0);
    const b3 = JSON.parse(readFileSync(join(v3, "sub/b/zarr.json"), "utf8"));
    expect(b3.codecs.map((c: { name: string }) => c.name)).toEqual([
      "numcodecs.delta",
      "bytes",
      "numcodecs.zlib",
    ]);
    const v2 = join(dir, "v2.zarr");
    const r = await cli(["convert", v3, v2, "--zarr-format", "2", "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const zarray = JSON.parse(readFileSync(join(v2, "a/.zarray"), "utf8"));
    expect(zarray.compressor).toMatchObject({ id: "blosc", cname: "lz4", clevel: 5, shuffle: 1 });
    const out = python(`
import zarr, numpy as np
a = zarr.open_group("src.zarr", mode="r"); b = zarr.open_group("v2.zarr", mode="r")
for k in ["a", "sub/s", "sub/b"]:
    assert (a[k][...] == b[k][...]).all(), k
    assert a[k].dtype == b[k].dtype, (k, a[k].dtype, b[k].dtype)
assert dict(b.attrs) == {"title": "hello"} and dict(b["sub"].attrs) == {"x": [1, 2]}
assert b["sub/b"].fill_value == -1 and b["a"].attrs["units"] == "K"
print("ok")
`);
    expect(out.trim()).toBe("ok");
  });

  it("copies one node with --path, and writes a .zip", async () => {
    const zip = join(dir, "b.zip");
    const r = await cli(["convert", join(dir, "src.zarr"), zip, "--path", "sub/b", "--quiet"]);
    expect(r.code).toBe(0);
    const src = (await readAll(join(dir, "src.zarr"), "sub/b")).get("");
    expect((await readAll(zip)).get("")).toEqual(src);
  });

  it("refuses an existing DST unless --overwrite, and never deletes non-Zarr folders", async () => {
    const dst = join(dir, "exists.zarr");
    const src = join(dir, "src.zarr");
    expect((await cli(["convert", src, dst, "--quiet"])).code).toBe(0);
    const again = await cli(["convert", src, dst, "--quiet"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists \(pass --overwrite to replace it\)/);
    const over = await cli(["convert", src, dst, "--overwrite", "--quiet", "--zarr-format", "3"]);
    expect(over.code).toBe(0);
    expect(existsSync(join(dst, ".zgroup"))).toBe(false);
    expect(existsSync(join(dst, "zarr.json"))).toBe(true);

    const other = join(dir, "not-zarr");
    mkdirSync(other);
    writeFileSync(join(other, "precious.txt"), "keep me");
    const refused = await cli(["convert", src, other, "--overwrite", "--quiet"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/holds no Zarr data: not replacing it/);
    expect(readFileSync(join(other, "precious.txt"), "utf8")).toBe("keep me");

    const inside = await cli(["convert", src, join(src, "copy"), "--quiet"]);
    expect(inside.stderr).toMatch(/SRC and DST overlap/);
  });

  it("draws a bar on a terminal and nothing with --quiet", async () => {
    const tty = await cli(["convert", join(dir, "src.zarr"), join(dir, "tty.zarr")], true);
    expect(tty.code).toBe(0);
    expect(tty.stderr).toMatch(/^\r\[[#-]+\] +\d+%/);
    expect(tty.stderr).toMatch(/100% .*ETA/);
    expect(tty.stderr.endsWith("\n")).toBe(true);
    const quiet = await cli(
      ["convert", join(dir, "src.zarr"), join(dir, "quiet.zarr"), "--quiet"],
      true,
    );
    expect(quiet.stderr).toBe("");
  });

  it.each([
    [["convert", "a"], '"convert" needs SRC and DST'],
    [["convert", "a", "b", "--chunks", "0,1"], "--chunks must be comma-separated integers >= 1"],
    [["convert", "a", "b", "--codec", "brotli"], 'unknown codec "brotli"'],
    [["convert", "a", "b", "--zarr-format", "2", "--shards", "4"], "--shards needs zarr format 3"],
    [["convert", "a", "b", "--frob"], 'unknown option --frob for "convert"'],
  ])("rejects %j with exit code 2", async (argv, message) => {
    const src = join(dir, "src.zarr");
    const args = argv.map((a) => (a === "a" ? src : a === "b" ? join(dir, "never.zarr") : a));
    const r = await cli(args);
    expect(r.stderr).toContain(message);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, "never.zarr"))).toBe(false);
  });

  it("fails with exit code 1 on a missing SRC", async () => {
    const r = await cli(["convert", join(dir, "missing.zarr"), join(dir, "m2.zarr")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^zarrkit: no array or group at /);
  });
});

describe("zarrkit create", () => {
  it("creates an empty v3 array that reads as the fill value", async () => {
    const path = join(dir, "empty.zarr");
    const r = await cli([
      "create",
      path,
      "--shape",
      "100,100",
      "--dtype",
      "float32",
      "--chunks",
      "10,20",
      "--fill-value",
      "NaN",
      "--attrs",
      '{"a": 1}',
      "--codec",
      "gzip:6",
    ]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`created ${path}: v3 float32 [100, 100], chunks [10, 20]\n`);
    const meta = JSON.parse(readFileSync(join(path, "zarr.json"), "utf8"));
    expect(meta).toMatchObject({
      fill_value: "NaN",
      attributes: { a: 1 },
      codecs: [{ name: "bytes" }, { name: "gzip", configuration: { level: 6 } }],
    });
    const arr = await open(path, { kind: "array" });
    const { data } = await arr.get([0, null]);
    expect(Array.from(data as Float32Array).every(Number.isNaN)).toBe(true);
  });

  it("creates v2 and sharded arrays that zarr-python / zarrkit read", async () => {
    const v2 = join(dir, "created-v2.zarr");
    expect(
      (
        await cli([
          "create",
          v2,
          "--shape",
          "6,4",
          "--dtype",
          "<i2",
          "--zarr-format",
          "2",
          "--fill-value",
          "7",
          "--codec",
          "blosc:zstd:3:bitshuffle",
        ])
      ).code,
    ).toBe(0);
    expect(
      python(
        `import zarr; a = zarr.open("created-v2.zarr", "r"); print(a.dtype, a.fill_value, a.compressor.cname, int(a[2, 3]))`,
      ).trim(),
    ).toBe("int16 7 zstd 7");
    const sharded = join(dir, "created-sharded.zarr");
    const r = await cli([
      "create",
      sharded,
      "--path",
      "g/x",
      "--shape",
      "64,64",
      "--dtype",
      "uint8",
      "--chunks",
      "8,8",
      "--shards",
      "32,32",
    ]);
    expect(r.code).toBe(0);
    const arr = await open(sharded, { path: "g/x", kind: "array" });
    expect(arr.codecs[0].name).toBe("sharding_indexed");
    expect(arr.chunks).toEqual([32, 32]);
    expect(existsSync(join(sharded, "g/zarr.json"))).toBe(true);
  });

  it.each([
    [["create", "P", "--dtype", "int8"], '"create" needs --shape'],
    [
      ["create", "P", "--shape", "3,3", "--dtype", "int8", "--chunks", "3"],
      "--chunks has 1 entries; --shape has 2",
    ],
    [["create", "P", "--shape", "3", "--dtype", "int7"], 'unknown dtype "int7"'],
    [
      ["create", "P", "--shape", "3", "--dtype", "int8", "--attrs", "[1]"],
      "--attrs must be a JSON object",
    ],
    [
      ["create", "P", "--shape", "3", "--dtype", "int8", "--fill-value", "1000"],
      'invalid fill_value 1000 for data type "int8"',
    ],
  ])("rejects %j", async (argv, message) => {
    const r = await cli(argv.map((a) => (a === "P" ? join(dir, "bad.zarr") : a)));
    expect(r.stderr).toContain(message);
    expect(r.code).toBeGreaterThan(0);
  });
});

describe("writing-command helpers", () => {
  it("parses --codec", () => {
    expect(parseCodecFlag("none")).toBeNull();
    expect(parseCodecFlag("zstd")).toEqual({ id: "zstd", level: 3 });
    expect(parseCodecFlag("zstd:5")).toEqual({ id: "zstd", level: 5 });
    expect(parseCodecFlag("gzip:6")).toEqual({ id: "gzip", level: 6 });
    expect(parseCodecFlag("blosc:lz4:5")).toEqual({
      id: "blosc",
      cname: "lz4",
      clevel: 5,
      shuffle: 1,
      blocksize: 0,
    });
    expect(parseCodecFlag("blosc:zstd:3:bitshuffle")).toMatchObject({ cname: "zstd", shuffle: 2 });
    expect(() => parseCodecFlag("gzip:10")).toThrow(
      /the gzip level must be an integer from 0 to 9/,
    );
    expect(() => parseCodecFlag("blosc:snappy")).toThrow(/blosc compressor "snappy"/);
    expect(() => parseCodecFlag("zstd:1:2")).toThrow(/too many/);
  });

  it("parses --fill-value", () => {
    expect(parseFillFlag("0")).toBe(0);
    expect(parseFillFlag("-1.5")).toBe(-1.5);
    expect(parseFillFlag("NaN")).toBe("NaN");
    expect(parseFillFlag("true")).toBe(true);
    expect(parseFillFlag("18446744073709551615")).toBe(18446744073709551615n);
    expect(parseFillFlag("[1, -2]")).toEqual([1, -2]);
    expect(parseFillFlag('"x"')).toBe("x");
    expect(parseFillFlag("abc")).toBe("abc");
  });

  it("plans regions aligned to the write unit, covering whole source chunks", () => {
    expect(regionShape([1000, 1000], [200, 200], [100, 100])).toEqual([200, 200]);
    expect(regionShape([1000, 1000], [100, 100], [150, 150])).toEqual([300, 300]);
    // lcm too large: whole write units covering one source chunk
    expect(regionShape([10000], [97], [1000])).toEqual([1067]);
    expect(regionShape([50], [100], [10])).toEqual([50]);
    expect([...regions([5, 3], [2, 2])]).toHaveLength(6);
    expect([...regions([5, 3], [2, 2])].at(-1)).toEqual([
      [4, 5],
      [2, 3],
    ]);
    expect([...regions([], [])]).toEqual([[]]);
    expect([...regions([0, 4], [1, 1])]).toEqual([]);
  });

  it("throttles progress lines", () => {
    let t = 0;
    const lines: string[] = [];
    const p = new ProgressReporter({
      mode: "lines",
      write: (s) => lines.push(s),
      label: "convert",
      unit: "regions",
      totalUnits: 100,
      totalBytes: 100 * 1024 * 1024,
      lineInterval: 1000,
      now: () => t,
    });
    for (let i = 0; i < 100; i++) {
      t += 100;
      p.add(1, 1024 * 1024);
    }
    expect(lines).toHaveLength(11); // first, one per second, the last
    expect(lines.at(-1)).toBe(
      "convert: 100%, 100/100 regions, 100.0 MiB/100.0 MiB, 10.0 MiB/s, 10s elapsed\n",
    );
  });
});
