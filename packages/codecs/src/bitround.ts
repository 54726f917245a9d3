/**
 * numcodecs' "bitround" (lossy): rounds floats to `keepbits` mantissa bits, half to
 * even, on their bit patterns, so the zeroed low bits compress well. Decoding is a no-op.
 */
import type { ArrayToArrayCodec, Chunk, ChunkSpec, CodecFactory } from "@zarrkit/core";
import { PLATFORM_ENDIAN } from "./byte-order.js";
import { CodecConfig } from "./codec-config.js";
import { floatsToHalves, halvesToFloats } from "./float16.js";

const MANTISSA_BITS: Record<string, number> = { float16: 10, float32: 23, float64: 52 };

export class BitRoundCodec implements ArrayToArrayCodec {
  readonly kind = "array_to_array";
  readonly name = "numcodecs.bitround";
  constructor(
    private readonly config: CodecConfig,
    readonly keepbits: number,
  ) {}

  encodedSpec(decoded: ChunkSpec): ChunkSpec {
    return decoded;
  }

  encode(chunk: Chunk, decoded: ChunkSpec): Chunk {
    const type = decoded.dataType.name;
    const bits = MANTISSA_BITS[type];
    const data = chunk.data;
    if (bits === undefined || !(data instanceof Float32Array || data instanceof Float64Array)) {
      throw this.config.error(`only float16/32/64 arrays can be bit-rounded, not ${type}`);
    }
    if (this.keepbits > bits) {
      throw this.config.error(
        `keepbits ${this.keepbits} is more than the ${bits} mantissa bits of ${type}`,
      );
    }
    if (this.keepbits === bits) return chunk;
    const m = bits - this.keepbits;
    if (type === "float16") {
      const halves = new Uint16Array(data.length);
      floatsToHalves(data as Float32Array, halves);
      const h = new Int16Array(halves.buffer);
      const mask = (-1 << m) & 0xffff;
      const half = (1 << (m - 1)) - 1;
      for (let i = 0; i < h.length; i++) h[i] = (h[i] + ((h[i] >> m) & 1) + half) & mask;
      const out = new Float32Array(data.length);
      halvesToFloats(halves, out);
      return { data: out, shape: chunk.shape };
    }
    if (data instanceof Float32Array) {
      const out = data.slice();
      const b = new Int32Array(out.buffer);
      const mask = -1 << m;
      const half = (1 << (m - 1)) - 1;
      for (let i = 0; i < b.length; i++) b[i] = (b[i] + ((b[i] >> m) & 1) + half) & mask;
      return { data: out, shape: chunk.shape };
    }
    const out = data.slice();
    roundFloat64Bits(new Uint32Array(out.buffer), m);
    return { data: out, shape: chunk.shape };
  }

  decode(chunk: Chunk): Chunk {
    return chunk;
  }
}

/** Bit rounding of float64 patterns held as 32-bit word pairs (no BigInt in the loop). */
function roundFloat64Bits(words: Uint32Array, m: number): void {
  const loIx = PLATFORM_ENDIAN === "little" ? 0 : 1;
  const hiIx = 1 - loIx;
  const half = 2 ** (m - 1) - 1;
  const TWO32 = 4294967296;
  for (let i = 0; i < words.length; i += 2) {
    let lo = words[i + loIx];
    let hi = words[i + hiIx];
    const bit = m < 32 ? (lo >>> m) & 1 : (hi >>> (m - 32)) & 1;
    const inc = half + bit;
    const incHi = Math.floor(inc / TWO32);
    const sumLo = lo + (inc - incHi * TWO32);
    const carry = sumLo >= TWO32 ? 1 : 0;
    lo = sumLo >>> 0;
    hi = (hi + incHi + carry) >>> 0;
    if (m < 32) {
      lo = (lo & (-1 << m)) >>> 0;
    } else {
      lo = 0;
      hi = (hi & (-1 << (m - 32))) >>> 0;
    }
    words[i + loIx] = lo;
    words[i + hiIx] = hi;
  }
}

/** {keepbits}. */
export const bitRoundFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.bitround", ctx.where, configuration);
  return new BitRoundCodec(config, config.int("keepbits", { min: 0 }));
};
