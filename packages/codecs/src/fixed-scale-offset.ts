/**
 * numcodecs' "fixedscaleoffset": encode round((x - offset) * scale) as `astype`, decode
 * enc / scale + offset as `dtype`. Arithmetic runs in the precision numpy picks: the
 * float type of the operand array, float64 for integer arrays.
 */
import type {
  ArrayToArrayCodec,
  Chunk,
  ChunkSpec,
  CodecFactory,
  NumericDataTypeName,
} from "@zarrkit/core";
import { CodecConfig } from "./codec-config.js";
import {
  dtypeAndAstype,
  encodedSpecOf,
  isRealNumeric,
  type NumericDtype,
  roundHalfEven,
  typedData,
} from "./filter-dtype.js";
import { roundToFloat16 } from "./float16.js";
import { castNumeric } from "./numeric-cast.js";

/** Rounding to the precision numpy computes `name` arrays with (identity for float64). */
export function precisionOf(name: NumericDataTypeName): (x: number) => number {
  if (name === "float32") return Math.fround;
  if (name === "float16") return roundToFloat16;
  return (x) => x;
}

/** The values as doubles (int64 beyond 2^53 loses precision, as float64 arithmetic would). */
export function toFloat64(src: ArrayLike<number | bigint>): Float64Array {
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = Number(src[i]);
  return out;
}

export class FixedScaleOffsetCodec implements ArrayToArrayCodec {
  readonly kind = "array_to_array";
  readonly name = "numcodecs.fixedscaleoffset";
  constructor(
    private readonly config: CodecConfig,
    readonly offset: number,
    readonly scale: number,
    readonly dtype: NumericDtype,
    readonly astype: NumericDtype,
  ) {}

  encodedSpec(decoded: ChunkSpec): ChunkSpec {
    return encodedSpecOf(decoded, this.astype);
  }

  encode(chunk: Chunk): Chunk {
    const src = typedData(this.config, chunk, this.dtype.name);
    const p = precisionOf(this.dtype.name);
    const offset = p(this.offset);
    const scale = p(this.scale);
    const out = src instanceof Float64Array ? new Float64Array(src.length) : toFloat64(src);
    const s = src instanceof Float64Array ? src : out;
    for (let i = 0; i < out.length; i++) out[i] = roundHalfEven(p(p(s[i] - offset) * scale));
    return { data: castNumeric(out, "float64", this.astype.name), shape: chunk.shape };
  }

  decode(chunk: Chunk): Chunk {
    const enc = typedData(this.config, chunk, this.astype.name);
    const p = precisionOf(this.astype.name);
    const offset = p(this.offset);
    const scale = p(this.scale);
    const out = enc instanceof Float64Array ? new Float64Array(enc.length) : toFloat64(enc);
    const e = enc instanceof Float64Array ? enc : out;
    for (let i = 0; i < out.length; i++) out[i] = p(p(e[i] / scale) + offset);
    return { data: castNumeric(out, "float64", this.dtype.name), shape: chunk.shape };
  }
}

/** {offset, scale, dtype, astype?}. */
export const fixedScaleOffsetFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.fixedscaleoffset", ctx.where, configuration);
  const offset = config.number("offset");
  const scale = config.number("scale");
  if (scale === 0) throw config.error(`configuration "scale" must not be 0`);
  const { dtype, astype } = dtypeAndAstype(config, isRealNumeric);
  return new FixedScaleOffsetCodec(config, offset, scale, dtype, astype);
};
