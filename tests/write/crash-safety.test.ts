/**
 * Crash safety of writes to a FileSystemStore: a child process overwriting a large
 * array (2000 chunks of 256 KiB, all 1.0) with 2.0 is killed with SIGKILL mid-way.
 * Afterwards every chunk file decodes to a whole old or a whole new chunk (never a
 * torn one), leftover temp files cannot be taken for chunks (zarrkit does not list
 * them and their names are no chunk keys), and zarr-python 2.13 reads the v2 array.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { create, FileSystemStore, open, parseChunkKey } from "zarrkit";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CHILD = fileURLToPath(new URL("./crash-child.ts", import.meta.url));
const CHUNK = [256, 256]; // float32: 256 KiB per chunk
const GRID = [50, 40]; // 2000 chunks, 500 MiB
const SHAPE = [CHUNK[0] * GRID[0], CHUNK[1] * GRID[1]];
const CHUNK_COUNT = GRID[0] * GRID[1];
const OLD = 1;
const NEW = 2;
const TEMP_MARK = ".zarrkit-tmp-";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Every file below `root`, as "/"-separated paths relative to it. */
function walk(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(root, full));
    else out.push(relative(root, full).split("\\").join("/"));
  }
  return out;
}

/** Runs the child until it has written `after` chunks, then SIGKILLs it. */
function writeAndKill(
  dir: string,
  after: number,
): Promise<{ reported: number; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=zarrkit-source", "--import", "tsx", CHILD, dir, String(NEW)],
      { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] },
    );
    let reported = 0;
    let stderr = "";
    let killed = false;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (text: string) => {
      for (const match of text.matchAll(/done (\d+)/g))
        reported = Math.max(reported, Number(match[1]));
      if (!killed && reported >= after) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (text: Buffer) => {
      stderr += text.toString();
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (!killed) reject(new Error(`child exited (code ${code}) before it was killed: ${stderr}`));
      else resolve({ reported, signal });
    });
  });
}

describe.each([2, 3] as const)("a v%i array killed mid-write", (zarrFormat) => {
  it("keeps every chunk whole: old or new, never torn", async () => {
    const dir = mkdtempSync(join(tmpdir(), `zarrkit-crash-v${zarrFormat}-`));
    dirs.push(dir);
    const arr = await create(dir, {
      zarrFormat,
      shape: SHAPE,
      chunks: CHUNK,
      dtype: "float32",
      compressor: null, // raw: a torn file shows as a short chunk
      workers: 0,
    });
    await arr.set(null, OLD, { concurrency: 8 });

    const { reported, signal } = await writeAndKill(dir, 300);
    expect(signal).toBe("SIGKILL");
    expect(reported).toBeLessThan(CHUNK_COUNT);

    const encoding = arr.nodeMetadata.chunkKeyEncoding;
    const files = walk(dir);
    const metadata = new Set(zarrFormat === 2 ? [".zarray"] : ["zarr.json"]);
    const temps = files.filter((f) => f.includes(TEMP_MARK));
    const chunkKeys = files.filter((f) => !f.includes(TEMP_MARK) && !metadata.has(f));
    // temp files: hidden names that no chunk key encoding accepts
    for (const temp of temps) {
      const name = temp.split("/").at(-1) ?? "";
      expect(name.startsWith(".")).toBe(true);
      expect(parseChunkKey(encoding, temp, 2)).toBeUndefined();
    }
    // ... and the store never lists them
    const listed: string[] = [];
    for await (const key of new FileSystemStore(dir).list()) listed.push(key);
    expect(listed.sort()).toEqual([...chunkKeys, ...metadata].sort());

    // every chunk file is a whole chunk of one value
    expect(chunkKeys).toHaveLength(CHUNK_COUNT);
    const reread = await open(dir, { kind: "array", workers: 0 });
    const counts = { old: 0, new: 0 };
    for (const key of chunkKeys) {
      const coords = parseChunkKey(encoding, key, 2);
      expect(coords, key).toBeDefined();
      const chunk = await reread.getChunk(coords ?? []);
      const data = chunk.data as Float32Array;
      const first = data[0];
      expect(first === OLD || first === NEW, `${key} holds ${first}`).toBe(true);
      expect(
        data.every((v) => v === first),
        `${key} is torn`,
      ).toBe(true);
      if (first === OLD) counts.old++;
      else counts.new++;
    }
    // the kill came mid-way: both kinds are there
    expect(counts.new).toBeGreaterThanOrEqual(300);
    expect(counts.old).toBeGreaterThan(0);

    if (zarrFormat === 2) {
      const out = execFileSync(
        "/usr/bin/python3",
        [
          "-c",
          `
import sys, zarr, numpy as np
a = zarr.open(sys.argv[1], mode="r")
assert a.nchunks_initialized == a.nchunks, (a.nchunks_initialized, a.nchunks)
counts = {1.0: 0, 2.0: 0}
for i in range(a.cdata_shape[0]):
    block = a[i * 256:(i + 1) * 256, :].reshape(256, -1, 256).transpose(1, 0, 2)
    for c in block:
        v = float(c.flat[0])
        assert (c == v).all() and v in counts, (i, v)
        counts[v] += 1
print(counts[1.0], counts[2.0])
`,
          dir,
        ],
        { encoding: "utf8", maxBuffer: 1 << 20 },
      );
      expect(out.trim()).toBe(`${counts.old} ${counts.new}`);
    }
  }, 240_000);
});
