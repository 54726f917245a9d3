/** The v3 `crc32c` codec: CRC-32C of the data appended as 4 little-endian bytes. */
import type { CodecFactory } from "@zarrkit/core";
import { ChecksumCodec } from "./checksum-codec.js";
import { CodecConfig } from "./codec-config.js";
import { crc32c } from "./crc32-tables.js";

export const crc32cFactory: CodecFactory = (_configuration, _spec, ctx) => {
  return new ChecksumCodec("crc32c", (b) => crc32c(b), "end", ctx.where);
};

/** numcodecs.crc32c (numcodecs >= 0.13): {location?: "start" | "end"}, default "end". */
export const numcodecsCrc32cFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.crc32c", ctx.where, configuration);
  const location = config.oneOf("location", ["start", "end"] as const, { default: "end" });
  return new ChecksumCodec("numcodecs.crc32c", (b) => crc32c(b), location, ctx.where);
};
