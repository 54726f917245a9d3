/**
 * gzip/zlib decoding through libdeflate (deflate-decode.wasm) when the decoded size is
 * bounded: numcodecs' blobs decode, and every input libdeflate declines or fails on
 * (further gzip members, trailing bytes, truncations, bit flips, too little room) gives
 * exactly the result or error zlib's inflate gave before.
 */
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadFixtures, makeCodec, specFor } from "./codec-harness.test-util.js";
import { type DeflateFormat, libdeflateDecode as decodeTo } from "./deflate-decode.js";
import { intoBuffer } from "./wasm-heap.js";
import { type ZlibFormat, zlibInflate, zlibWasmDecode, zlibWasmEncode } from "./zlib-wasm.js";

const fixtures = loadFixtures();

/** libdeflate's result copied out (into `out` when given), or undefined when it declines. */
const libdeflateDecode = async (
  bytes: Uint8Array,
  format: DeflateFormat,
  limit: number,
  out?: Uint8Array,
) => (await decodeTo(bytes, format, limit, intoBuffer(out)))?.value;
const FORMATS: ZlibFormat[] = ["gzip", "zlib"];

const raw = new Uint8Array(50_000).map((_, i) => ((i >> 5) * 31 + (i % 7)) & 0xff);

type Outcome = { ok: string } | { error: string; message: string };

/** A decode's result (as hex) or its error's class and message, for comparing paths. */
async function outcome(decoding: Promise<Uint8Array>): Promise<Outcome> {
  try {
    return { ok: Buffer.from(await decoding).toString("hex") };
  } catch (e) {
    const error = e as Error;
    return { error: error.constructor.name, message: error.message };
  }
}

