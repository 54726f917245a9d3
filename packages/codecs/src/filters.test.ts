import {
  type ArrayToArrayCodec,
  type ChunkData,
  CodecError,
  type CodecFactory,
  CorruptChunkError,
  type TypedArray,
} from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { asTypeFactory } from "./astype.js";
import { bitRoundFactory } from "./bitround.js";
import { bytesOf } from "./byte-order.js";
import { categorizeFactory } from "./categorize.js";
import { deltaFactory } from "./delta.js";
import { fixedScaleOffsetFactory } from "./fixed-scale-offset.js";
import { packBitsFactory } from "./packbits.js";
import { quantizeFactory } from "./quantize.js";
import { type ShuffleCodec, shuffleFactory } from "./shuffle.js";
import {
  type ArrayVector,
  arrayOf,
  fromHex,
  loadVectors,
  make,
  spec,
  toHex,
  v2DataType,
} from "./vectors.test-util.js";

const FACTORIES: Record<string, CodecFactory> = {
  "numcodecs.delta": deltaFactory,
  "numcodecs.fixedscaleoffset": fixedScaleOffsetFactory,
  "numcodecs.quantize": quantizeFactory,
  "numcodecs.astype": asTypeFactory,
  "numcodecs.packbits": packBitsFactory,
  "numcodecs.bitround": bitRoundFactory,
  "numcodecs.categorize": categorizeFactory,
};

const vectors = loadVectors();
const hexOf = (d: ChunkData) => toHex(bytesOf(d as TypedArray));

describe("array filters against numcodecs", () => {
  for (const v of vectors.filters as {
    codec: string;
    configuration: Record<string, unknown>;
    input: ArrayVector;
    encoded: ArrayVector;
    decoded: ArrayVector;
  }[]) {
    it(`${v.codec} ${JSON.stringify(v.configuration)} on ${v.input.dtype}[${v.input.shape}]`, async () => {
      const input = arrayOf(v.input);
      const codec = await make<ArrayToArrayCodec>(FACTORIES[v.codec], v.configuration, input.spec);
      const encSpec = codec.encodedSpec(input.spec);
      // numcodecs' bitround returns an integer view of the same bytes; ours stays float
      const bitround = v.codec === "numcodecs.bitround";
      const encodedVector = bitround ? { ...v.encoded, dtype: v.input.dtype } : v.encoded;
      expect(encSpec.dataType).toEqual(v2DataType(encodedVector.dtype));
      expect(encSpec.shape).toEqual(v.encoded.shape);
      const enc = await codec.encode({ data: input.data, shape: input.spec.shape }, input.spec);
      const expected = arrayOf(encodedVector);
      expect(enc.data).toBeInstanceOf(expected.data.constructor);
      expect(hexOf(enc.data)).toBe(hexOf(expected.data));
      const dec = await codec.decode({ data: expected.data, shape: v.encoded.shape }, input.spec);
      expect(dec.shape).toEqual(v.input.shape);
      expect(hexOf(dec.data)).toBe(hexOf(arrayOf(v.decoded).data));
    });
  }

  for (const v of vectors.categorize) {
    it(`numcodecs.categorize ${JSON.stringify(v.configuration)}`, async () => {
      const s = spec(v2DataType(v.configuration.dtype), [v.values.length]);
      const codec = await make<ArrayToArrayCodec>(categorizeFactory, v.configuration, s);
      expect(codec.encodedSpec(s).dataType.name).toBe(v2DataType(v.encoded.dtype).name);
      const enc = await codec.encode({ data: v.values, shape: s.shape }, s);
      const expected = arrayOf(v.encoded);
      expect(hexOf(enc.data)).toBe(hexOf(expected.data));
      expect((await codec.decode(enc, s)).data).toEqual(v.decoded);
    });
  }
});

describe("shuffle against numcodecs", () => {
  for (const v of vectors.bytes_to_bytes.filter(
    (x: { codec: string }) => x.codec === "numcodecs.shuffle",
  )) {
    it(`elementsize ${v.configuration.elementsize}`, async () => {
      const codec = await make<ShuffleCodec>(shuffleFactory, v.configuration);
      expect(toHex(codec.encode(fromHex(v.input)))).toBe(v.encoded);
      expect(toHex(codec.decode(fromHex(v.encoded)))).toBe(v.input);
    });
  }

  it("rejects sizes that are not a multiple of elementsize", async () => {
    const codec = await make<ShuffleCodec>(shuffleFactory, { elementsize: 4 });
    expect(() => codec.decode(new Uint8Array(6))).toThrow(CorruptChunkError);
    expect(() => codec.encode(new Uint8Array(6))).toThrow(CodecError);
    expect(codec.elementSize).toBe(4);
    expect((await make<ShuffleCodec>(shuffleFactory, {})).elementSize).toBe(4);
    await expect(make(shuffleFactory, { elementsize: -1 })).rejects.toThrow(/numcodecs.shuffle/);
  });
});

