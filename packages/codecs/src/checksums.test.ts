import { CodecError, CorruptChunkError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { adler32 } from "./adler32.js";
import type { ChecksumCodec } from "./checksum-codec.js";
import { adler32Factory, crc32Factory } from "./checksum32.js";
import { crc32, crc32c } from "./crc32-tables.js";
import { crc32cFactory, numcodecsCrc32cFactory } from "./crc32c.js";
import { fletcher32Factory } from "./fletcher32.js";
import { fletcher32 } from "./fletcher32-sum.js";
import { fromHex, loadVectors, make, spec, toHex } from "./vectors.test-util.js";

const ascii = (s: string) => new TextEncoder().encode(s);
const s = spec("uint8", [1]);

describe("checksum functions", () => {
  it("match the standard check values", () => {
    expect(crc32(ascii("123456789"))).toBe(0xcbf43926);
    expect(crc32c(ascii("123456789"))).toBe(0xe3069283);
    expect(adler32(ascii("Wikipedia"))).toBe(0x11e60398);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
  });

  it("give the same CRC with slicing-by-8 and byte-at-a-time, also when continued", () => {
    const data = Uint8Array.from({ length: 1003 }, (_, i) => (i * 7919) & 0xff);
    expect(crc32(data.subarray(3), crc32(data.subarray(0, 3)))).toBe(crc32(data));
    expect(crc32c(data.subarray(5), crc32c(data.subarray(0, 5)))).toBe(crc32c(data));
  });

  it("adler32 reduces large inputs correctly", () => {
    const data = new Uint8Array(100_000).fill(255);
    let a = 1;
    let b = 0;
    for (const x of data) {
      a = (a + x) % 65521;
      b = (b + a) % 65521;
    }
    expect(adler32(data)).toBe(((b << 16) | a) >>> 0);
  });

  it("fletcher32 handles odd lengths and long runs", () => {
    // HDF5's variant reads big-endian words (the textbook values are byte-swapped)
    expect(fletcher32(ascii("abcde"))).toBe(0x4ff029c7);
    expect(fletcher32(ascii("abcdef"))).toBe(0x50562a2d);
    expect(fletcher32(ascii("abcdefgh"))).toBe(0xe1eb9195);
    // a uint32 port of numcodecs' C loop gives these (sums wrap on long 0xff runs)
    expect(fletcher32(new Uint8Array(10_001).fill(0xff))).toBe(0xff00ff00);
    expect(fletcher32(Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) & 0xff))).toBe(
      0xcc50d9cb,
    );
  });
});

describe("numcodecs crc32 / adler32 against numcodecs", () => {
  const factories = { "numcodecs.crc32": crc32Factory, "numcodecs.adler32": adler32Factory };
  for (const v of loadVectors().bytes_to_bytes.filter(
    (x: { codec: string }) => x.codec in factories,
  )) {
    it(`${v.codec} of ${v.input.length / 2} bytes`, async () => {
      const codec = await make<ChecksumCodec>(
        factories[v.codec as keyof typeof factories],
        v.configuration,
      );
      expect(toHex(codec.encode(fromHex(v.input)))).toBe(v.encoded);
      expect(toHex(codec.decode(fromHex(v.encoded)))).toBe(v.input);
    });
  }
});

describe("checksum codecs", () => {
  const cases = [
    ["crc32c", crc32cFactory, "end"],
    ["numcodecs.crc32c", numcodecsCrc32cFactory, "end"],
    ["numcodecs.crc32", crc32Factory, "start"],
    ["numcodecs.adler32", adler32Factory, "start"],
    ["numcodecs.fletcher32", fletcher32Factory, "end"],
  ] as const;
  for (const [name, factory, location] of cases) {
    it(`${name}: stores the checksum at the ${location}, detects corruption and truncation`, async () => {
      const codec = await make<ChecksumCodec>(factory, {});
      const data = ascii("some chunk bytes");
      const enc = codec.encode(data, s);
      expect(enc.length).toBe(data.length + 4);
      expect(codec.encodedSize(data.length)).toBe(data.length + 4);
      expect(toHex(location === "start" ? enc.subarray(4) : enc.subarray(0, -4))).toBe(toHex(data));
      expect(toHex(codec.decode(enc, s))).toBe(toHex(data));
      const bad = enc.slice();
      bad[6] ^= 1;
      expect(() => codec.decode(bad, s)).toThrow(CorruptChunkError);
      expect(() => codec.decode(bad, s)).toThrow(/checksum mismatch/);
      expect(() => codec.decode(enc.subarray(0, 3), s)).toThrow(CorruptChunkError);
      expect(() => codec.decode(enc.subarray(0, enc.length - 1), s)).toThrow(CorruptChunkError);
    });
  }

  it("honours numcodecs' location setting and rejects bad ones", async () => {
    const end = await make<ChecksumCodec>(crc32Factory, { location: "end" });
    const enc = end.encode(ascii("abc"));
    expect(toHex(enc.subarray(0, 3))).toBe(toHex(ascii("abc")));
    await expect(make(crc32Factory, { location: "middle" })).rejects.toThrow(CodecError);
    await expect(make(crc32Factory, { location: "middle" })).rejects.toThrow(/numcodecs.crc32/);
  });
});
