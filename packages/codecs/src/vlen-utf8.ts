/**
 * `vlen-utf8` (v3) and numcodecs' "vlen-utf8" (v2 |O arrays of str): variable-length
 * UTF-8 strings, to and from string[].
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
import { utf8Encoder } from "./utf8.js";
import { readVlenItems } from "./vlen-framing.js";
import { decodeVlenStrings } from "./vlen-strings.js";

export class VlenUtf8Codec implements ArrayToBytesCodec {
  readonly kind = "array_to_bytes";
  constructor(
    readonly name: string,
    private readonly where: string,
  ) {}

  decode(bytes: Uint8Array, spec: ChunkSpec): Chunk {
    const count = product(spec.shape);
    const { starts, lengths } = readVlenItems(bytes, count, this.name, this.where);
    return { data: decodeVlenStrings(bytes, starts, lengths), shape: spec.shape.slice() };
  }

  encode(chunk: Chunk, spec: ChunkSpec): Uint8Array {
    const data = objectItems(chunk, spec, this.name, this.where, "strings");
    const count = data.length;
    // at most 3 UTF-8 bytes per UTF-16 unit; encode straight into one buffer
    let bound = 4;
    for (let i = 0; i < count; i++) {
      const s = data[i];
      if (typeof s !== "string" && s !== null && s !== undefined) {
        throw new CodecError(`codec "${this.name}" in ${this.where}: item ${i} is not a string`);
      }
      bound += 4 + 3 * (s?.length ?? 0);
    }
    const out = new Uint8Array(bound);
    const view = new DataView(out.buffer);
    view.setUint32(0, count, true);
    let p = 4;
    for (let i = 0; i < count; i++) {
      const s = (data[i] as string | null | undefined) ?? "";
      const { written } = utf8Encoder.encodeInto(s, out.subarray(p + 4));
      view.setUint32(p, written, true);
      p += 4 + written;
    }
    return out.slice(0, p);
  }
}

export const vlenUtf8Factory: CodecFactory = (_configuration, _spec, ctx) =>
  new VlenUtf8Codec("vlen-utf8", ctx.where);

export const numcodecsVlenUtf8Factory: CodecFactory = (_configuration, _spec, ctx) =>
  new VlenUtf8Codec("numcodecs.vlen-utf8", ctx.where);
