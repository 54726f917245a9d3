/**
 * numcodecs' "categorize": strings stored as integer labels, 1 + the index of the string
 * in `labels`, 0 for strings not listed (which decode as "").
 */
import {
  type ArrayToArrayCodec,
  type Chunk,
  type ChunkSpec,
  type CodecFactory,
  type NumericDataTypeName,
  typedArrayConstructor,
} from "@zarrkit/core";
import { CodecConfig } from "./codec-config.js";
import { encodedSpecOf, type NumericDtype, numericDtype, typedData } from "./filter-dtype.js";
import { isBigIntType } from "./numeric-cast.js";
import { product } from "./shape.js";
import { parseV2Dtype } from "./v2-dtype.js";

const integers = (n: NumericDataTypeName) => /^u?int/.test(n);

export class CategorizeCodec implements ArrayToArrayCodec {
  readonly kind = "array_to_array";
  readonly name = "numcodecs.categorize";
  private readonly index = new Map<string, number>();
  constructor(
    private readonly config: CodecConfig,
    readonly labels: readonly string[],
    readonly astype: NumericDtype,
  ) {
    // a repeated label takes its last position, as numcodecs' loop does
    labels.forEach((label, i) => {
      this.index.set(label, i + 1);
    });
  }

  encodedSpec(decoded: ChunkSpec): ChunkSpec {
    return encodedSpecOf(decoded, this.astype);
  }

  encode(chunk: Chunk): Chunk {
    const src = chunk.data;
    const n = product(chunk.shape);
    if (!Array.isArray(src) || src.length !== n) {
      throw this.config.error(`expected ${n} strings for shape [${chunk.shape}]`);
    }
    const out = new (typedArrayConstructor(this.astype.name))(n);
    if (out instanceof BigInt64Array || out instanceof BigUint64Array) {
      for (let i = 0; i < n; i++) out[i] = BigInt(this.index.get(src[i] as string) ?? 0);
    } else {
      for (let i = 0; i < n; i++) out[i] = this.index.get(src[i] as string) ?? 0;
    }
    return { data: out, shape: chunk.shape };
  }

  decode(chunk: Chunk): Chunk {
    const enc = typedData(this.config, chunk, this.astype.name);
    const out = new Array<string>(enc.length);
    const big = isBigIntType(this.astype.name);
    for (let i = 0; i < enc.length; i++) {
      const k = big ? Number(enc[i]) : (enc[i] as number);
      out[i] = k >= 1 && k <= this.labels.length ? this.labels[k - 1] : "";
    }
    return { data: out, shape: chunk.shape };
  }
}

/** {labels, dtype ("|O" or "<U{n}"), astype? (default "|u1")}. */
export const categorizeFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.categorize", ctx.where, configuration);
  const labels = config.stringArray("labels");
  const dtype = parseV2Dtype(config.string("dtype"));
  if (!dtype || (dtype.kind !== "object" && dtype.kind !== "unicode")) {
    throw config.error(`configuration "dtype" must be a unicode or object dtype ("|O", "<U{n}")`);
  }
  const astype = numericDtype(config, "astype", { name: "uint8", endian: "none" }, integers);
  return new CategorizeCodec(config, labels, astype);
};
