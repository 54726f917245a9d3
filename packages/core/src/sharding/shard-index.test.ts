import { describe, expect, it } from "vitest";
import type { CodecMetadata } from "../codec.js";
import { getCodecPipeline } from "../codec-pipeline.js";
import { CorruptChunkError } from "../errors.js";
import {
  decodeShardIndex,
  encodeShardIndex,
  indexBytesOf,
  indexRange,
  ShardIndex,
} from "./shard-index.js";
import { LruIndexCache } from "./shard-index-cache.js";
import { registry } from "./sharding.test-util.js";
import { DEFAULT_INDEX_CODECS, parseShardingConfig, shardLayout } from "./sharding-config.js";

const u16 = { name: "uint16", itemSize: 2, endian: "none" } as const;

function layoutFor(indexCodecs: readonly CodecMetadata[] = DEFAULT_INDEX_CODECS) {
  const config = parseShardingConfig(
    { chunk_shape: [2, 2], codecs: [{ name: "bytes" }], index_codecs: indexCodecs },
    [4, 6],
    "test",
  );
  return shardLayout(config, { shape: [4, 6], dataType: u16, fillValue: 0 });
}

async function pipelineFor(indexCodecs: readonly CodecMetadata[] = DEFAULT_INDEX_CODECS) {
  const layout = layoutFor(indexCodecs);
  const pipeline = await getCodecPipeline(indexCodecs, layout.indexSpec, { registry });
  return { layout, pipeline };
}

describe("shard index", () => {
  it("has 6 chunks, 16 bytes each plus a crc32c", async () => {
    const { layout, pipeline } = await pipelineFor();
    expect(layout.chunksPerShard).toEqual([2, 3]);
    expect(layout.chunkCount).toBe(6);
    expect(layout.indexSpec.shape).toEqual([2, 3, 2]);
    expect(pipeline.encodedSize(layout.indexSpec)).toBe(6 * 16 + 4);
  });

  it("round-trips offsets, lengths and empty chunks", async () => {
    const { layout, pipeline } = await pipelineFor();
    const entries = Float64Array.from([0, 10, -1, -1, 10, 5, 15, 0, -1, -1, 2 ** 40, 7]);
    const bytes = await encodeShardIndex(new ShardIndex(entries), pipeline, layout);
    expect(bytes.length).toBe(100);
    // little-endian uint64 pairs; an empty chunk is 2^64-1 twice
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getBigUint64(8, true)).toBe(10n);
    expect(view.getBigUint64(16, true)).toBe(2n ** 64n - 1n);
    expect(view.getBigUint64(24, true)).toBe(2n ** 64n - 1n);
    const index = await decodeShardIndex(bytes, pipeline, layout, "chunk c/0");
    expect(Array.from(index.entries)).toEqual(Array.from(entries));
    expect(index.isEmpty(1)).toBe(true);
    expect(index.isEmpty(3)).toBe(false); // a zero-length chunk is not empty
    expect(index.range(5)).toEqual({ offset: 2 ** 40, length: 7 });
    expect(index.dataBytes).toBe(10 + 5 + 0 + 7);
    expect(index.allEmpty).toBe(false);
    expect(ShardIndex.empty(6).allEmpty).toBe(true);
  });

  it("honours big-endian index codecs", async () => {
    const codecs = [{ name: "bytes", configuration: { endian: "big" } }];
    const { layout, pipeline } = await pipelineFor(codecs);
    const entries = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const bytes = await encodeShardIndex(new ShardIndex(entries), pipeline, layout);
    expect(bytes.length).toBe(96);
    expect(new DataView(bytes.buffer).getBigUint64(0, false)).toBe(1n);
    const index = await decodeShardIndex(bytes, pipeline, layout, "x");
    expect(Array.from(index.entries)).toEqual(Array.from(entries));
  });

  it("rejects a bad checksum with CorruptChunkError naming the shard", async () => {
    const { layout, pipeline } = await pipelineFor();
    const bytes = await encodeShardIndex(ShardIndex.empty(6), pipeline, layout);
    bytes[3] ^= 1;
    const error = await decodeShardIndex(bytes, pipeline, layout, "array 'a' chunk a/c/1/2").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CorruptChunkError);
    expect((error as Error).message).toMatch(/shard index of array 'a' chunk a\/c\/1\/2.*checksum/);
  });

  it("rejects half-empty entries and offsets beyond 2^53", async () => {
    const { layout, pipeline } = await pipelineFor([
      { name: "bytes", configuration: { endian: "little" } },
    ]);
    const raw = new BigUint64Array(12);
    raw[0] = 2n ** 64n - 1n; // offset empty, length 0: not a valid entry
    const bytes = new Uint8Array(raw.buffer);
    await expect(decodeShardIndex(bytes, pipeline, layout, "s")).rejects.toThrow(CorruptChunkError);
    raw[0] = 2n ** 60n;
    await expect(decodeShardIndex(bytes, pipeline, layout, "s")).rejects.toThrow(
      /beyond any shard/,
    );
  });

  it("checks chunks lie inside the shard and outside the index", () => {
    const index = new ShardIndex(
      Float64Array.from([0, 10, 10, 10, -1, -1, -1, -1, -1, -1, -1, -1]),
    );
    expect(() => index.checkBounds(120, 100, "end", "s")).not.toThrow();
    expect(() => index.checkBounds(119, 100, "end", "s")).toThrow(CorruptChunkError);
    expect(() => index.checkBounds(125, 100, "start", "s")).toThrow(
      /outside the chunk data \[100, 125\)/,
    );
    const atStart = new ShardIndex(
      Float64Array.from([100, 10, 110, 10, -1, -1, -1, -1, -1, -1, -1, -1]),
    );
    expect(() => atStart.checkBounds(120, 100, "start", "s")).not.toThrow();
  });

  it("finds the index inside a shard", () => {
    const shard = Uint8Array.from({ length: 10 }, (_, i) => i);
    expect(Array.from(indexBytesOf(shard, 3, "end", "s"))).toEqual([7, 8, 9]);
    expect(Array.from(indexBytesOf(shard, 3, "start", "s"))).toEqual([0, 1, 2]);
    expect(() => indexBytesOf(shard, 11, "end", "array 'a' chunk c/0")).toThrow(
      /chunk c\/0 is a shard of 10 bytes, shorter than its 11-byte index/,
    );
    expect(indexRange(100, "end")).toEqual({ suffixLength: 100 });
    expect(indexRange(100, "start")).toEqual({ offset: 0, length: 100 });
  });
});

describe("LruIndexCache", () => {
  it("evicts the least recently used index", () => {
    const cache = new LruIndexCache(2);
    const a = ShardIndex.empty(1);
    const b = ShardIndex.empty(1);
    const c = ShardIndex.empty(1);
    cache.set("a", a).set("b", b);
    expect(cache.get("a")).toBe(a); // a is now the most recent
    cache.set("c", c);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(a);
    expect(cache.get("c")).toBe(c);
    expect(cache.size).toBe(2);
    cache.delete("a");
    expect(cache.get("a")).toBeUndefined();
    expect(() => new LruIndexCache(-1)).toThrow(RangeError);
  });
});
