/**
 * Metadata and reference documents nested 100,000 deep fail with a typed error naming
 * the document (issue 13, item 14), not a RangeError from a stack overflow.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  MAX_JSON_DEPTH,
  MemoryStore,
  MetadataError,
  open,
  ReferenceStore,
  StoreError,
} from "./index.js";

const text = (s: string) => new TextEncoder().encode(s);
const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;
const zarray = JSON.stringify({
  zarr_format: 2,
  shape: [4],
  chunks: [2],
  dtype: "<i4",
  compressor: null,
  fill_value: 0,
  order: "C",
  filters: null,
});
const dir = mkdtempSync(join(tmpdir(), "zarrkit-deep-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("deeply nested documents", () => {
  it("a .zattrs 100,000 deep is a MetadataError", async () => {
    const store = new MemoryStore({ ".zarray": text(zarray), ".zattrs": text(deep(100_000)) });
    await expect(open(store)).rejects.toThrow(MetadataError);
  });

  it("a .zattrs as deep as allowed opens", async () => {
    const attrs = `{"a":${deep(MAX_JSON_DEPTH - 1)}}`;
    const store = new MemoryStore({ ".zarray": text(zarray), ".zattrs": text(attrs) });
    const arr = await open(store, { kind: "array" });
    expect(Object.keys(arr.attrs)).toEqual(["a"]);
  });

  it("consolidated metadata and zarr.json 100,000 deep are MetadataErrors", async () => {
    const zmetadata = `{"zarr_consolidated_format":1,"metadata":{".zgroup":{"zarr_format":2},"a/.zattrs":${deep(100_000)}}}`;
    const v2 = new MemoryStore({
      ".zgroup": text('{"zarr_format":2}'),
      ".zmetadata": text(zmetadata),
    });
    await expect(open(v2)).rejects.toThrow(MetadataError);
    const zarrJson = `{"zarr_format":3,"node_type":"group","attributes":{"x":${deep(100_000)}}}`;
    await expect(open(new MemoryStore({ "zarr.json": text(zarrJson) }))).rejects.toThrow(
      MetadataError,
    );
  });

  it("kerchunk references 100,000 deep are a StoreError", async () => {
    const file = join(dir, "refs.json");
    writeFileSync(file, `{"version":1,"refs":{"a":${deep(100_000)}}}`);
    await expect(ReferenceStore.load(file)).rejects.toThrow(StoreError);
  });
});
