/**
 * numcodecs' "delta": the first value, then differences of neighbours in the flat chunk
 * (computed in `dtype`, stored as `astype`); decoding is a running sum, as numpy.cumsum.
 * On bool, numpy's diff is XOR and its cumsum in bool a running OR, so decode(encode(x))
 * is not x: numcodecs does the same, and zarrkit reads what it wrote.
 */
import {
  type ArrayToArrayCodec,
  type Chunk,
  type ChunkSpec,
  type CodecFactory,
  typedArrayConstructor,
} from "@zarrkit/core";
import { CodecConfig } from "./codec-config.js";
import {
  dtypeAndAstype,
  encodedSpecOf,
  isRealNumeric,
  type NumericDtype,
  typedData,
} from "./filter-dtype.js";
import { roundToFloat16 } from "./float16.js";
import { castNumeric } from "./numeric-cast.js";

export class DeltaCodec implements ArrayToArrayCodec {
  readonly kind = "array_to_array";
  readonly name = "numcodecs.delta";
  constructor(
    private readonly config: CodecConfig,
    readonly dtype: NumericDtype,
    readonly astype: NumericDtype,
  ) {}

  encodedSpec(decoded: ChunkSpec): ChunkSpec {
    return encodedSpecOf(decoded, this.astype);
  }

  encode(chunk: Chunk): Chunk {
    const src = typedData(this.config, chunk, this.dtype.name);
    const n = src.length;
    const diff = new (typedArrayConstructor(this.dtype.name))(n);
    if (this.dtype.name === "bool") {
      const s = src as Uint8Array;
      if (n > 0) diff[0] = s[0] ? 1 : 0;
      for (let i = 1; i < n; i++) diff[i] = (s[i] ? 1 : 0) ^ (s[i - 1] ? 1 : 0);
    } else if (diff instanceof BigInt64Array || diff instanceof BigUint64Array) {
      const s = src as BigInt64Array;
      if (n > 0) diff[0] = s[0];
      for (let i = 1; i < n; i++) diff[i] = s[i] - s[i - 1];
    } else {
      const s = src as Float64Array;
      if (n > 0) diff[0] = s[0];
      if (this.dtype.name === "float16") {
        for (let i = 1; i < n; i++) diff[i] = roundToFloat16(s[i] - s[i - 1]);
      } else {
        // the typed array wraps integers and rounds float32, as numpy's subtraction does
        for (let i = 1; i < n; i++) diff[i] = s[i] - s[i - 1];
      }
    }
    const data =
      this.astype.name === this.dtype.name
        ? diff
        : castNumeric(diff, this.dtype.name, this.astype.name);
    return { data, shape: chunk.shape };
  }

  decode(chunk: Chunk): Chunk {
    const enc = typedData(this.config, chunk, this.astype.name);
    // numpy.cumsum(enc, out=dec) converts to `dtype` and accumulates in it
    const dt = this.dtype.name;
    const acc = dt === this.astype.name ? enc.slice() : castNumeric(enc, this.astype.name, dt);
    const n = acc.length;
    if (acc instanceof BigInt64Array || acc instanceof BigUint64Array) {
      for (let i = 1; i < n; i++) acc[i] = acc[i - 1] + acc[i];
    } else if (dt === "bool") {
      for (let i = 0; i < n; i++) acc[i] = (i > 0 && acc[i - 1]) || acc[i] ? 1 : 0;
    } else if (dt === "float16") {
      for (let i = 1; i < n; i++) acc[i] = roundToFloat16(acc[i - 1] + acc[i]);
    } else {
      // each store wraps integers / rounds float32, as numpy's add in that type
      for (let i = 1; i < n; i++) acc[i] = acc[i - 1] + acc[i];
    }
    return { data: acc, shape: chunk.shape };
  }
}

/** {dtype, astype?} as numpy dtype strings; bool only with a bool astype. */
export const deltaFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.delta", ctx.where, configuration);
  const { dtype, astype } = dtypeAndAstype(config, (n) => n === "bool" || isRealNumeric(n));
  if ((dtype.name === "bool") !== (astype.name === "bool")) {
    throw config.error(`a bool delta needs a bool astype (got ${dtype.name} -> ${astype.name})`);
  }
  return new DeltaCodec(config, dtype, astype);
};
