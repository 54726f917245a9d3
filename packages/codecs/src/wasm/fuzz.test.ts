/**
 * Corrupt input for every WebAssembly decoder: random bytes, truncations and bit flips of
 * valid streams, and headers claiming huge sizes. Decoders either return at most maxSize
 * bytes or throw a ZarrError (CorruptChunkError, or CodecError for valid-but-unsupported
 * blosc snappy frames), and keep working afterwards.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CorruptChunkError, ZarrError } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { bloscDecode, bloscEncode } from "./blosc.js";
import { bz2Decode, bz2Encode } from "./bz2.js";
import { lz4Decode, lz4Encode } from "./lz4.js";
import { zlibWasmDecode, zlibWasmEncode } from "./zlib-wasm.js";
import { zstdDecode, zstdEncode } from "./zstd.js";

type Decode = (bytes: Uint8Array, maxSize?: number) => Promise<Uint8Array>;

function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s % n;
  };
}

const SIZE = 20_000;
const raw = new Uint8Array(SIZE);
{
  const r = rng(3);
  for (let i = 0; i < SIZE; i++) raw[i] = (Math.floor(i / 40) + r(4)) & 0xff;
}

interface Target {
  name: string;
  decode: Decode;
  valid: () => Promise<Uint8Array[]>;
}

const TARGETS: Target[] = [
  {
    name: "blosc",
    decode: (b, m) => bloscDecode(b, m),
    valid: async () =>
      Promise.all(
        (["blosclz", "lz4", "lz4hc", "zlib", "zstd"] as const).map((cname) =>
          bloscEncode(raw, { cname, clevel: 5, shuffle: "shuffle", typesize: 4, blocksize: 4096 }),
        ),
      ),
  },
  {
    name: "zstd",
    decode: (b, m) => zstdDecode(b, m),
    valid: async () => [await zstdEncode(raw, 3, false), await zstdEncode(raw, 19, true)],
  },
  { name: "lz4", decode: (b, m) => lz4Decode(b, m), valid: async () => [await lz4Encode(raw, 1)] },
  { name: "bz2", decode: (b, m) => bz2Decode(b, m), valid: async () => [await bz2Encode(raw, 9)] },
  {
    name: "gzip",
    decode: (b, m) => zlibWasmDecode(b, "gzip", m),
    valid: async () => [await zlibWasmEncode(raw, "gzip", 6)],
  },
  {
    name: "zlib",
    decode: (b, m) => zlibWasmDecode(b, "zlib", m),
    valid: async () => [await zlibWasmEncode(raw, "zlib", 6)],
  },
];

/** Decodes; passes when the result is bounded or the error is a ZarrError. */
async function probe(decode: Decode, bytes: Uint8Array, maxSize: number | undefined) {
  try {
    const out = await decode(bytes, maxSize);
    expect(out.length).toBeLessThanOrEqual(maxSize ?? SIZE * 4);
    return "ok";
  } catch (e) {
    if (!(e instanceof ZarrError)) throw e;
    if (!(e instanceof CorruptChunkError)) expect(e.message).toMatch(/snappy|unsupported/);
    return e.code;
  }
}

async function stillWorks(t: Target, valid: Uint8Array) {
  expect(Buffer.from(await t.decode(valid, SIZE)).equals(raw)).toBe(true);
}

describe("fuzzing the WebAssembly decoders", () => {
  for (const t of TARGETS) {
    it(`${t.name}: random bytes, truncations, bit flips`, async () => {
      const valids = await t.valid();
      const r = rng(t.name.length * 7919);
      for (let i = 0; i < 150; i++) {
        const junk = new Uint8Array(r(600));
        for (let j = 0; j < junk.length; j++) junk[j] = r(256);
        await probe(t.decode, junk, SIZE);
        await probe(t.decode, junk, undefined);
      }
      await stillWorks(t, valids[0]);
      for (const valid of valids) {
        const step = Math.max(1, Math.floor(valid.length / 200));
        for (let n = 0; n < valid.length; n += step) {
          await probe(t.decode, valid.subarray(0, n), SIZE);
        }
        for (let i = 0; i < 300; i++) {
          const flipped = valid.slice();
          for (let k = 0; k <= r(3); k++) flipped[r(flipped.length)] ^= 1 << r(8);
          await probe(t.decode, flipped, SIZE);
        }
        // a smaller bound than the real size must fail, not overflow
        await expect(t.decode(valid, SIZE - 1)).rejects.toBeInstanceOf(CorruptChunkError);
        await stillWorks(t, valid);
      }
    }, 120_000);
  }

  it("rejects headers that claim huge sizes before allocating", async () => {
    const [blosc] = await TARGETS[0].valid();
    const big = blosc.slice();
    new DataView(big.buffer).setUint32(4, 0x7fff0000, true); // nbytes
    await expect(bloscDecode(big, SIZE)).rejects.toThrow(/claims 2147418112 bytes/);

    const lz4 = await lz4Encode(raw, 1);
    const hugeLz4 = lz4.slice();
    new DataView(hugeLz4.buffer).setUint32(0, 0xffffffff, true);
    await expect(lz4Decode(hugeLz4, SIZE)).rejects.toBeInstanceOf(CorruptChunkError);
    await expect(lz4Decode(hugeLz4)).rejects.toBeInstanceOf(CorruptChunkError);

    // a single-segment zstd frame header with an 8-byte content size of 2^40
    const zstd = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0xe0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]);
    await expect(zstdDecode(zstd, SIZE)).rejects.toThrow(/claims 1099511627776 bytes/);
    await expect(zstdDecode(zstd)).rejects.toBeInstanceOf(CorruptChunkError);
    await stillWorks(TARGETS[1], (await TARGETS[1].valid())[0]);
  });

  it("streams zstd frames without a content size, within the bound", async () => {
    // written by `zstd -c -3 < input` (no content size in the frame header), where input is
    // bytes ((i // 7 * 13) % 251 for i in range(150000))
    const path = fileURLToPath(new URL("./test-data/zstd-no-content-size.zst", import.meta.url));
    const frame = new Uint8Array(readFileSync(path));
    const expected = Uint8Array.from({ length: 150_000 }, (_, i) => (Math.floor(i / 7) * 13) % 251);
    expect(Buffer.from(await zstdDecode(frame, expected.length)).equals(expected)).toBe(true);
    expect(Buffer.from(await zstdDecode(frame)).equals(expected)).toBe(true);
    await expect(zstdDecode(frame, expected.length - 1)).rejects.toThrow(/exceeds the expected/);
    await expect(zstdDecode(frame.subarray(0, 500), expected.length)).rejects.toThrow(/truncated/);
  });
});
