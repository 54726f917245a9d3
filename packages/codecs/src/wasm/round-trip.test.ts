/** Every WebAssembly codec, across its parameters, decodes what it encodes. */
import { describe, expect, it } from "vitest";
import { makeCodec, specFor } from "./codec-harness.test-util.js";

/** Deterministic, moderately compressible bytes: a noisy ramp of float32. */
function sampleBytes(count: number, seed = 1): Uint8Array {
  const values = new Float32Array(count);
  let s = seed;
  for (let i = 0; i < count; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    values[i] = Math.round(Math.sin(i / 200) * 400 + (s % 16)) / 4;
  }
  return new Uint8Array(values.buffer);
}

const INPUTS: Record<string, Uint8Array> = {
  empty: new Uint8Array(0),
  tiny: new Uint8Array([1, 2, 3]),
  ramp: sampleBytes(24_000),
  zeros: new Uint8Array(100_000),
};

async function roundTrip(name: string, config: Record<string, unknown>, itemSize = 4) {
  for (const [label, input] of Object.entries(INPUTS)) {
    const spec = specFor(itemSize, input.length - (input.length % itemSize));
    const codec = await makeCodec(name, config, spec);
    const encoded = await codec.encode(input, spec);
    const decoded = await codec.decode(encoded, spec, input.length);
    expect(Buffer.from(decoded).equals(input), `${name} ${JSON.stringify(config)} ${label}`).toBe(
      true,
    );
  }
}

describe("round trips", () => {
  it("v3 blosc: every cname x clevel x shuffle x typesize, some blocksizes", async () => {
    for (const cname of ["blosclz", "lz4", "lz4hc", "zlib", "zstd"]) {
      for (let clevel = 0; clevel <= 9; clevel++) {
        for (const shuffle of ["noshuffle", "shuffle", "bitshuffle"]) {
          for (const typesize of [1, 2, 4, 8]) {
            const blocksize = clevel % 3 === 0 ? 0 : clevel % 3 === 1 ? 256 : 65536;
            await roundTrip("blosc", { cname, clevel, shuffle, typesize, blocksize });
          }
        }
      }
    }
  }, 240_000);

  it("numcodecs.blosc: shuffle -1, 0, 1, 2 and defaults", async () => {
    for (const shuffle of [-1, 0, 1, 2]) {
      for (const itemSize of [1, 4]) {
        await roundTrip("numcodecs.blosc", { cname: "lz4", clevel: 5, shuffle }, itemSize);
      }
    }
    await roundTrip("numcodecs.blosc", {});
  });

  it("zstd and numcodecs.zstd: levels x checksum", async () => {
    for (const level of [-7, -1, 0, 1, 3, 5, 9, 15, 19, 22]) {
      for (const checksum of [false, true]) {
        await roundTrip("zstd", { level, checksum });
        await roundTrip("numcodecs.zstd", { level, checksum });
      }
    }
    await roundTrip("numcodecs.zstd", {});
  }, 120_000);

  it("numcodecs.lz4: accelerations", async () => {
    for (const acceleration of [-5, 0, 1, 2, 10, 1000, 65537]) {
      await roundTrip("numcodecs.lz4", { acceleration });
    }
    await roundTrip("numcodecs.lz4", {});
  });

  it("numcodecs.bz2: levels 1..9", async () => {
    for (let level = 1; level <= 9; level++) await roundTrip("numcodecs.bz2", { level });
    await roundTrip("numcodecs.bz2", {});
  }, 120_000);

  it("WebAssembly gzip and zlib: levels", async () => {
    for (let level = 0; level <= 9; level++) {
      await roundTrip("gzip", { level });
      await roundTrip("numcodecs.gzip", { level });
      await roundTrip("numcodecs.zlib", { level });
    }
    await roundTrip("numcodecs.zlib", { level: -1 });
  }, 120_000);

  it("rejects bad configurations with errors naming the key", async () => {
    const spec = specFor(4, 400);
    await expect(makeCodec("blosc", { cname: "lzma", clevel: 5 }, spec)).rejects.toThrow(/cname/);
    await expect(makeCodec("blosc", { cname: "lz4", clevel: 10 }, spec)).rejects.toThrow(/clevel/);
    await expect(
      makeCodec("blosc", { cname: "lz4", clevel: 1, shuffle: "x" }, spec),
    ).rejects.toThrow(/shuffle/);
    await expect(makeCodec("blosc", { cname: "lz4", clevel: 1, extra: 1 }, spec)).rejects.toThrow(
      /extra/,
    );
    await expect(makeCodec("numcodecs.blosc", { shuffle: 3 }, spec)).rejects.toThrow(/shuffle/);
    await expect(makeCodec("zstd", { level: 1.5, checksum: false }, spec)).rejects.toThrow(/level/);
    await expect(makeCodec("zstd", { level: 1, checksum: "no" }, spec)).rejects.toThrow(/checksum/);
    await expect(makeCodec("numcodecs.bz2", { level: 0 }, spec)).rejects.toThrow(/level/);
    await expect(makeCodec("numcodecs.lz4", { acceleration: "1" }, spec)).rejects.toThrow(
      /acceleration/,
    );
  });
});
