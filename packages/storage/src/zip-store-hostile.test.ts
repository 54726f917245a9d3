/**
 * Zips whose central directory lies (docs/security-local.md): an entry that inflates
 * past its declared size fails as soon as it does, stored entries whose two sizes
 * disagree fail instead of reading neighbouring bytes, and entry names that are no safe
 * key are skipped and reported.
 */
import { StoreError } from "@zarrkit/core";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { SIG_CENTRAL_HEADER } from "./zip-format.js";
import { ZipStore } from "./zip-store.js";

/** A zip of `files`, deflated or stored, with central-directory sizes overwritten. */
function lyingZip(
  files: Record<string, Uint8Array>,
  level: 0 | 9,
  sizes: Record<string, { compressed?: number; uncompressed?: number }> = {},
): Uint8Array {
  const zip = zipSync(
    Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [data, { level }]])),
  );
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let p = 0; p + 46 <= zip.length; p++) {
    if (view.getUint32(p, true) !== SIG_CENTRAL_HEADER) continue;
    const nameLength = view.getUint16(p + 28, true);
    const name = new TextDecoder().decode(zip.subarray(p + 46, p + 46 + nameLength));
    const lie = sizes[name];
    if (lie?.compressed !== undefined) view.setUint32(p + 20, lie.compressed, true);
    if (lie?.uncompressed !== undefined) view.setUint32(p + 24, lie.uncompressed, true);
  }
  return zip;
}

describe("ZipStore with a lying central directory", () => {
  it("fails when a deflated entry inflates past its declared size", async () => {
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const store = new ZipStore(lyingZip({ c: zeros }, 9, { c: { uncompressed: 100 } }));
    await expect(store.get("c")).rejects.toThrow(/inflates past its declared 100 bytes/);
    await expect(store.getRange("c", { offset: 0, length: 10 })).rejects.toBeInstanceOf(StoreError);
  });

  it("fails before allocating a size no deflate stream of that length can hold", async () => {
    const store = new ZipStore(
      lyingZip({ c: new Uint8Array(10) }, 9, { c: { uncompressed: 0xfffffff0 } }),
    );
    await expect(store.get("c")).rejects.toThrow(/claims 4294967280 bytes/);
  });

  it("fails when a stored entry's two sizes disagree", async () => {
    const data = new Uint8Array(10).fill(7);
    const zip = lyingZip({ a: data, b: new Uint8Array(10).fill(9) }, 0, {
      a: { uncompressed: 20 },
    });
    const store = new ZipStore(zip);
    await expect(store.getRange("a", { offset: 0, length: 20 })).rejects.toThrow(
      /stored entry "a" has 10 bytes of data but declares 20/,
    );
    await expect(store.get("a")).rejects.toBeInstanceOf(StoreError);
    expect(await store.get("b")).toEqual(new Uint8Array(10).fill(9));
  });

  it("fails when an entry's data would run past the end of the zip", async () => {
    const data = new Uint8Array(10).fill(7);
    const store = new ZipStore(
      lyingZip({ a: data }, 0, { a: { compressed: 1_000_000, uncompressed: 1_000_000 } }),
    );
    await expect(store.get("a")).rejects.toThrow(/claims 1000000 bytes at offset 0, past the end/);
    await expect(store.getRange("a", { suffixLength: 4 })).rejects.toThrow(/past the end/);
  });

  it("skips and reports entry names that are no safe key", async () => {
    const ok = new TextEncoder().encode('{"zarr_format":2}');
    const zip = lyingZip({ ".zgroup": ok, "../evil": ok, "a//b": ok, "/abs": ok }, 0);
    const store = new ZipStore(zip);
    expect(await store.listDir("")).toEqual({ keys: [".zgroup"], prefixes: [] });
    expect([...(await store.skippedEntries())].sort()).toEqual(["../evil", "/abs", "a//b"]);
  });
});