/** The new bounded decode and zlib's inflate (the path before libdeflate) agree. */
async function expectAsBefore(bytes: Uint8Array, format: ZlibFormat, bound: number, what: string) {
  const now = await outcome(zlibWasmDecode(bytes, format, bound, "label"));
  const before = await outcome(zlibInflate(bytes, format, bound, "label", intoBuffer()));
  expect(now, what).toEqual(before);
  const out = new Uint8Array(bound);
  const into = await outcome(zlibWasmDecode(bytes, format, undefined, "label", out));
  expect(into, `${what} into`).toEqual(before);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

describe("libdeflate gzip/zlib decoding", () => {
  it("decodes numcodecs' gzip and zlib blobs itself", async () => {
    const blobs = fixtures.blobs.filter((f) => f.codec === "gzip" || f.codec === "zlib");
    expect(blobs.length).toBe(8);
    for (const f of blobs) {
      const input = fixtures.inputs[f.input].bytes;
      const format = f.codec as ZlibFormat;
      const fast = await libdeflateDecode(f.blob, format, input.length);
      expect(fast && Buffer.from(fast).equals(input), `${f.codec} ${f.input}`).toBe(true);
      // a loose bound (the chunk's size, larger than the data) is fine
      const loose = await libdeflateDecode(f.blob, format, input.length + 1000);
      expect(loose && Buffer.from(loose).equals(input)).toBe(true);
    }
  });

  it("decodeInto, bounded and unbounded decode agree", async () => {
    for (const f of fixtures.blobs.filter((b) => b.codec === "gzip" || b.codec === "zlib")) {
      const input = fixtures.inputs[f.input];
      const spec = specFor(input.itemsize, input.bytes.length);
      const codec = await makeCodec(`numcodecs.${f.codec}`, f.config, spec);
      const bounded = await codec.decode(f.blob, spec, input.bytes.length);
      const unbounded = await codec.decode(f.blob, spec);
      const out = new Uint8Array(input.bytes.length);
      const into = await (
        codec as unknown as {
          decodeInto(b: Uint8Array, s: typeof spec, o: Uint8Array): Promise<Uint8Array>;
        }
      ).decodeInto(f.blob, spec, out);
      expect(into).toBe(out);
      expect(Buffer.from(bounded).equals(input.bytes)).toBe(true);
      expect(Buffer.from(unbounded).equals(input.bytes)).toBe(true);
      expect(Buffer.from(out).equals(input.bytes)).toBe(true);
    }
  });

  it("multi-member gzip: decoded whole, by zlib, as Python's gzip does", async () => {
    const a = raw.subarray(0, 20_000);
    const b = raw.subarray(20_000);
    const stream = concat(await zlibWasmEncode(a, "gzip", 1), await zlibWasmEncode(b, "gzip", 6));
    expect(await libdeflateDecode(stream, "gzip", raw.length)).toBeUndefined();
    const decoded = await zlibWasmDecode(stream, "gzip", raw.length);
    expect(decoded).toEqual(raw);
    expect(new Uint8Array(gunzipSync(stream))).toEqual(raw);
    await expectAsBefore(stream, "gzip", raw.length, "two members");
    await expectAsBefore(stream, "gzip", raw.length - 1, "two members, one byte short");
  });

  it("trailing bytes behave as before", async () => {
    for (const format of FORMATS) {
      const encoded = await zlibWasmEncode(raw, format, 5);
      for (const tail of [[0], [0, 0, 0, 0], [0x1f], [0x1f, 0x8b], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
        const stream = concat(encoded, new Uint8Array(tail));
        expect(await libdeflateDecode(stream, format, raw.length)).toBeUndefined();
        await expectAsBefore(stream, format, raw.length, `${format} + ${tail}`);
      }
    }
  });

  it("a gzip header CRC is checked, as zlib does", async () => {
    const member = await zlibWasmEncode(raw, "gzip", 1);
    // FHCRC: 2 bytes after the 10-byte header (a wrong CRC here)
    const withCrc = concat(
      member.subarray(0, 10),
      new Uint8Array([0x12, 0x34]),
      member.subarray(10),
    );
    withCrc[3] |= 2;
    expect(await libdeflateDecode(withCrc, "gzip", raw.length)).toBeUndefined();
    await expectAsBefore(withCrc, "gzip", raw.length, "FHCRC");
  });

  it("truncated and bit-flipped input: the same errors (or results) as before", async () => {
    for (const format of FORMATS) {
      const encoded = await zlibWasmEncode(raw, format, 6);
      for (const cut of [0, 1, 2, 5, 10, 11, 100, encoded.length >> 1, encoded.length - 1]) {
        await expectAsBefore(encoded.subarray(0, cut), format, raw.length, `${format} cut ${cut}`);
      }
      let seed = 7;
      for (let i = 0; i < 150; i++) {
        seed = (seed * 1664525 + 1013904223) >>> 0;
        const flipped = encoded.slice();
        const bit = seed % (flipped.length * 8);
        flipped[bit >> 3] ^= 1 << (bit & 7);
        await expectAsBefore(flipped, format, raw.length, `${format} bit ${bit}`);
      }
      // and the module keeps decoding
      expect(await libdeflateDecode(encoded, format, raw.length)).toEqual(raw);
    }
  });

  it("never writes past the output's size", async () => {
    for (const format of FORMATS) {
      const encoded = await zlibWasmEncode(raw, format, 1);
      const whole = new Uint8Array(raw.length + 64).fill(0xa5);
      for (const room of [0, 1, 1000, raw.length - 1]) {
        const out = whole.subarray(0, room);
        await expect(zlibWasmDecode(encoded, format, undefined, "c", out)).rejects.toThrow(
          `c: decoded data exceeds the expected ${room} bytes`,
        );
        await expect(zlibWasmDecode(encoded, format, room, "c")).rejects.toThrow(
          `c: decoded data exceeds the expected ${room} bytes`,
        );
        expect(await libdeflateDecode(encoded, format, room, out)).toBeUndefined();
        expect(whole.subarray(room).every((v) => v === 0xa5)).toBe(true);
        whole.fill(0xa5);
      }
      const out = whole.subarray(0, raw.length);
      expect(await zlibWasmDecode(encoded, format, undefined, "c", out)).toBe(out);
      expect(out).toEqual(raw);
      expect(whole.subarray(raw.length).every((v) => v === 0xa5)).toBe(true);
    }
  });
});
