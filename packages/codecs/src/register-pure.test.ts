import { CodecRegistry } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import * as codecs from "./index.js";
import { registerPureCodecs } from "./register-pure.js";
import { ctx, spec } from "./vectors.test-util.js";

const EXPECTED: Record<string, [string, Record<string, unknown>]> = {
  bytes: ["array_to_bytes", { endian: "little" }],
  endian: ["array_to_bytes", { endian: "little" }],
  transpose: ["array_to_array", { order: [1, 0] }],
  crc32c: ["bytes_to_bytes", {}],
  gzip: ["bytes_to_bytes", { level: 5 }],
  "vlen-utf8": ["array_to_bytes", {}],
  "vlen-bytes": ["array_to_bytes", {}],
  "numcodecs.vlen-utf8": ["array_to_bytes", {}],
  "numcodecs.vlen-bytes": ["array_to_bytes", {}],
  "numcodecs.json2": ["array_to_bytes", {}],
  "numcodecs.zlib": ["bytes_to_bytes", { level: 1 }],
  "numcodecs.gzip": ["bytes_to_bytes", { level: 1 }],
  "numcodecs.delta": ["array_to_array", { dtype: "<i2" }],
  "numcodecs.fixedscaleoffset": [
    "array_to_array",
    { dtype: "<f8", astype: "<i2", scale: 10, offset: 0 },
  ],
  "numcodecs.quantize": ["array_to_array", { dtype: "<f8", digits: 2 }],
  "numcodecs.astype": ["array_to_array", { encode_dtype: "<f4", decode_dtype: "<f8" }],
  "numcodecs.packbits": ["array_to_array", {}],
  "numcodecs.categorize": ["array_to_array", { labels: ["a"], dtype: "|O" }],
  "numcodecs.shuffle": ["bytes_to_bytes", { elementsize: 2 }],
  "numcodecs.bitround": ["array_to_array", { keepbits: 4 }],
  "numcodecs.fletcher32": ["bytes_to_bytes", {}],
  "numcodecs.adler32": ["bytes_to_bytes", {}],
  "numcodecs.crc32": ["bytes_to_bytes", {}],
  "numcodecs.crc32c": ["bytes_to_bytes", {}],
};

describe("registerPureCodecs", () => {
  it("registers every pure codec by v3 and numcodecs name, loading each on first use", async () => {
    const registry = registerPureCodecs(new CodecRegistry());
    expect(registry.names().sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [name, [kind, config]] of Object.entries(EXPECTED)) {
      const factory = await registry.get(name);
      expect(factory, name).toBeTypeOf("function");
      const codec = await factory?.(config, spec("int16", [2, 2]), ctx);
      expect(codec?.kind, name).toBe(kind);
    }
  });

  it("exports each factory from the package entry", () => {
    for (const name of [
      "bytesFactory",
      "transposeFactory",
      "crc32cFactory",
      "gzipFactory",
      "numcodecsGzipFactory",
      "zlibFactory",
      "vlenUtf8Factory",
      "vlenBytesFactory",
      "json2Factory",
      "deltaFactory",
      "fixedScaleOffsetFactory",
      "quantizeFactory",
      "asTypeFactory",
      "packBitsFactory",
      "categorizeFactory",
      "shuffleFactory",
      "bitRoundFactory",
      "fletcher32Factory",
      "adler32Factory",
      "crc32Factory",
    ]) {
      expect((codecs as Record<string, unknown>)[name], name).toBeTypeOf("function");
    }
  });
});
