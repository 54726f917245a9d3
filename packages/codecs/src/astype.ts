/** numcodecs' "astype": stores the chunk converted to `encode_dtype` (numpy astype). */
import type { ArrayToArrayCodec, Chunk, ChunkSpec, CodecFactory } from "@zarrkit/core";
import { CodecConfig } from "./codec-config.js";
import { encodedSpecOf, type NumericDtype, numericDtype, typedData } from "./filter-dtype.js";
import { castNumeric } from "./numeric-cast.js";

export class AsTypeCodec implements ArrayToArrayCodec {
  readonly kind = "array_to_array";
  readonly name = "numcodecs.astype";
  constructor(
    private readonly config: CodecConfig,
    readonly encodeDtype: NumericDtype,
    readonly decodeDtype: NumericDtype,
  ) {}

  encodedSpec(decoded: ChunkSpec): ChunkSpec {
    return encodedSpecOf(decoded, this.encodeDtype);
  }

  private convert(chunk: Chunk, from: NumericDtype, to: NumericDtype): Chunk {
    const src = typedData(this.config, chunk, from.name);
    try {
      return { data: castNumeric(src, from.name, to.name), shape: chunk.shape };
    } catch (e) {
      throw this.config.error((e as Error).message);
    }
  }

  encode(chunk: Chunk): Chunk {
    return this.convert(chunk, this.decodeDtype, this.encodeDtype);
  }

  decode(chunk: Chunk): Chunk {
    return this.convert(chunk, this.encodeDtype, this.decodeDtype);
  }
}

/** {encode_dtype, decode_dtype}. */
export const asTypeFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.astype", ctx.where, configuration);
  const encodeDtype = numericDtype(config, "encode_dtype");
  const decodeDtype = numericDtype(config, "decode_dtype");
  const complex = (n: string) => n.startsWith("complex");
  if (complex(encodeDtype.name) !== complex(decodeDtype.name)) {
    throw config.error(`cannot convert between ${decodeDtype.name} and ${encodeDtype.name}`);
  }
  return new AsTypeCodec(config, encodeDtype, decodeDtype);
};