describe("filter errors", () => {
  const s16 = spec(v2DataType("<i2"), [4]);

  it("reject bad configurations with a CodecError naming the codec", async () => {
    const bad: [CodecFactory, Record<string, unknown>, RegExp][] = [
      [deltaFactory, {}, /numcodecs.delta.*"dtype"/],
      [deltaFactory, { dtype: "<x9" }, /unsupported dtype/],
      [deltaFactory, { dtype: "|b1", astype: "<f4" }, /bool delta needs a bool astype/],
      [fixedScaleOffsetFactory, { dtype: "<f8", scale: 0, offset: 0 }, /"scale"/],
      [fixedScaleOffsetFactory, { dtype: "<f8", scale: 1 }, /"offset"/],
      [quantizeFactory, { digits: 2, dtype: "<i4" }, /unsupported dtype/],
      [quantizeFactory, { dtype: "<f4" }, /"digits"/],
      [asTypeFactory, { encode_dtype: "<i2" }, /"decode_dtype"/],
      [asTypeFactory, { encode_dtype: "<c8", decode_dtype: "<f4" }, /cannot convert/],
      [categorizeFactory, { labels: [1], dtype: "|O" }, /"labels"/],
      [categorizeFactory, { labels: ["a"], dtype: "<i4" }, /"dtype"/],
      [categorizeFactory, { labels: ["a"], dtype: "|O", astype: "<f4" }, /unsupported dtype/],
      [bitRoundFactory, { keepbits: -1 }, /"keepbits"/],
    ];
    for (const [factory, config, message] of bad) {
      const attempt = make(factory, config, s16);
      await expect(attempt).rejects.toThrow(CodecError);
      await expect(make(factory, config, s16)).rejects.toThrow(message);
    }
  });

  it("reject chunks of the wrong type", async () => {
    const delta = await make<ArrayToArrayCodec>(deltaFactory, { dtype: "<i2" }, s16);
    expect(() => delta.encode({ data: new Int32Array(4), shape: [4] }, s16)).toThrow(CodecError);
    const round = await make<ArrayToArrayCodec>(bitRoundFactory, { keepbits: 30 }, s16);
    const f4 = spec("float32", [1]);
    expect(() => round.encode({ data: new Float32Array(1), shape: [1] }, f4)).toThrow(
      /keepbits 30/,
    );
    expect(() => round.encode({ data: new Int16Array(4), shape: [4] }, s16)).toThrow(CodecError);
  });

  it("packbits rejects a packed chunk that does not fit the shape", async () => {
    const b = spec("bool", [9]);
    const codec = await make<ArrayToArrayCodec>(packBitsFactory, {}, b);
    expect(() => codec.decode({ data: new Uint8Array([6, 0, 0]), shape: [3] }, b)).toThrow(
      CorruptChunkError,
    );
    expect(() => codec.decode({ data: new Uint8Array([7, 0]), shape: [2] }, b)).toThrow(
      CorruptChunkError,
    );
  });

  it("delta wraps integer differences as numpy does", async () => {
    const u8 = spec("uint8", [3]);
    const codec = await make<ArrayToArrayCodec>(deltaFactory, { dtype: "|u1" }, u8);
    const enc = await codec.encode({ data: new Uint8Array([250, 3, 255]), shape: [3] }, u8);
    expect(Array.from(enc.data as Uint8Array)).toEqual([250, 9, 252]);
    expect(Array.from((await codec.decode(enc, u8)).data as Uint8Array)).toEqual([250, 3, 255]);
  });
});

describe("float16 filters", () => {
  it("astype to float16 rounds like numpy", async () => {
    const s = spec(v2DataType("<f8"), [3]);
    const codec = await make<ArrayToArrayCodec>(
      asTypeFactory,
      { encode_dtype: "<f2", decode_dtype: "<f8" },
      s,
    );
    const enc = await codec.encode(
      { data: new Float64Array([1 + 2 ** -11, 70000, 0.1]), shape: [3] },
      s,
    );
    expect(Array.from(enc.data as Float32Array)).toEqual([
      1,
      Number.POSITIVE_INFINITY,
      0.0999755859375,
    ]);
  });

  it("bitround works on float16 values", async () => {
    const s = spec("float16", [2]);
    const codec = await make<ArrayToArrayCodec>(bitRoundFactory, { keepbits: 2 }, s);
    const enc = await codec.encode({ data: new Float32Array([1.1875, 1.3125]), shape: [2] }, s);
    expect(Array.from(enc.data as Float32Array)).toEqual([1.25, 1.25]);
  });
});
