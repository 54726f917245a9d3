/**
 * `vlen-bytes` (v3) and numcodecs' "vlen-bytes" (v2 |O arrays of bytes): variable-length
 * byte strings, to and from Uint8Array[].
 */
import {
  type ArrayToBytesCodec,
  type Chunk,
  type ChunkSpec,
  CodecError,
  type CodecFactory,
} from "@zarrkit/core";
import { objectItems } from "./object-items.js";
import { product } from "./shape.js";
import { readVlenItems, writeVlenItems } from "./vlen-framing.js";

const EMPTY = new Uint8Array(0);

export class VlenBytesCodec implements ArrayToBytesCodec {
  readonly kind = "array_to_bytes";
  constructor(
    readonly name: string,
    private readonly where: string,
  ) {}

  decode(bytes: Uint8Array, spec: ChunkSpec): Chunk {
    const count = product(spec.shape);
    const { starts, lengths } = readVlenItems(bytes, count, this.name, this.where);
    const data = new Array<Uint8Array>(count);
    // copies, so items do not pin (or alias) the whole chunk buffer
    for (let i = 0; i < count; i++) data[i] = bytes.slice(starts[i], starts[i] + lengths[i]);
    return { data, shape: spec.shape.slice() };
  }

  encode(chunk: Chunk, spec: ChunkSpec): Uint8Array {
    const data = objectItems(chunk, spec, this.name, this.where, "byte strings");
    const count = data.length;
    const items = new Array<Uint8Array>(count);
    for (let i = 0; i < count; i++) {
      const item = data[i] as unknown;
      if (item instanceof Uint8Array) items[i] = item;
      else if (item === null || item === undefined) items[i] = EMPTY;
      else
        throw new CodecError(
          `codec "${this.name}" in ${this.where}: item ${i} is not a Uint8Array`,
        );
    }
    return writeVlenItems(items);
  }
}

export const vlenBytesFactory: CodecFactory = (_configuration, _spec, ctx) =>
  new VlenBytesCodec("vlen-bytes", ctx.where);

export const numcodecsVlenBytesFactory: CodecFactory = (_configuration, _spec, ctx) =>
  new VlenBytesCodec("numcodecs.vlen-bytes", ctx.where);
