import { CodecError, CorruptChunkError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { type Json2Codec, json2Factory } from "./json2.js";
import { fromHex, loadVectors, make, spec, toHex } from "./vectors.test-util.js";
import { numcodecsVlenBytesFactory, type VlenBytesCodec, vlenBytesFactory } from "./vlen-bytes.js";
import { numcodecsVlenUtf8Factory, type VlenUtf8Codec, vlenUtf8Factory } from "./vlen-utf8.js";

const vectors = loadVectors();

describe("vlen-utf8", () => {
  it("encodes and decodes exactly as numcodecs' VLenUTF8", async () => {
    const v = vectors.vlen_utf8;
    for (const factory of [vlenUtf8Factory, numcodecsVlenUtf8Factory]) {
      const s = spec("string", [v.values.length]);
      const codec = await make<VlenUtf8Codec>(factory, {}, s);
      expect(codec.decode(fromHex(v.encoded), s).data).toEqual(v.values);
      expect(toHex(codec.encode({ data: v.values, shape: s.shape }, s))).toBe(v.encoded);
    }
  });

  it("rejects truncated chunks and a wrong item count", async () => {
    const v = vectors.vlen_utf8;
    const s = spec("string", [v.values.length]);
    const codec = await make<VlenUtf8Codec>(vlenUtf8Factory, {}, s);
    const enc = fromHex(v.encoded);
    for (const cut of [0, 3, 9, enc.length - 1]) {
      expect(() => codec.decode(enc.subarray(0, cut), s)).toThrow(CorruptChunkError);
    }
    expect(() => codec.decode(enc, spec("string", [3]))).toThrow(/holds 7 items, expected 3/);
    expect(() => codec.encode({ data: ["a"], shape: [1] }, s)).toThrow(CodecError);
  });

  it("decodes each item on its own when the UTF-8 is invalid or split across items", async () => {
    const s = spec("string", [3]);
    const codec = await make<VlenUtf8Codec>(vlenUtf8Factory, {}, s);
    const frame = (items: number[][]) => {
      const out = [items.length, 0, 0, 0];
      for (const it of items) out.push(it.length, 0, 0, 0, ...it);
      return new Uint8Array(out);
    };
    // "日" is e6 97 a5: split over two items, then a lone continuation byte
    expect(codec.decode(frame([[0x61, 0xe6], [0x97, 0xa5], [0x80]]), s).data).toEqual([
      "a\ufffd",
      "\ufffd\ufffd",
      "\ufffd",
    ]);
    expect(codec.decode(frame([[0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x99, 0x82], []]), s).data).toEqual(
      ["\ufffd\ufffd\ufffd", "🙂", ""],
    );
    const mixed = ["日本", "🙂🙂x", "plain"];
    expect(codec.decode(codec.encode({ data: mixed, shape: [3] }, s), s).data).toEqual(mixed);
  });

  it("encodes missing items as empty strings, as numcodecs does for None", async () => {
    const s = spec("string", [2]);
    const codec = await make<VlenUtf8Codec>(vlenUtf8Factory, {}, s);
    const data = ["x", undefined] as unknown as string[];
    expect(codec.decode(codec.encode({ data, shape: [2] }, s), s).data).toEqual(["x", ""]);
  });
});

describe("vlen-bytes", () => {
  it("encodes and decodes exactly as numcodecs' VLenBytes", async () => {
    const v = vectors.vlen_bytes;
    const values = (v.values as string[]).map(fromHex);
    for (const factory of [vlenBytesFactory, numcodecsVlenBytesFactory]) {
      const s = spec("bytes", [values.length]);
      const codec = await make<VlenBytesCodec>(factory, {}, s);
      const decoded = codec.decode(fromHex(v.encoded), s).data as Uint8Array[];
      expect(decoded.map(toHex)).toEqual(v.values);
      expect(toHex(codec.encode({ data: values, shape: s.shape }, s))).toBe(v.encoded);
    }
  });

  it("rejects truncated chunks and non-bytes items", async () => {
    const s = spec("bytes", [4]);
    const codec = await make<VlenBytesCodec>(vlenBytesFactory, {}, s);
    const enc = fromHex(vectors.vlen_bytes.encoded);
    expect(() => codec.decode(enc.subarray(0, enc.length - 2), s)).toThrow(CorruptChunkError);
    const bad = ["x"] as unknown as Uint8Array[];
    expect(() => codec.encode({ data: bad, shape: [1] }, spec("bytes", [1]))).toThrow(CodecError);
  });
});

describe("json2", () => {
  for (const v of vectors.json2) {
    it(`${JSON.stringify(v.configuration.ensure_ascii)} ascii, shape [${v.shape}]`, async () => {
      const s = spec("string", v.shape);
      const codec = await make<Json2Codec>(json2Factory, v.configuration, s);
      expect(codec.decode(fromHex(v.encoded), s).data).toEqual(v.values);
      if (!v.decode_only) {
        const text = new TextDecoder().decode(codec.encode({ data: v.values, shape: v.shape }, s));
        expect(text).toBe(new TextDecoder().decode(fromHex(v.encoded)));
      }
    });
  }

  it("rejects chunks that are not numcodecs JSON or do not fit the shape", async () => {
    const s = spec("string", [2]);
    const codec = await make<Json2Codec>(json2Factory, {}, s);
    const enc = (t: string) => new TextEncoder().encode(t);
    expect(() => codec.decode(enc('["a","b","|O",[2]'), s)).toThrow(CorruptChunkError);
    expect(() => codec.decode(enc('{"a":1}'), s)).toThrow(CorruptChunkError);
    expect(() => codec.decode(enc('["a","|O",[1]]'), s)).toThrow(/shape/);
    expect(() => codec.decode(enc('["a","b","c","|O",[2]]'), s)).toThrow(/3 items/);
  });

  it("validates its configuration", async () => {
    await expect(make(json2Factory, { encoding: "latin-1" })).rejects.toThrow(/numcodecs.json2/);
    await expect(make(json2Factory, { indent: 2 })).resolves.toBeDefined();
    await expect(make(json2Factory, { indent: 1.5 })).rejects.toThrow(/"indent"/);
    await expect(make(json2Factory, { separators: [","] })).rejects.toThrow(CodecError);
  });
});
