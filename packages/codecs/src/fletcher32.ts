/** numcodecs' "fletcher32": the Fletcher-32 sum appended as 4 little-endian bytes. */
import type { CodecFactory } from "@zarrkit/core";
import { ChecksumCodec } from "./checksum-codec.js";
import { fletcher32 } from "./fletcher32-sum.js";

export const fletcher32Factory: CodecFactory = (_configuration, _spec, ctx) => {
  return new ChecksumCodec("numcodecs.fletcher32", fletcher32, "end", ctx.where);
};
