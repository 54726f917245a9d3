/**
 * The write path into a zip: core's create + set through ZipWriterStore (whole chunks,
 * read-modify-write of partial chunks, fill-value chunks deleted), then the finished
 * zip read by zarr-python 2.13's zarr.ZipStore and by our own ZipStore.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { registerPureCodecs } from "@zarrkit/codecs";
import {
  CodecRegistry,
  create,
  createGroup,
  NodeExistsError,
  open,
  registerShardingCodec,
  slice,
} from "@zarrkit/core";
import { ZipStore, ZipWriterStore } from "@zarrkit/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zarrkit-zip-write-path-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("core write path into ZipWriterStore", () => {
  it("writes a v2 group and array that zarr-python reads from the zip", async () => {
    const registry = registerPureCodecs(registerShardingCodec(new CodecRegistry()));
    const path = join(dir, "core-write.zip");
    const store = await ZipWriterStore.toFile(path);
    await createGroup(store, { zarrFormat: 2, attributes: { title: "t" } });
    const array = await create(store, {
      path: "temps",
      zarrFormat: 2,
      shape: [5, 6],
      chunks: [2, 4],
      dtype: "<f8",
      compressor: { id: "zlib", level: 1 },
      fillValue: 0,
      registry,
    });
    const values = Float64Array.from({ length: 30 }, (_, i) => (i % 7 === 0 ? 0 : i + 0.5));
    await array.set(null, values);
    await array.set([slice(1, 3), slice(2, 5)], -1); // partial chunks: read-modify-write
    await array.set([slice(4, 5), null], 0); // the last row becomes fill: its chunks go
    // a second array at the same path is refused
    const again = create(store, {
      path: "temps",
      zarrFormat: 2,
      shape: [1],
      dtype: "uint8",
      compressor: null,
      registry,
    });
    await expect(again).rejects.toThrow(NodeExistsError);
    await store.close();

    const expected = Array.from({ length: 5 }, (_, r) =>
      Array.from({ length: 6 }, (_, c) =>
        r === 4 ? 0 : r >= 1 && r < 3 && c >= 2 && c < 5 ? -1 : values[r * 6 + c],
      ),
    );
    const script = `
import sys, json, zarr
g = zarr.open_group(zarr.ZipStore(sys.argv[1], mode="r"), mode="r")
print(json.dumps({"attrs": dict(g.attrs), "values": g["temps"][:].tolist(),
                  "keys": sorted(g.store.keys())}))
`;
    const result = JSON.parse(
      execFileSync("/usr/bin/python3", ["-c", script, path], { encoding: "utf8" }),
    ) as { attrs: unknown; values: number[][]; keys: string[] };
    expect(result.attrs).toEqual({ title: "t" });
    expect(result.values).toEqual(expected);
    expect(result.keys).toEqual([
      ".zattrs",
      ".zgroup",
      "temps/.zarray",
      "temps/0.0",
      "temps/0.1",
      "temps/1.0",
      "temps/1.1",
    ]);

    const reread = await open(ZipStore.fromFile(path, { verifyChecksums: true }), {
      kind: "array",
      path: "temps",
      registry,
    });
    const { data } = await reread.get();
    expect(Array.from(data as Float64Array)).toEqual(expected.flat());
  });
});
