import { describe, expect, it } from "vitest";
import type { ChunkSpec, CodecMetadata } from "../codec.js";
import { getCodecPipeline } from "../codec-pipeline.js";
import { CodecRegistry } from "../codec-registry.js";
import { type ChunkData, type DataTypeName, dataTypeFromName } from "../data-type.js";
import { CorruptChunkError, MetadataError, UnknownCodecError } from "../errors.js";
import { registry, sharding } from "./sharding.test-util.js";
import { type ShardingCodec, shardingFactory } from "./sharding-codec.js";

const BYTES: CodecMetadata = { name: "bytes", configuration: { endian: "little" } };
const GZIP: CodecMetadata = { name: "gzip", configuration: { level: 1 } };

function specOf(
  dtype: DataTypeName,
  shape: number[],
  fillValue: ChunkSpec["fillValue"] = 0,
): ChunkSpec {
  return { shape, dataType: dataTypeFromName(dtype), fillValue };
}

async function codecOf(codec: CodecMetadata, spec: ChunkSpec): Promise<ShardingCodec> {
  const made = await shardingFactory(codec.configuration ?? {}, spec, {
    where: "test array",
    createPipeline: (codecs, s) => getCodecPipeline(codecs, s, { registry, where: "test array" }),
  });
  return made as ShardingCodec;
}

async function roundTrip(codecs: CodecMetadata[], spec: ChunkSpec, data: ChunkData) {
  const pipeline = await getCodecPipeline(codecs, spec, { registry });
  const bytes = await pipeline.encode({ data, shape: spec.shape }, spec);
  const back = await pipeline.decode(bytes, spec);
  return { bytes, back };
}

