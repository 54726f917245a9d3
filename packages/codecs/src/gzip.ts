/**
 * gzip (RFC 1952) via fflate: the v3 `gzip` codec ({level: 0..9}, required) and
 * numcodecs' "gzip" ({level?}, default 1). Decoding checks CRC-32 and length.
 */
import { type BytesToBytesCodec, type CodecFactory, CorruptChunkError } from "@zarrkit/core";
import { gzipSync } from "fflate";
import { CodecConfig } from "./codec-config.js";
import { gunzipBounded, InflateFailure } from "./inflate-bounded.js";

type Level = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export class GzipCodec implements BytesToBytesCodec {
  readonly kind = "bytes_to_bytes";
  constructor(
    readonly name: string,
    readonly level: Level,
    private readonly where: string,
  ) {}

  encode(bytes: Uint8Array, _spec?: unknown): Uint8Array {
    // mtime 0 keeps the output a pure function of the input
    return gzipSync(bytes, { level: this.level, mtime: 0 });
  }

  decode(bytes: Uint8Array, _spec: unknown, maxSize?: number): Uint8Array {
    try {
      return gunzipBounded(bytes, maxSize);
    } catch (e) {
      if (e instanceof InflateFailure) {
        throw new CorruptChunkError(`codec "${this.name}" in ${this.where}: ${e.message}`, {
          cause: e,
        });
      }
      throw e;
    }
  }
}

export const gzipFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("gzip", ctx.where, configuration);
  return new GzipCodec("gzip", config.int("level", { min: 0, max: 9 }) as Level, ctx.where);
};

export const numcodecsGzipFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.gzip", ctx.where, configuration);
  const level = config.int("level", { min: -1, max: 9, default: 1 });
  return new GzipCodec("numcodecs.gzip", (level === -1 ? 6 : level) as Level, ctx.where);
};
