/** numcodecs' "zlib" codec (RFC 1950 streams), via fflate: {level?: 0..9, default 1}. */
import { type BytesToBytesCodec, type CodecFactory, CorruptChunkError } from "@zarrkit/core";
import { zlibSync } from "fflate";
import { CodecConfig } from "./codec-config.js";
import { InflateFailure, unzlibBounded } from "./inflate-bounded.js";

type Level = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export class ZlibCodec implements BytesToBytesCodec {
  readonly kind = "bytes_to_bytes";
  readonly name = "numcodecs.zlib";
  constructor(
    readonly level: Level,
    private readonly where: string,
  ) {}

  encode(bytes: Uint8Array, _spec?: unknown): Uint8Array {
    return zlibSync(bytes, { level: this.level });
  }

  decode(bytes: Uint8Array, _spec: unknown, maxSize?: number): Uint8Array {
    try {
      return unzlibBounded(bytes, maxSize);
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

export const zlibFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.zlib", ctx.where, configuration);
  // numcodecs passes level to zlib, where -1 means its default (6)
  const level = config.int("level", { min: -1, max: 9, default: 1 });
  return new ZlibCodec((level === -1 ? 6 : level) as Level, ctx.where);
};
