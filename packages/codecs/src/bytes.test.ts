import {
  CodecError,
  CorruptChunkError,
  type NumericDataTypeName,
  typedArrayConstructor,
} from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { type BytesCodec, bytesFactory, endianFactory } from "./bytes.js";
import {
  type ArrayVector,
  fromHex,
  loadVectors,
  make,
  spec,
  toHex,
  v2DataType,
  vectorValue,
} from "./vectors.test-util.js";

const vectors = loadVectors();

describe("bytes codec against numpy", () => {
  for (const v of vectors.bytes as {
    name: NumericDataTypeName;
    endian: "little" | "big";
    array: ArrayVector;
    values: unknown[];
  }[]) {
    it(`${v.array.dtype} (${v.name}, ${v.endian})`, async () => {
      const s = spec(v.name, [v.array.shape[0]]);
      const codec = await make<BytesCodec>(bytesFactory, { endian: v.endian }, s);
      const stored = fromHex(v.array.hex);
      const decoded = codec.decode(stored.slice(), s);
      const expected = v.values.map(vectorValue).map((x) => (typeof x === "boolean" ? +x : x));
      expect(Array.from(decoded.data as ArrayLike<unknown>)).toEqual(expected);
      expect(decoded.data).toBeInstanceOf(typedArrayConstructor(v.name));
      expect(toHex(codec.encode(decoded, s))).toBe(v.array.hex);
      expect(codec.encodedSize(s)).toBe(stored.length);
    });
  }
});

describe("bytes codec decoding", () => {
  it("returns a view on aligned native-order input, a copy otherwise", async () => {
    const s = spec("int32", [4]);
    const codec = await make<BytesCodec>(bytesFactory, { endian: "little" }, s);
    const buf = new Uint8Array(20);
    new Int32Array(buf.buffer, 4, 4).set([1, -2, 3, 4]);
    const aligned = codec.decode(buf.subarray(4), s).data as Int32Array;
    expect(aligned.buffer).toBe(buf.buffer);
    expect(Array.from(aligned)).toEqual([1, -2, 3, 4]);
    const odd = new Uint8Array(17);
    odd.set(buf.subarray(4, 20), 1);
    const copied = codec.decode(odd.subarray(1), s).data as Int32Array;
    expect(copied.buffer).not.toBe(odd.buffer);
    expect(Array.from(copied)).toEqual([1, -2, 3, 4]);
  });

  it("normalises bool bytes to 0/1", async () => {
    const s = spec("bool", [3]);
    const codec = await make<BytesCodec>(bytesFactory, {}, s);
    expect(Array.from(codec.decode(new Uint8Array([0, 2, 255]), s).data as Uint8Array)).toEqual([
      0, 1, 1,
    ]);
    expect(Array.from(codec.encode({ data: new Uint8Array([0, 7, 1]), shape: [3] }, s))).toEqual([
      0, 1, 1,
    ]);
  });

  it("decodes and encodes complex as interleaved pairs", async () => {
    const s = spec("complex64", [2]);
    const codec = await make<BytesCodec>(bytesFactory, { endian: "big" }, s);
    const data = new Float32Array([1, -2, 3.5, 0]);
    const bytes = codec.encode({ data, shape: [2] }, s);
    expect(bytes.length).toBe(16);
    expect(new DataView(bytes.buffer).getFloat32(4, false)).toBe(-2);
    expect(Array.from(codec.decode(bytes, s).data as Float32Array)).toEqual([1, -2, 3.5, 0]);
  });

  it("rejects a chunk of the wrong length", async () => {
    const s = spec("int16", [4]);
    const codec = await make<BytesCodec>(bytesFactory, { endian: "little" }, s);
    expect(() => codec.decode(new Uint8Array(7), s)).toThrow(CorruptChunkError);
    expect(() => codec.encode({ data: new Int16Array(3), shape: [3] }, s)).toThrow(CodecError);
    expect(() => codec.encode({ data: new Int32Array(4), shape: [4] }, s)).toThrow(CodecError);
  });

  it("needs an endian for multi-byte types unless the data type has one", async () => {
    const s = spec("float32", [1]);
    const codec = await make<BytesCodec>(bytesFactory, {}, s);
    expect(() => codec.decode(new Uint8Array(4), s)).toThrow(/"endian" is required/);
    const v2 = spec(v2DataType(">f4"), [1]);
    expect(codec.decode(new Uint8Array([0x3f, 0x80, 0, 0]), v2).data).toEqual(
      new Float32Array([1]),
    );
    const u8 = spec("uint8", [2]);
    expect(codec.decode(new Uint8Array([1, 2]), u8).data).toEqual(new Uint8Array([1, 2]));
  });

  it("validates its configuration", async () => {
    await expect(make(bytesFactory, { endian: "middle" })).rejects.toThrow(CodecError);
    await expect(make(bytesFactory, { endian: "middle" })).rejects.toThrow(
      /codec "bytes" in array 'test'.*"endian"/,
    );
    const alias = await make<BytesCodec>(endianFactory, { endian: "big" });
    expect(alias.name).toBe("endian");
  });

  it("refuses variable-length strings", async () => {
    const s = spec("string", [1]);
    const codec = await make<BytesCodec>(bytesFactory, {}, s);
    expect(() => codec.decode(new Uint8Array(4), s)).toThrow(/vlen/);
    expect(codec.encodedSize(s)).toBeUndefined();
  });
});

