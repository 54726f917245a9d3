/**
 * Our encodings decode with numcodecs 0.11 (Debian's /usr/bin/python3), and match its
 * own encodings byte for byte. Uses inputs large enough to reach the size-dependent
 * paths of zstd (row match finder) and LZ4 (inputs over 64 KiB).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { makeCodec, specFor } from "./codec-harness.test-util.js";

const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./test-data/check-with-numcodecs.py", import.meta.url));

function pythonHasNumcodecs(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  try {
    execFileSync(PYTHON, ["-c", "import numcodecs"], { stdio: "ignore" });
    return undefined;
  } catch {
    return `${PYTHON} cannot import numcodecs`;
  }
}

const skipReason = pythonHasNumcodecs();
if (skipReason) console.warn(`skipping numcodecs interop tests: ${skipReason}`);

function floats(count: number): Uint8Array {
  const values = new Float32Array(count);
  let s = 7;
  for (let i = 0; i < count; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    values[i] = Math.round(Math.cos(i / 500) * 2000 + (s % 64)) / 8;
  }
  return new Uint8Array(values.buffer);
}

const INPUTS: Record<string, { bytes: Uint8Array; itemSize: number; dtype: string }> = {
  f4: { bytes: floats(75_000), itemSize: 4, dtype: "<f4" }, // 300 KB
  f4small: { bytes: floats(12_000), itemSize: 4, dtype: "<f4" }, // 48 KB: zstd windowLog 15-16
  u1: { bytes: floats(30_000).map((b) => b & 0xf0), itemSize: 1, dtype: "u1" },
};

interface Case {
  id: string;
  config: Record<string, unknown>;
  input: string;
  /** numcodecs 0.11 can produce the same bytes (not: zstd with checksum). */
  compare: boolean;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const input of Object.keys(INPUTS)) {
    for (const cname of ["blosclz", "lz4", "lz4hc", "zlib", "zstd"]) {
      for (const shuffle of [-1, 0, 1, 2]) {
        for (const clevel of [1, 5, 9]) {
          out.push({
            id: "blosc",
            config: { cname, clevel, shuffle, blocksize: 0 },
            input,
            compare: true,
          });
        }
      }
    }
    for (const level of [1, 3, 4, 5, 7, 9, 12, 16, 19]) {
      out.push({ id: "zstd", config: { level }, input, compare: true });
    }
    out.push({ id: "zstd", config: { level: 3, checksum: true }, input, compare: false });
    for (const acceleration of [1, 3, 50]) {
      out.push({ id: "lz4", config: { acceleration }, input, compare: true });
    }
    for (const level of [1, 9]) {
      out.push({ id: "bz2", config: { level }, input, compare: true });
      out.push({ id: "zlib", config: { level }, input, compare: true });
      out.push({ id: "gzip", config: { level }, input, compare: true });
    }
  }
  return out;
}

describe.skipIf(skipReason !== undefined)("interop with numcodecs 0.11", () => {
  const dir = mkdtempSync(join(tmpdir(), "zarrkit-wasm-interop-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("numcodecs decodes our encodings and encodes the same bytes", async () => {
    const manifest = {
      inputs: {} as Record<string, string>,
      blobs: [] as (Record<string, unknown> & { file: string })[],
    };
    for (const [name, { bytes }] of Object.entries(INPUTS)) {
      writeFileSync(join(dir, `${name}.raw`), bytes);
      manifest.inputs[name] = `${name}.raw`;
    }
    const all = cases();
    for (const [i, c] of all.entries()) {
      const input = INPUTS[c.input];
      const spec = specFor(input.itemSize, input.bytes.length);
      const codec = await makeCodec(`numcodecs.${c.id}`, c.config, spec);
      const file = `${i}-${c.id}.bin`;
      writeFileSync(join(dir, file), await codec.encode(input.bytes, spec));
      const { checksum: _checksum, ...rest } = c.config;
      manifest.blobs.push({
        file,
        codec: { id: c.id, ...(c.compare ? c.config : rest) },
        input: c.input,
        dtype: input.dtype,
        compare: c.compare,
      });
    }
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
    const out = execFileSync(PYTHON, [SCRIPT, dir], { encoding: "utf8", maxBuffer: 1 << 26 });
    const results = JSON.parse(out) as {
      file: string;
      decoded: boolean;
      identical: boolean | null;
      error: string | null;
    }[];
    expect(results.length).toBe(all.length);
    const failures = results
      .map((r, i) => ({
        ...r,
        case: `${all[i].id} ${JSON.stringify(all[i].config)} ${all[i].input}`,
      }))
      .filter((r) => r.error || !r.decoded || r.identical === false);
    expect(failures).toEqual([]);
  }, 300_000);
});
