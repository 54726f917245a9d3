/** decodeInto / `out`: decoding into a caller's buffer, for every WebAssembly codec. */
import { readFileSync } from "node:fs";
import { type BytesToBytesCodec, CorruptChunkError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { bloscDecode, bloscEncode } from "./blosc.js";
import { makeCodec, specFor } from "./codec-harness.test-util.js";
import { canDecodeInto } from "./decode-into.js";
import { lz4Decode, lz4Encode } from "./lz4.js";
import { wasmModule } from "./wasm-modules.js";
import { zstdDecode } from "./zstd.js";

function floats(count: number): Uint8Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = Math.round(Math.sin(i / 700) * 3000) / 4;
  return new Uint8Array(values.buffer);
}

const RAW = floats(20_000);
const SPEC = specFor(4, RAW.length);

const CONFIGS: [string, Record<string, unknown>][] = [
  ["numcodecs.blosc", { cname: "lz4", clevel: 5, shuffle: 1 }],
  ["numcodecs.blosc", { cname: "zstd", clevel: 3, shuffle: 2 }],
  ["numcodecs.zstd", { level: 3 }],
  ["numcodecs.lz4", { acceleration: 1 }],
  ["numcodecs.gzip", { level: 1 }],
  ["numcodecs.zlib", { level: 1 }],
  ["numcodecs.bz2", { level: 1 }],
];

async function codecOf(name: string, config: Record<string, unknown>) {
  const codec: BytesToBytesCodec = await makeCodec(name, config, SPEC);
  if (!canDecodeInto(codec)) throw new Error(`${name} has no decodeInto`);
  return codec;
}

describe("decodeInto", () => {
  for (const [name, config] of CONFIGS) {
    const title = `${name} ${JSON.stringify(config)}`;

    it(`${title}: fills an exact-size out and returns it`, async () => {
      const codec = await codecOf(name, config);
      const encoded = await codec.encode(RAW, SPEC);
      const out = new Uint8Array(RAW.length);
      const result = await codec.decodeInto(encoded, SPEC, out);
      expect(result).toBe(out);
      expect(Buffer.from(out).equals(RAW)).toBe(true);
    });

    it(`${title}: writes only its bytes of a larger, offset out`, async () => {
      const codec = await codecOf(name, config);
      const encoded = await codec.encode(RAW, SPEC);
      const backing = new Uint8Array(RAW.length + 300).fill(0xee);
      const out = backing.subarray(100);
      const result = await codec.decodeInto(encoded, SPEC, out);
      expect(result.buffer).toBe(backing.buffer);
      expect(result.byteOffset).toBe(100);
      expect(result.length).toBe(RAW.length);
      expect(Buffer.from(result).equals(RAW)).toBe(true);
      expect(backing.subarray(0, 100).every((b) => b === 0xee)).toBe(true);
      expect(backing.subarray(100 + RAW.length).every((b) => b === 0xee)).toBe(true);
    });

    it(`${title}: fails on an out too small for the data`, async () => {
      const codec = await codecOf(name, config);
      const encoded = await codec.encode(RAW, SPEC);
      const out = new Uint8Array(RAW.length - 1);
      await expect(codec.decodeInto(encoded, SPEC, out)).rejects.toBeInstanceOf(CorruptChunkError);
    });
  }

  it("decodes a zstd frame without a content size into out", async () => {
    const frame = readFileSync(new URL("./test-data/zstd-no-content-size.zst", import.meta.url));
    const expected = await zstdDecode(frame);
    const out = new Uint8Array(expected.length + 10);
    const result = await zstdDecode(frame, undefined, "zstd", out);
    expect(Buffer.from(result).equals(Buffer.from(expected))).toBe(true);
    expect(result.buffer).toBe(out.buffer);
  });

  it("bounds by both maxSize and out", async () => {
    const encoded = await lz4Encode(RAW, 1);
    const out = new Uint8Array(RAW.length);
    await expect(lz4Decode(encoded, RAW.length - 4, "lz4", out)).rejects.toThrow(
      /more than the expected/,
    );
  });

  it("reuses the module's scratch memory: repeated decodes do not grow it", async () => {
    const encoded = await bloscEncode(RAW, {
      cname: "lz4",
      clevel: 5,
      shuffle: "shuffle",
      typesize: 4,
      blocksize: 0,
    });
    const out = new Uint8Array(RAW.length);
    await bloscDecode(encoded, undefined, "blosc", out);
    const exports = await wasmModule("blosc-decode").exports();
    const size = exports.memory.buffer.byteLength;
    for (let i = 0; i < 20; i++) await bloscDecode(encoded, undefined, "blosc", out);
    expect(exports.memory.buffer.byteLength).toBe(size);
    expect(Buffer.from(out).equals(RAW)).toBe(true);
  });
});

describe("decodeWith", () => {
  for (const [name, config] of CONFIGS) {
    const title = `${name} ${JSON.stringify(config)}`;
    const codecWith = async () => {
      const codec = await makeCodec(name, config, SPEC);
      const decodeWith = codec.decodeWith?.bind(codec);
      if (!decodeWith) throw new Error(`${name} has no decodeWith`);
      return { codec, decodeWith };
    };

    it(`${title}: shows the decoded bytes in the module's memory, uncopied`, async () => {
      const { codec, decodeWith } = await codecWith();
      const encoded = await codec.encode(RAW, SPEC);
      const seen = await decodeWith(encoded, SPEC, RAW.length, (view) => ({
        copy: view.slice(),
        // linear memory: a buffer larger than the chunk, and not the encoded bytes'
        inMemory: view.buffer.byteLength > RAW.length && view.buffer !== encoded.buffer,
      }));
      expect(Buffer.from(seen.copy).equals(RAW)).toBe(true);
      expect(seen.inMemory).toBe(true);
    });

    it(`${title}: fails without calling use on data past maxSize or cut short`, async () => {
      const { codec, decodeWith } = await codecWith();
      const encoded = await codec.encode(RAW, SPEC);
      let used = 0;
      const use = () => used++;
      await expect(decodeWith(encoded, SPEC, RAW.length - 1, use)).rejects.toBeInstanceOf(
        CorruptChunkError,
      );
      const cut = encoded.subarray(0, encoded.length >> 1);
      await expect(decodeWith(cut, SPEC, RAW.length, use)).rejects.toThrow();
      expect(used).toBe(0);
    });

    it(`${title}: an error from use comes back as is, and the codec decodes on`, async () => {
      const { codec, decodeWith } = await codecWith();
      const encoded = await codec.encode(RAW, SPEC);
      const mine = new Error("from use");
      await expect(
        decodeWith(encoded, SPEC, RAW.length, () => {
          throw mine;
        }),
      ).rejects.toBe(mine);
      const again = await decodeWith(encoded, SPEC, RAW.length, (view) => view.slice());
      expect(Buffer.from(again).equals(RAW)).toBe(true);
    });
  }
});
