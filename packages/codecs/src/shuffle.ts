/**
 * numcodecs' "shuffle" (bytes -> bytes): byte j of every element goes to plane j, so
 * similar bytes sit together for the compressor that follows.
 */
import {
  type BytesToBytesCodec,
  CodecError,
  type CodecFactory,
  CorruptChunkError,
} from "@zarrkit/core";
import { CodecConfig } from "./codec-config.js";

export function shuffleBytes(src: Uint8Array, elementSize: number): Uint8Array {
  const out = new Uint8Array(src.length);
  const count = src.length / elementSize;
  for (let j = 0; j < elementSize; j++) {
    const base = j * count;
    for (let i = 0, p = j; i < count; i++, p += elementSize) out[base + i] = src[p];
  }
  return out;
}

export function unshuffleBytes(src: Uint8Array, elementSize: number): Uint8Array {
  const out = new Uint8Array(src.length);
  const count = src.length / elementSize;
  for (let j = 0; j < elementSize; j++) {
    const base = j * count;
    for (let i = 0, p = j; i < count; i++, p += elementSize) out[p] = src[base + i];
  }
  return out;
}

export class ShuffleCodec implements BytesToBytesCodec {
  readonly kind = "bytes_to_bytes";
  readonly name = "numcodecs.shuffle";
  constructor(
    readonly elementSize: number,
    private readonly where: string,
  ) {}

  encodedSize(decodedSize: number): number {
    return decodedSize;
  }

  encode(bytes: Uint8Array, _spec?: unknown): Uint8Array {
    if (this.elementSize <= 1) return bytes.slice();
    if (bytes.length % this.elementSize !== 0) {
      throw new CodecError(this.sizeMessage(bytes.length));
    }
    return shuffleBytes(bytes, this.elementSize);
  }

  decode(bytes: Uint8Array, _spec?: unknown): Uint8Array {
    if (this.elementSize <= 1) return bytes;
    if (bytes.length % this.elementSize !== 0) {
      throw new CorruptChunkError(this.sizeMessage(bytes.length));
    }
    return unshuffleBytes(bytes, this.elementSize);
  }

  private sizeMessage(n: number): string {
    return `codec "${this.name}" in ${this.where}: ${n} bytes are not a multiple of elementsize ${this.elementSize}`;
  }
}

/** {elementsize? (default 4)}. */
export const shuffleFactory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.shuffle", ctx.where, configuration);
  return new ShuffleCodec(config.int("elementsize", { min: 0, default: 4 }), ctx.where);
};
