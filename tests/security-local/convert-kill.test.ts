/**
 * A `zarrkit convert` killed with SIGKILL mid-way (a child process, killed once chunk
 * files appear) leaves no DST that could be read as valid: a new DST does not exist, and
 * with --overwrite the old DST is intact. A convert that completes replaces the old one
 * and leaves nothing beside it.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, open, slice } from "zarrkit";
import { runCliCaptured } from "../support/cli.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = fileURLToPath(new URL("../../packages/zarrkit/src/cli/main.ts", import.meta.url));
const SHAPE = [1000, 1000];
const OLD = 5;
const NEW = 2;
let dir: string;
let src: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "zarrkit-convert-kill-"));
  src = join(dir, "src.zarr");
  const arr = await create(src, {
    zarrFormat: 2,
    shape: SHAPE,
    chunks: [100, 100],
    dtype: "float32",
    workers: 0,
  });
  await arr.set(null, NEW);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Files below `path` (0 when it does not exist). */
function countFiles(path: string): number {
  if (!existsSync(path)) return 0;
  let n = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) n++;
  }
  return n;
}

/** Everything convert may write for `dst`: DST itself and hidden siblings named after it. */
function outputs(dst: string): string[] {
  const name = basename(dst);
  return readdirSync(dirname(dst))
    .filter((entry) => entry === name || entry.startsWith(`.${name}.`))
    .map((entry) => join(dirname(dst), entry));
}

/** Runs convert in a child and SIGKILLs it once its output holds `after` files. */
function convertAndKill(args: string[], dst: string, after: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--conditions=zarrkit-source", "--import", "tsx", MAIN, "convert", ...args],
      { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (text: Buffer) => {
      stderr += text.toString();
    });
    let killed = false;
    const baseline = outputs(dst).reduce((n, path) => n + countFiles(path), 0);
    const poll = setInterval(() => {
      const written = outputs(dst).reduce((n, path) => n + countFiles(path), 0) - baseline;
      if (!killed && written >= after) {
        killed = true;
        child.kill("SIGKILL");
      }
    }, 10);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(poll);
      if (!killed)
        reject(new Error(`convert finished (code ${code}) before it was killed: ${stderr}`));
      else resolve(true);
    });
  });
}

async function valuesOf(path: string): Promise<Set<number>> {
  const arr = await open(path, { kind: "array", workers: 0 });
  return new Set(((await arr.get(arr.shape.map(() => slice(null)))).data as Float32Array).values());
}

describe("a killed zarrkit convert", () => {
  it("leaves no DST behind", async () => {
    const dst = join(dir, "fresh.zarr");
    const args = [src, dst, "--chunks", "20,20", "--concurrency", "1", "--quiet"];
    await convertAndKill(args, dst, 50);
    expect(existsSync(dst)).toBe(false);
  });

  it("with --overwrite leaves the old DST intact", async () => {
    const dst = join(dir, "old.zarr");
    const old = await create(dst, {
      shape: [30],
      chunks: [10],
      dtype: "float32",
      workers: 0,
    });
    await old.set(null, OLD);
    const args = [src, dst, "--overwrite", "--chunks", "20,20", "--concurrency", "1", "--quiet"];
    await convertAndKill(args, dst, 50);
    expect(await valuesOf(dst)).toEqual(new Set([OLD]));
  });

  it("replaces the old DST only when complete, leaving nothing beside it", async () => {
    const dst = join(dir, "replaced.zarr");
    const old = await create(dst, { shape: [3], chunks: [3], dtype: "float32", workers: 0 });
    await old.set(null, OLD);
    const result = await runCliCaptured(["convert", src, dst, "--overwrite", "--quiet"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(await valuesOf(dst)).toEqual(new Set([NEW]));
    expect(outputs(dst)).toEqual([dst]);
  });
});