describe("bytes codec float16", () => {
  it("rounds float32 to half exactly as numpy", async () => {
    const v = vectors.float32_to_float16;
    const input = new Float32Array(fromHex(v.input.hex).buffer);
    const s = spec("float16", [input.length]);
    const codec = await make<BytesCodec>(bytesFactory, { endian: "little" }, s);
    expect(toHex(codec.encode({ data: input, shape: [input.length] }, s))).toBe(v.output.hex);
    const be = await make<BytesCodec>(bytesFactory, { endian: "big" }, s);
    const bytes = be.encode({ data: input, shape: [input.length] }, s);
    const back = be.decode(bytes, s).data as Float32Array;
    const le = codec.decode(fromHex(v.output.hex), s).data as Float32Array;
    expect(Array.from(back)).toEqual(Array.from(le));
  });
});

describe("bytes codec fixed-width strings", () => {
  for (const v of vectors.fixed_strings as {
    dtype: string;
    values: string[];
    array: ArrayVector;
  }[]) {
    it(v.dtype, async () => {
      const s = spec(v2DataType(v.dtype), [v.values.length]);
      const codec = await make<BytesCodec>(bytesFactory, {}, s);
      const decoded = codec.decode(fromHex(v.array.hex), s);
      // numpy strips trailing NULs only; "x\0y" keeps its inner NUL
      expect(decoded.data).toEqual(v.values);
      expect(toHex(codec.encode(decoded, s))).toBe(v.array.hex);
    });
  }

  it("rejects strings too long for the field", async () => {
    const u = spec(v2DataType("<U2"), [1]);
    const codec = await make<BytesCodec>(bytesFactory, {}, u);
    expect(() => codec.encode({ data: ["abc"], shape: [1] }, u)).toThrow(
      /longer than 2 characters/,
    );
    const b = spec(v2DataType("|S2"), [1]);
    expect(() => codec.encode({ data: ["é!"], shape: [1] }, b)).toThrow(/longer than 2 bytes/);
  });

  it("decodes non-UTF-8 |S bytes as Latin-1", async () => {
    const b = spec(v2DataType("|S3"), [1]);
    const codec = await make<BytesCodec>(bytesFactory, {}, b);
    expect(codec.decode(new Uint8Array([0xe9, 0x41, 0]), b).data).toEqual(["éA"]);
  });
});
