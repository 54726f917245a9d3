/**
 * numcodecs' "quantize": keeps about `digits` decimal digits by rounding to a multiple
 * of a power of two (lossy); decoding only converts astype -> dtype.
 */
import type { ArrayToArrayCodec, Chunk, ChunkSpec, CodecFactory } from "@zarrkit/core";
import { CodecConfig } from "./codec-config.js";
import {
  dtypeAndAstype,
  encodedSpecOf,
  type NumericDtype,
  roundHalfEven,
  typedData,
} from "./filter-dtype.js";
import { precisionOf } from "./fixed-scale-offset.js";
import { castNumeric, isFloatType } from "./numeric-cast.js";

/** The power of two numcodecs scales by for `digits` (its formula, step by step). */
export function quantizeScale(digits: number): number {
  const precision = Number(`1e${-digits}`);
  let exp = Math.log(precision) / Math.log(10);
  exp = exp < 0 ? Math.floor(exp) : Math.ceil(exp);
  const bits = Math.ceil(Math.log(Number(`1e${-exp}`)) / Math.log(2));
  return 2 ** bits;
}

export class QuantizeCodec implements ArrayToArrayCodec {
  readonly kind = "array_to_array";
  readonly name = "numcodecs.quantize";
  private readonly scale: number;
  constructor(
    private readonly config: CodecConfig,
    readonly digits: number,
    readonly dtype: NumericDtype,
    readonly astype: NumericDtype,
  ) {
    this.scale = quantizeScale(digits);
  }

  encodedSpec(decoded: ChunkSpec): ChunkSpec {
    return encodedSpecOf(decoded, this.astype);
  }

  encode(chunk: Chunk): Chunk {
    const src = typedData(this.config, chunk, this.dtype.name) as Float64Array;
    const p = precisionOf(this.dtype.name);
    const scale = p(this.scale);
    const out = new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) out[i] = p(roundHalfEven(p(scale * src[i])) / scale);
    return { data: castNumeric(out, "float64", this.astype.name), shape: chunk.shape };
  }

  decode(chunk: Chunk): Chunk {
    const enc = typedData(this.config, chunk, this.astype.name);
    return { data: castNumeric(enc, this.astype.name, this.dtype.name), shape: chunk.shape };
  }
}

/** {digits, dtype, astype?}: float dtypes only. */
export const quantizeFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.quantize", ctx.where, configuration);
  const digits = config.int("digits", { min: -300, max: 300 });
  const { dtype, astype } = dtypeAndAstype(config, isFloatType);
  return new QuantizeCodec(config, digits, dtype, astype);
};