describe("sharding_indexed codec", () => {
  it("round-trips a shard, index at the end (default) and at the start", async () => {
    const spec = specOf("int16", [4, 6]);
    const data = Int16Array.from({ length: 24 }, (_, i) => i - 5);
    for (const location of ["end", "start"] as const) {
      const codec = sharding([2, 3], [BYTES], { index_location: location });
      const { bytes, back } = await roundTrip([codec], spec, data);
      // 4 inner chunks of 6 int16 + index of 4 * 16 bytes + crc32c
      expect(bytes.length).toBe(4 * 12 + 4 * 16 + 4);
      expect(Array.from(back.data as Int16Array)).toEqual(Array.from(data));
      // the first inner chunk (rows 0-1, cols 0-2) sits right after / before the index
      const first = location === "end" ? 0 : 68;
      expect(Array.from(new Int16Array(bytes.slice(first, first + 12).buffer))).toEqual([
        -5, -4, -3, 1, 2, 3,
      ]);
    }
  });

  it("round-trips compressed inner chunks of several data types", async () => {
    const cases: [DataTypeName, ChunkData, ChunkSpec["fillValue"]][] = [
      ["uint8", Uint8Array.from({ length: 48 }, (_, i) => i * 3), 0],
      [
        "float64",
        Float64Array.from({ length: 48 }, (_, i) => (i % 5 === 0 ? Number.NaN : i / 7)),
        Number.NaN,
      ],
      ["int64", BigInt64Array.from({ length: 48 }, (_, i) => BigInt(i) - 2n ** 40n), 0n],
      ["complex64", Float32Array.from({ length: 96 }, (_, i) => i / 2), [0, 0]],
      ["bool", Uint8Array.from({ length: 48 }, (_, i) => (i % 3 === 0 ? 1 : 0)), 0],
    ];
    for (const [dtype, data, fill] of cases) {
      const spec = specOf(dtype, [4, 12], fill);
      const { back } = await roundTrip([sharding([2, 4], [BYTES, GZIP])], spec, data);
      expect(Array.from(back.data as ArrayLike<unknown>), dtype).toEqual(
        Array.from(data as ArrayLike<unknown>),
      );
    }
  });

  it("leaves out inner chunks equal to the fill value and reads them back as fill", async () => {
    const spec = specOf("float32", [4, 4], 7);
    const data = new Float32Array(16).fill(7);
    data[0] = 1; // only inner chunk 0 (rows 0-1, cols 0-1) differs from the fill
    const { bytes, back } = await roundTrip([sharding([2, 2])], spec, data);
    expect(bytes.length).toBe(16 + 4 * 16 + 4);
    expect(Array.from(back.data as Float32Array)).toEqual(Array.from(data));
  });

  it("reports an all-fill shard as undefined, and encodes it as an empty index", async () => {
    const spec = specOf("float64", [4, 4], Number.NaN);
    const codec = await codecOf(sharding([2, 2]), spec);
    const chunk = { data: new Float64Array(16).fill(Number.NaN), shape: [4, 4] };
    expect(await codec.encodeShard(chunk, spec)).toBeUndefined();
    const bytes = await codec.encode(chunk, spec);
    expect(bytes.length).toBe(codec.indexSize);
    const back = await codec.decode(bytes, spec);
    expect(Array.from(back.data as Float64Array).every(Number.isNaN)).toBe(true);
    const index = await codec.readIndex(bytes, spec);
    expect(index.allEmpty).toBe(true);
  });

  it("nests: inner chunks that are themselves shards", async () => {
    const spec = specOf("uint16", [8, 8]);
    const data = Uint16Array.from({ length: 64 }, (_, i) => (i < 16 ? 0 : i * 11));
    const inner = sharding([2, 2], [BYTES, GZIP], { index_location: "start" });
    const { back } = await roundTrip([sharding([4, 4], [inner])], spec, data);
    expect(Array.from(back.data as Uint16Array)).toEqual(Array.from(data));
  });

  it("works after an array->array codec (transpose) and before bytes->bytes codecs", async () => {
    const spec = specOf("int32", [4, 6]);
    const data = Int32Array.from({ length: 24 }, (_, i) => i * 1000);
    const codecs = [
      { name: "transpose", configuration: { order: [1, 0] } },
      sharding([3, 2], [BYTES]),
      { name: "crc32c" },
    ];
    const { back } = await roundTrip(codecs, spec, data);
    expect(Array.from(back.data as Int32Array)).toEqual(Array.from(data));
  });

  it("validates its configuration", async () => {
    const spec = specOf("int16", [4, 6]);
    const bad: [Record<string, unknown>, RegExp][] = [
      [
        { chunk_shape: [3, 3], codecs: [BYTES] },
        /not divisible by its "chunk_shape" \[3,3\] \(dimension 0\)/,
      ],
      [{ chunk_shape: [2], codecs: [BYTES] }, /has 1 dimensions, the shard shape \[4,6\] has 2/],
      [{ chunk_shape: [2, 0], codecs: [BYTES] }, /chunk_shape/],
      [{ chunk_shape: [2, 3] }, /"codecs"/],
      [
        { chunk_shape: [2, 3], codecs: [BYTES], index_location: "middle" },
        /"index_location".*"middle"/,
      ],
      [{ chunk_shape: [2, 3], codecs: [BYTES], index_codecs: [BYTES, GZIP] }, /fixed-size output/],
      [{ chunk_shape: [2, 3], codecs: [BYTES], extra: 1 }, /unknown option "extra"/],
    ];
    for (const [configuration, message] of bad) {
      const error = await codecOf({ name: "sharding_indexed", configuration }, spec).catch(
        (e: unknown) => e,
      );
      expect(error, JSON.stringify(configuration)).toBeInstanceOf(MetadataError);
      expect((error as Error).message).toMatch(message);
    }
    // inner codecs come from the same registry
    const error = await codecOf(sharding([2, 3], [BYTES, { name: "nope" }]), spec).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnknownCodecError);
  });

  it("rejects corrupt shards with CorruptChunkError", async () => {
    const spec = specOf("int16", [4, 6]);
    const codec = await codecOf(sharding([2, 3], [BYTES]), spec);
    const data = Int16Array.from({ length: 24 }, (_, i) => i);
    const good = await codec.encode({ data, shape: [4, 6] }, spec);
    // bad checksum of the index
    const badCrc = good.slice();
    badCrc[badCrc.length - 1] ^= 0xff;
    await expect(codec.decode(badCrc, spec)).rejects.toThrow(/checksum/);
    await expect(codec.decode(badCrc, spec)).rejects.toBeInstanceOf(CorruptChunkError);
    // truncated: shorter than the index, and cut inside the chunk data
    await expect(codec.decode(good.subarray(0, 20), spec)).rejects.toThrow(
      /shorter than its 68-byte index/,
    );
    // 48 bytes of chunk data, then the index: drop the last 4 data bytes, keep the index
    const cut = new Uint8Array(good.length - 4);
    cut.set(good.subarray(0, 44));
    cut.set(good.subarray(48), 44);
    await expect(codec.decode(cut, spec)).rejects.toThrow(
      /inner chunk 3 at bytes \[36, 48\) is outside the chunk data \[0, 44\)/,
    );
  });

  it("is in the default registry; other registries need registerShardingCodec", async () => {
    const { defaultCodecRegistry } = await import("../codec-registry.js");
    expect(defaultCodecRegistry.has("sharding_indexed")).toBe(true);
    expect(new CodecRegistry().has("sharding_indexed")).toBe(false);
  });
});
