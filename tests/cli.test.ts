/**
 * The zarrkit CLI: each command's output on fixtures, argument errors, exit codes and
 * one-line error messages. Most cases run the CLI in-process (runCli); a few spawn
 * the real command as `pnpm zarrkit` does.
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileSystemStore } from "zarrkit";
import { runCliCaptured } from "./support/cli.js";
import { SHARED_FIXTURES } from "./support/shared-fixtures.js";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const PY = join(REPO, "tests/fixtures/zarr-python/v2");
const ZARRS = `${SHARED_FIXTURES}/zarrs`;

const cli = (...argv: string[]) => runCliCaptured(argv);

/** "Label : value" rows of `info` as a map. */
function rows(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.trimEnd().split("\n")) {
    const i = line.indexOf(" : ");
    out[line.slice(0, i).trim()] = line.slice(i + 3);
  }
  return out;
}

describe("zarrkit info", () => {
  it("describes a v2 array like zarr-python's .info", async () => {
    const { code, stdout, stderr } = await cli("info", join(PY, "shapes.zarr/3d_i4.C.dot"));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const r = rows(stdout);
    expect(r).toMatchObject({
      Type: "array",
      "Zarr format": "2",
      "Data type": "<i4 (int32)",
      Shape: "[6, 7, 8]",
      "Chunk shape": "[4, 3, 5]",
      Order: "C",
      Compressor: "zlib(level=1)",
      "Fill value": "0",
      "No. bytes": "1344 (1.3K)",
      "Chunks initialized": "12/12",
    });
    expect(Number(r["No. bytes stored"].split(" ")[0])).toBeGreaterThan(0);
    expect(Number(r["Storage ratio"])).toBeGreaterThan(0);
  });

  it("shows filters, missing chunks and special fill values", async () => {
    const r = rows((await cli("info", join(PY, "codecs.zarr"), "--path", "delta_astype")).stdout);
    expect(r.Filters).toBe("delta(astype=<i4, dtype=<i2)");
    expect(r["Chunks initialized"]).toBe("4/9");
    const f = rows((await cli("info", join(PY, "fill_values.zarr/i8_big"))).stdout);
    expect(f["Fill value"]).toBe('"1152921504606846977"');
  });

  it("prints JSON for a v3 sharded array", async () => {
    const target = join(ZARRS, "sharded_array_write_read.zarr");
    const { code, stdout } = await cli("info", target, "--path", "group/array", "--json");
    expect(code).toBe(0);
    const info = JSON.parse(stdout);
    expect(info).toMatchObject({
      type: "array",
      zarr_format: 3,
      dtype: "uint16",
      shape: [8, 8],
      chunks: [4, 8],
      dimension_names: ["y", "x"],
      fill_value: 0,
      nbytes: 128,
      chunks_total: 2,
    });
    expect(info.codecs[0].name).toBe("sharding_indexed");
  });

  it("describes a group", async () => {
    const r = rows((await cli("info", join(PY, "hierarchy.zarr"))).stdout);
    expect(r).toMatchObject({
      Type: "group",
      "Zarr format": "2",
      Consolidated: "no",
      Arrays: "x",
      Groups: "a, empty group",
    });
    const c = rows((await cli("info", join(PY, "consolidated.zarr"))).stdout);
    expect(c.Consolidated).toBe("yes");
  });
});

describe("zarrkit tree", () => {
  it("draws the hierarchy with shapes and dtypes", async () => {
    const { code, stdout } = await cli("tree", join(PY, "hierarchy.zarr"));
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "/",
        " ├── a",
        " │   ├── b",
        " │   │   ├── c",
        " │   │   └── z [3] |b1",
        " │   └── y [5] <f4",
        " ├── empty group",
        " └── x [3, 4] <i2",
        "",
      ].join("\n"),
    );
  });
  it("draws a v3 hierarchy and a single array", async () => {
    const { stdout } = await cli("tree", join(ZARRS, "hierarchy.zarr"));
    expect(stdout).toBe(
      "/\n ├── a\n │   ├── baz [10000, 1000] float64\n │   └── foo [10000, 1000] float64\n └── b\n",
    );
    const one = await cli("tree", join(PY, "shapes.zarr/1d_u2"));
    expect(one.stdout).toBe("/ [13] <u2\n");
  });
});

describe("zarrkit get", () => {
  it("prints one JSON object with a selection", async () => {
    const { code, stdout } = await cli(
      "get",
      join(PY, "shapes.zarr/3d_i4.C.dot"),
      "--select",
      "1:5:2, -1, 0:3",
      "--json",
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      shape: [2, 3],
      dtype: "<i4",
      data: [4, 5, 6, 116, 117, 118],
    });
  });
  it("applies the JSON rules to special values", async () => {
    const out = JSON.parse((await cli("get", join(PY, "shapes.zarr/0d_i8_big"), "--json")).stdout);
    expect(out).toEqual({ shape: [], dtype: "<i8", data: ["-1152921504606846977"] });
    const nan = JSON.parse(
      (await cli("get", join(PY, "fill_values.zarr/f8_nan"), "--select", "4, 3:", "--json")).stdout,
    );
    expect(nan.data).toEqual(["NaN", "NaN", "NaN"]);
  });
  it("prints rows of text without --json", async () => {
    const { stdout } = await cli("get", join(PY, "shapes.zarr/chunks_of_one"));
    expect(stdout).toBe("shape: [3, 2]  dtype: <i2\n[[0, 1],\n [2, 3],\n [4, 5]]\n");
  });
});

