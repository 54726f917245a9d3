/**
 * Blosc's vectorized (bit)shuffles (its SSE2 code on wasm simd128, see
 * wasm/shims/sse2/emmintrin.h) against numcodecs 0.11 for item sizes with and without
 * a vector path (2, 4, 8, 16, > 16 and odd), and block and buffer sizes that leave
 * elements over for the scalar tail: ours must round-trip and equal numcodecs' bytes.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type BloscShuffle, bloscDecode, bloscEncode } from "./blosc.js";

const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./test-data/check-with-numcodecs.py", import.meta.url));
const TYPESIZES = [1, 2, 3, 4, 7, 8, 12, 16, 17, 24, 32, 33];
// elements: under one vector, a whole number of vectors, and with a tail
const COUNTS = [5, 256, 1000 + 13];

function hasNumcodecs(): boolean {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ["-c", "import numcodecs"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Items whose bytes differ by position, so a misplaced byte shows. */
function items(typesize: number, count: number): Uint8Array {
  const out = new Uint8Array(typesize * count);
  let s = typesize * 7919 + count;
  for (let i = 0; i < count; i++) {
    for (let b = 0; b < typesize; b++) {
      s = (s * 1103515245 + 12345) >>> 0;
      // low bytes vary, high bytes are nearly constant: shuffling pays off
      out[i * typesize + b] = b < 2 ? (i * (b + 3) + (s >>> 28)) & 0xff : b * 11 + ((i >> 6) & 1);
    }
  }
  return out;
}

interface Case {
  typesize: number;
  count: number;
  shuffle: BloscShuffle;
  blocksize: number;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const typesize of TYPESIZES) {
    for (const count of COUNTS) {
      for (const shuffle of ["shuffle", "bitshuffle"] as const) {
        // 0: blosc's choice; 4096 splits the buffer into blocks, the last one partial
        for (const blocksize of [0, 4096]) out.push({ typesize, count, shuffle, blocksize });
      }
    }
  }
  return out;
}

describe("blosc shuffles", () => {
  it("round-trip every item size, element count and block size", async () => {
    for (const c of cases()) {
      const raw = items(c.typesize, c.count);
      const options = { cname: "lz4", clevel: 5, ...c } as const;
      const encoded = await bloscEncode(raw, options);
      const decoded = await bloscDecode(encoded, raw.length);
      expect(Buffer.from(decoded).equals(raw), JSON.stringify(c)).toBe(true);
    }
  });

  describe.skipIf(!hasNumcodecs())("against numcodecs 0.11", () => {
    const dir = mkdtempSync(join(tmpdir(), "zarrkit-blosc-shuffle-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("encodes the same bytes, which numcodecs decodes", async () => {
      const all = cases();
      const manifest = {
        inputs: {} as Record<string, string>,
        blobs: [] as Record<string, unknown>[],
      };
      for (const [i, c] of all.entries()) {
        const raw = items(c.typesize, c.count);
        const input = `${c.typesize}x${c.count}`;
        if (!manifest.inputs[input]) {
          writeFileSync(join(dir, `${input}.raw`), raw);
          manifest.inputs[input] = `${input}.raw`;
        }
        const file = `${i}.blosc`;
        writeFileSync(join(dir, file), await bloscEncode(raw, { cname: "lz4", clevel: 5, ...c }));
        manifest.blobs.push({
          file,
          codec: {
            id: "blosc",
            cname: "lz4",
            clevel: 5,
            shuffle: c.shuffle === "shuffle" ? 1 : 2,
            blocksize: c.blocksize,
          },
          input,
          // numcodecs takes blosc's typesize from the item size
          dtype: c.typesize === 1 ? "u1" : `V${c.typesize}`,
          compare: true,
        });
      }
      writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
      const out = execFileSync(PYTHON, [SCRIPT, dir], { encoding: "utf8", maxBuffer: 1 << 26 });
      const results = JSON.parse(out) as {
        decoded: boolean;
        identical: boolean | null;
        error: string | null;
      }[];
      expect(results.length).toBe(all.length);
      const failures = results
        .map((r, i) => ({ ...r, case: JSON.stringify(all[i]) }))
        .filter((r) => r.error || !r.decoded || r.identical !== true);
      expect(failures).toEqual([]);
    }, 120_000);
  });
});
