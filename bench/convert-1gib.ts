/**
 * A 1 GiB conversion with the real command: a float32 v2 array (16384 x 16384, chunks
 * 1024 x 1024, blosc lz4 + shuffle) written by zarr-python 2.13 into bench/data/ (made
 * once, ~1 min), converted by `zarrkit convert` to v3 sharded zstd (inner chunks 512 x
 * 512, shards 2048 x 2048). Prints elapsed time, throughput and the peak RSS against
 * the bound the command promises, and spot-checks values of source and copy.
 *
 *   node --conditions=zarrkit-source --import tsx bench/convert-1gib.ts [--keep] [--concurrency N]
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { open, slice, type ZarrArray } from "zarrkit";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const DATA = join(REPO, "bench/data/convert-1gib");
const SRC = join(DATA, "src-v2-blosc.zarr");
const DST = join(DATA, "dst-v3-sharded-zstd.zarr");
const SIZE = 16384;
const GIB = 1024 ** 3;

const args = process.argv.slice(2);
const concurrency = args.includes("--concurrency")
  ? args[args.indexOf("--concurrency") + 1]
  : undefined;

function generate(): void {
  if (existsSync(join(SRC, ".zarray"))) return;
  mkdirSync(DATA, { recursive: true });
  console.log(`generating ${SRC} (1 GiB float32, zarr-python 2.13)...`);
  const t0 = performance.now();
  execFileSync(
    "/usr/bin/python3",
    [
      "-c",
      `
import sys, numpy as np, zarr, numcodecs
n = ${SIZE}
a = zarr.open(sys.argv[1] + ".tmp", mode="w", shape=(n, n), chunks=(1024, 1024), dtype="<f4",
              compressor=numcodecs.Blosc("lz4", 5, numcodecs.Blosc.SHUFFLE))
rng = np.random.default_rng(0)
x = np.linspace(0, 40, n, dtype="f4")
for i in range(0, n, 1024):
    y = np.linspace(i / n * 40, (i + 1024) / n * 40, 1024, endpoint=False, dtype="f4")[:, None]
    field = np.sin(x[None, :]) * np.cos(y) * 100 + rng.normal(0, 1, (1024, n)).astype("f4")
    a[i:i + 1024, :] = np.round(field * 256) / 256
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
`,
      SRC,
    ],
    { stdio: "inherit" },
  );
  console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function convert(): Promise<{ seconds: number; stdout: string }> {
  const argv = [
    "--conditions=zarrkit-source",
    "--import",
    "tsx",
    "packages/zarrkit/src/cli/main.ts",
    "convert",
    SRC,
    DST,
    "--zarr-format",
    "3",
    "--chunks",
    "512,512",
    "--shards",
    "2048,2048",
    "--codec",
    "zstd:3",
    "--overwrite",
    ...(concurrency ? ["--concurrency", concurrency] : []),
  ];
  console.log(`zarrkit ${argv.slice(4).join(" ")}`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, {
      cwd: REPO,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (t: string) => {
      stdout += t;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`zarrkit convert exited with ${code}: ${stdout}`));
      else resolve({ seconds: (performance.now() - t0) / 1000, stdout });
    });
  });
}

async function spotCheck(): Promise<void> {
  const a = (await open(SRC, { kind: "array" })) as ZarrArray;
  const b = (await open(DST, { kind: "array" })) as ZarrArray;
  const boxes = [
    [0, 0],
    [5000, 12000],
    [SIZE - 700, SIZE - 300],
  ];
  for (const [r, c] of boxes) {
    const sel = [slice(r, Math.min(r + 700, SIZE)), slice(c, Math.min(c + 700, SIZE))];
    const x = (await a.get(sel)).data as Float32Array;
    const y = (await b.get(sel)).data as Float32Array;
    const same = Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(
      Buffer.from(y.buffer, y.byteOffset, y.byteLength),
    );
    if (!same) throw new Error(`values differ in the box at [${r}, ${c}]`);
  }
  console.log(`spot check: ${boxes.length} boxes of 700 x 700 equal in source and copy`);
}

generate();
const { seconds, stdout } = await convert();
process.stdout.write(stdout);
const rss = /peak RSS ([\d.]+) (MiB|GiB) \(bound ([\d.]+) (MiB|GiB)/.exec(stdout);
const mib = (v: string, unit: string) => Number(v) * (unit === "GiB" ? 1024 : 1);
console.log(`\nelapsed (whole process, startup included): ${seconds.toFixed(1)} s`);
console.log(`throughput: ${(GIB / 1024 ** 2 / seconds).toFixed(1)} MiB/s of decoded float32`);
if (rss) {
  const peak = mib(rss[1], rss[2]);
  const bound = mib(rss[3], rss[4]);
  console.log(
    `peak RSS: ${peak.toFixed(1)} MiB, bound ${bound.toFixed(1)} MiB (${peak <= bound ? "within" : "OVER"}), array 1024 MiB`,
  );
}
await spotCheck();
if (!args.includes("--keep")) rmSync(DST, { recursive: true, force: true });
process.exit(0);
