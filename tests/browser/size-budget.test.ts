/**
 * The size budget: the read path without codecs (open + get + FetchStore), minified and
 * gzipped, must stay under READ_PATH_BUDGET_GZIP (38 KB, stated in the README). Codecs
 * and their WebAssembly load on demand and are not counted. Fails the build when exceeded.
 */
import { describe, expect, it } from "vitest";
import {
  CDN_FIRST_ZSTD_READ_BUDGET_GZIP,
  measureCdnFirstRead,
  measureEntry,
  READ_PATH_BUDGET_GZIP,
  READ_PATH_ENTRY,
} from "../../scripts/bundle-size.js";

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe("bundle size", () => {
  it(`read path (open + get + FetchStore) is under ${kb(READ_PATH_BUDGET_GZIP)} min+gzip`, async () => {
    const size = await measureEntry(READ_PATH_ENTRY);
    const top = size.inputs
      .slice(0, 8)
      .map((input) => `  ${kb(input.bytes).padStart(8)}  ${input.path}`)
      .join("\n");
    console.log(`read path: ${kb(size.min)} min, ${kb(size.gzip)} gzip; largest inputs:\n${top}`);
    expect(size.gzip).toBeLessThan(READ_PATH_BUDGET_GZIP);
  });

  it("the batteries-included entry keeps codecs and WebAssembly out of its first load", async () => {
    const size = await measureEntry(`export * from "zarrkit";`);
    console.log(
      `zarrkit entry: ${kb(size.min)} min, ${kb(size.gzip)} gzip, ${size.chunks} lazy chunks`,
    );
    // every WASM module is >20 KB of base64: none may be in the entry file
    expect(size.inputs.some((input) => input.path.endsWith(".wasm.ts"))).toBe(false);
    expect(size.chunks).toBeGreaterThan(5);
    // 88.5 KB: the pool starts its own workers (bundled file, carried blob:, inline
    // fallback), and `export *` keeps every store (S3/GCS/Azure, zip, OPFS, files), the
    // persistent cache and the viewer layer; aws4fetch loads lazily and is not counted.
    // Was 68 KB before the object stores, persistent cache and viewer layer; 85.2 KB
    // before structured dtypes, categorize and float16 rounding (issue 14).
    expect(size.gzip).toBeLessThan(90 * 1024);
  });

  it("a plain read leaves out what it does not need: send(), the persistent cache, S3 signing", async () => {
    const paths = async (entry: string) => (await measureEntry(entry)).inputs.map((i) => i.path);
    for (const path of await paths(READ_PATH_ENTRY)) {
      expect(path).not.toMatch(
        /http-send|revalidated-read|persistent-|aws4fetch|s3-|multiscale\/|schedule\/|chunk-cache\//,
      );
    }
    // zarrkit's open reaches every store through resolveStore; S3 signing still waits
    for (const path of await paths(`export { open } from "zarrkit";`)) {
      expect(path).not.toMatch(/revalidated-read|persistent-|aws4fetch/);
    }
  });

  it("tree-shakes: importing only slice() costs almost nothing", async () => {
    const size = await measureEntry(`export { slice } from "zarrkit";`);
    // zarrkit's index registers its codecs on import (its one side effect); the
    // registry and loaders stay small, the readers and stores must be dropped
    expect(size.inputs.some((input) => input.path.includes("fetch-store"))).toBe(false);
    expect(size.gzip).toBeLessThan(12 * 1024);
  });

  it(`a first Zstd read with the CDN build downloads under ${kb(CDN_FIRST_ZSTD_READ_BUDGET_GZIP)} gzip, worker and WebAssembly included`, async () => {
    const zstd = await measureCdnFirstRead("zstd", "zstd-decode");
    const blosc = await measureCdnFirstRead("blosc", "blosc-decode");
    console.log(
      `CDN first read: zstd ${kb(zstd.gzip)} (${zstd.files.length} files), blosc ${kb(blosc.gzip)} (${blosc.files.length} files)`,
    );
    // decoders only: no encoder, no other codec's WebAssembly
    for (const file of [...zstd.files, ...blosc.files])
      expect(file).not.toMatch(/encode\.wasm|lz4\.wasm|zlib\.wasm|bz2\.wasm/);
    expect(zstd.gzip).toBeLessThan(CDN_FIRST_ZSTD_READ_BUDGET_GZIP);
  });
});
