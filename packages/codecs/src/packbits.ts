/**
 * numcodecs' "packbits": a bool chunk as bits, most significant first (numpy.packbits),
 * after one byte that counts the padding bits of the last byte.
 */
import {
  type ArrayToArrayCodec,
  type Chunk,
  type ChunkSpec,
  type CodecFactory,
  CorruptChunkError,
} from "@zarrkit/core";
import { CodecConfig } from "./codec-config.js";
import { encodedSpecOf, typedData } from "./filter-dtype.js";
import { product } from "./shape.js";

export class PackBitsCodec implements ArrayToArrayCodec {
  readonly kind = "array_to_array";
  readonly name = "numcodecs.packbits";
  constructor(private readonly config: CodecConfig) {}

  encodedSpec(decoded: ChunkSpec): ChunkSpec {
    const n = product(decoded.shape);
    return encodedSpecOf(decoded, { name: "uint8", endian: "none" }, [Math.ceil(n / 8) + 1]);
  }

  encode(chunk: Chunk): Chunk {
    const src = typedData(this.config, chunk, "bool") as Uint8Array;
    const n = src.length;
    const out = new Uint8Array(Math.ceil(n / 8) + 1);
    out[0] = n % 8 ? 8 - (n % 8) : 0;
    for (let i = 0; i < n; i++) {
      if (src[i]) out[1 + (i >> 3)] |= 0x80 >> (i & 7);
    }
    return { data: out, shape: [out.length] };
  }

  decode(chunk: Chunk, decoded: ChunkSpec): Chunk {
    const enc = chunk.data;
    const n = product(decoded.shape);
    if (
      !(enc instanceof Uint8Array) ||
      enc.length !== Math.ceil(n / 8) + 1 ||
      enc[0] !== (n % 8 ? 8 - (n % 8) : 0)
    ) {
      throw new CorruptChunkError(
        `codec "${this.name}" in ${this.config.where}: packed chunk of ${enc.length} bytes does not hold ${n} bits`,
      );
    }
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = (enc[1 + (i >> 3)] >> (7 - (i & 7))) & 1;
    return { data: out, shape: decoded.shape.slice() };
  }
}

export const packBitsFactory: CodecFactory = (configuration, _spec, ctx) =>
  new PackBitsCodec(new CodecConfig("numcodecs.packbits", ctx.where, configuration));
