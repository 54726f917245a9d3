import { CodecError, CorruptChunkError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { type GzipCodec, gzipFactory, numcodecsGzipFactory } from "./gzip.js";
import { fromHex, loadVectors, make, spec, toHex } from "./vectors.test-util.js";
import { type ZlibCodec, zlibFactory } from "./zlib.js";

const s = spec("uint8", [1]);
const factories = { "numcodecs.zlib": zlibFactory, "numcodecs.gzip": numcodecsGzipFactory };
type Codec = ZlibCodec | GzipCodec;

function inputOf(v: { input?: string; input_int32_mod7?: number }): Uint8Array {
  if (v.input !== undefined) return fromHex(v.input);
  const n = v.input_int32_mod7 ?? 0;
  return new Uint8Array(Int32Array.from({ length: n }, (_, i) => i % 7).buffer);
}

describe("zlib / gzip decode what Python's zlib wrote", () => {
  for (const v of loadVectors().compressed) {
    it(`${v.codec} ${JSON.stringify(v.configuration)}`, async () => {
      const codec = await make<Codec>(
        factories[v.codec as keyof typeof factories],
        v.configuration,
      );
      const input = inputOf(v);
      const enc = fromHex(v.encoded);
      expect(toHex(codec.decode(enc, s))).toBe(toHex(input));
      expect(toHex(codec.decode(enc, s, input.length))).toBe(toHex(input));
      // our own encoding round-trips (fflate's deflate is not byte-identical to zlib's)
      expect(toHex(codec.decode(codec.encode(input, s), s))).toBe(toHex(input));
    });
  }
});

describe("zlib / gzip safety", () => {
  const cases = [
    ["numcodecs.zlib", zlibFactory, { level: 1 }],
    ["numcodecs.gzip", numcodecsGzipFactory, { level: 5 }],
    ["gzip", gzipFactory, { level: 5 }],
  ] as const;
  const data = new Uint8Array(50_000).map((_, i) => (i % 13) * 3);
  for (const [name, factory, config] of cases) {
    it(`${name}: never decodes past maxSize`, async () => {
      const codec = await make<Codec>(factory, config);
      const enc = codec.encode(data, s);
      expect(toHex(codec.decode(enc, s, data.length))).toBe(toHex(data));
      expect(() => codec.decode(enc, s, data.length - 1)).toThrow(CorruptChunkError);
      expect(() => codec.decode(enc, s, 100)).toThrow(/exceeds the expected 100 bytes/);
      const stored = await make<Codec>(factory, { level: 0 });
      expect(() => stored.decode(stored.encode(data, s), s, 1000)).toThrow(CorruptChunkError);
    });

    it(`${name}: reports truncated and corrupt streams as CorruptChunkError`, async () => {
      const codec = await make<Codec>(factory, config);
      const enc = codec.encode(data, s);
      for (const cut of [0, 5, 20, enc.length >> 1, enc.length - 1]) {
        expect(() => codec.decode(enc.subarray(0, cut), s)).toThrow(CorruptChunkError);
      }
      const flipped = enc.slice();
      flipped[flipped.length >> 1] ^= 0x55;
      expect(() => codec.decode(flipped, s)).toThrow(CorruptChunkError);
      expect(() => codec.decode(new Uint8Array(64).fill(7), s)).toThrow(CorruptChunkError);
    });
  }

  it("rejects a gzip trailer claiming an impossible size", async () => {
    const codec = await make<GzipCodec>(gzipFactory, { level: 1 });
    const enc = codec.encode(new Uint8Array(10), s);
    new DataView(enc.buffer).setUint32(enc.length - 4, 0xfffffff0, true);
    expect(() => codec.decode(enc, s)).toThrow(/impossible/);
  });

  it("writes gzip with a zero mtime, so output depends only on input", async () => {
    const codec = await make<GzipCodec>(gzipFactory, { level: 1 });
    const enc = codec.encode(new Uint8Array(10), s);
    expect(Array.from(enc.subarray(4, 8))).toEqual([0, 0, 0, 0]);
  });

  it("validates levels", async () => {
    await expect(make(gzipFactory, {})).rejects.toThrow(CodecError);
    await expect(make(gzipFactory, { level: 10 })).rejects.toThrow(/codec "gzip".*"level"/);
    await expect(make(zlibFactory, { level: "9" })).rejects.toThrow(/numcodecs.zlib/);
    expect((await make<ZlibCodec>(zlibFactory, {})).level).toBe(1);
    expect((await make<ZlibCodec>(zlibFactory, { level: -1 })).level).toBe(6);
  });
});
