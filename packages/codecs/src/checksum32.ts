/**
 * numcodecs' checksum codecs "crc32" (zlib's crc32) and "adler32": a 4-byte
 * little-endian checksum before the data (numcodecs >= 0.13 adds location "end").
 */
import type { CodecFactory } from "@zarrkit/core";
import { adler32 } from "./adler32.js";
import { ChecksumCodec } from "./checksum-codec.js";
import { CodecConfig } from "./codec-config.js";
import { crc32 } from "./crc32-tables.js";

function checksumFactory(name: string, sum: (bytes: Uint8Array) => number): CodecFactory {
  return (configuration, _spec, ctx) => {
    const config = new CodecConfig(name, ctx.where, configuration);
    const location = config.oneOf("location", ["start", "end"] as const, { default: "start" });
    return new ChecksumCodec(name, sum, location, ctx.where);
  };
}

export const crc32Factory: CodecFactory = checksumFactory("numcodecs.crc32", (b) => crc32(b));
export const adler32Factory: CodecFactory = checksumFactory("numcodecs.adler32", (b) => adler32(b));