describe("zarrkit over HTTP", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const store = new FileSystemStore(PY);
    server = createServer((req, res) => {
      const key = decodeURIComponent((req.url ?? "/").slice(1));
      store.get(key).then(
        (bytes) => (bytes ? res.writeHead(200).end(bytes) : res.writeHead(404).end()),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("gets values and info from a URL (bytes stored unknown)", async () => {
    const got = await cli("get", `${base}/shapes.zarr/1d_u2`, "--select", "::4", "--json");
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ shape: [4], dtype: "<u2" });
    const r = rows((await cli("info", `${base}/shapes.zarr/1d_u2`)).stdout);
    expect(r).toMatchObject({ "No. bytes stored": "-", "Chunks initialized": "-/3" });
  });

  it("draws a consolidated tree over HTTP; fails in one line without listing", async () => {
    const tree = await cli("tree", `${base}/consolidated.zarr`);
    expect(tree.stdout).toContain(" └── x [3, 4] <i2\n");
    const bad = await cli("tree", `${base}/hierarchy.zarr`);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^zarrkit: listing the children of .*\n$/);
  });

  it("names a URL with nothing at it", async () => {
    const missing = await cli("info", `${base}/nothing.zarr`);
    expect(missing).toMatchObject({
      code: 1,
      stderr: `zarrkit: no array or group at ${base}/nothing.zarr\n`,
    });
  });
});

describe("zarrkit errors", () => {
  it.each([
    [["--foo"], 2, "zarrkit: unknown option --foo"],
    [["get", "x.zarr", "--foo"], 2, 'zarrkit: unknown option --foo for "get"'],
    [["get"], 2, 'zarrkit: "get" needs a PATH_OR_URL'],
    [
      ["info", "/nonexistent/nothing.zarr"],
      1,
      "zarrkit: no array or group at /nonexistent/nothing.zarr",
    ],
    [
      ["info", join(PY, "hierarchy.zarr"), "--path", "nope"],
      1,
      `zarrkit: no array or group at ${join(PY, "hierarchy.zarr")} (path "nope")`,
    ],
    [
      ["get", join(PY, "hierarchy.zarr"), "--json"],
      2,
      `zarrkit: "get" needs an array, but ${join(PY, "hierarchy.zarr")} is a group`,
    ],
  ])("%j exits %d with one line", async (argv, wantCode, message) => {
    const { code, stdout, stderr } = await cli(...argv);
    expect(code).toBe(wantCode);
    expect(stdout).toBe("");
    expect(stderr).toBe(`${message}\n`);
  });
  it("reports bad selections", async () => {
    const target = join(PY, "shapes.zarr/1d_u2");
    const bad = await cli("get", target, "--select", "1:2:3:4");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^zarrkit: cannot parse selection "1:2:3:4": .*\n$/);
    const oob = await cli("get", target, "--select", "13");
    expect(oob.stderr).toMatch(/^zarrkit: index 13 is out of bounds .*\n$/);
    const rank = await cli("get", target, "--select", "0, 0");
    expect(rank.stderr).toMatch(/^zarrkit: too many indices.*\n$/);
  });
  it("prints help", async () => {
    const { code, stdout } = await cli("--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: zarrkit <command> PATH_OR_URL/);
    expect((await cli("get", "--help")).stdout).toMatch(/^usage: zarrkit get PATH_OR_URL/);
  });
});

describe("the zarrkit command", () => {
  const run = promisify(execFile);
  const args = [
    "--conditions=zarrkit-source",
    "--import",
    "tsx",
    "packages/zarrkit/src/cli/main.ts",
  ];

  it("runs get --json", async () => {
    const target = join(PY, "shapes.zarr/chunks_of_one");
    const { stdout } = await run("node", [...args, "get", target, "--json"], { cwd: REPO });
    expect(JSON.parse(stdout)).toEqual({ shape: [3, 2], dtype: "<i2", data: [0, 1, 2, 3, 4, 5] });
  });

  it("fails with a non-zero exit code and one line on stderr, no stack", async () => {
    const error = await run("node", [...args, "info", "--foo"], { cwd: REPO }).catch(
      (e: { code: number; stderr: string; stdout: string }) => e,
    );
    expect(error).toMatchObject({ code: 2, stdout: "" });
    expect((error as { stderr: string }).stderr).toBe('zarrkit: unknown option --foo for "info"\n');
    const missing = await run("node", [...args, "tree", "/nonexistent.zarr"], { cwd: REPO }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(missing).toMatchObject({
      code: 1,
      stderr: "zarrkit: no array or group at /nonexistent.zarr\n",
    });
  });
});
