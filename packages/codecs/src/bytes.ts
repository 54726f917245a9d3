/**
 * The v3 `bytes` codec (array -> bytes): elements in C order, in a chosen byte order.
 * Also serves v2's fixed-width types ("<U{n}", "|S{n}") and raw bits ("|V{n}", `r*`:
 * one Uint8Array per element, copied out of the chunk). Decoding with the platform's
 * byte order returns a typed-array view on the input, copying only when misaligned.
 */
import {
  type ArrayToBytesCodec,
  type Chunk,
  type ChunkSpec,
  CodecError,
  type CodecFactory,
  CorruptChunkError,
  componentsOf,
  holdsRecordBytes,
  isNumeric,
  numericSize,
  type TypedArray,
  typedArrayConstructor,
} from "@zarrkit/core";
import { bytesOf, byteswapInPlace, PLATFORM_ENDIAN } from "./byte-order.js";
import { CodecConfig } from "./codec-config.js";
import {
  decodeNullTerminatedStrings,
  decodeUtf32Strings,
  encodeNullTerminatedStrings,
  encodeUtf32Strings,
} from "./fixed-strings.js";
import { floatsToHalves, halvesToFloats } from "./float16.js";
import { product } from "./shape.js";

type Endian = "little" | "big";

export class BytesCodec implements ArrayToBytesCodec {
  readonly kind = "array_to_bytes";
  constructor(
    readonly name: string,
    readonly endian: Endian | undefined,
    private readonly where: string,
  ) {}

  /** The stored byte order: a v2 dtype's own order wins, else the configured one. */
  private byteOrder(spec: ChunkSpec): Endian {
    const d = spec.dataType;
    if (d.endian !== "none") return d.endian;
    if (this.endian) return this.endian;
    const size = isNumeric(d.name) ? numericSize(d.name) : d.name === "fixed_length_utf32" ? 4 : 1;
    if (size > 1) {
      throw new CodecError(
        `codec "${this.name}" in ${this.where}: "endian" is required for data type ${d.name}`,
      );
    }
    return PLATFORM_ENDIAN;
  }

  encodedSize(spec: ChunkSpec): number | undefined {
    const d = spec.dataType;
    if (isNumeric(d.name)) return product(spec.shape) * numericSize(d.name);
    if (
      d.name === "fixed_length_utf32" ||
      d.name === "null_terminated_bytes" ||
      holdsRecordBytes(d.name)
    ) {
      return product(spec.shape) * d.itemSize;
    }
    return undefined;
  }

  decode(bytes: Uint8Array, spec: ChunkSpec): Chunk {
    const d = spec.dataType;
    const count = product(spec.shape);
    const expected = this.encodedSize(spec);
    if (expected === undefined) throw this.unsupported(spec);
    if (bytes.length !== expected) {
      throw new CorruptChunkError(
        `codec "${this.name}" in ${this.where}: chunk has ${bytes.length} bytes, expected ${expected} for shape [${spec.shape}] of ${d.name}`,
      );
    }
    const shape = spec.shape.slice();
    const endian = this.byteOrder(spec);
    if (d.name === "fixed_length_utf32") {
      return { data: decodeUtf32Strings(bytes, count, d.itemSize / 4, endian === "little"), shape };
    }
    if (d.name === "null_terminated_bytes") {
      return { data: decodeNullTerminatedStrings(bytes, count, d.itemSize), shape };
    }
    if (holdsRecordBytes(d.name)) {
      const out = new Array<Uint8Array>(count);
      for (let i = 0; i < count; i++) out[i] = bytes.slice(i * d.itemSize, (i + 1) * d.itemSize);
      return { data: out, shape };
    }
    if (!isNumeric(d.name)) throw this.unsupported(spec);
    if (d.name === "bool") {
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) out[i] = bytes[i] !== 0 ? 1 : 0;
      return { data: out, shape };
    }
    if (d.name === "float16") {
      const halves = alignedCopyIfNeeded(bytes, 2, endian, Uint16Array) as Uint16Array;
      const out = new Float32Array(count);
      halvesToFloats(halves, out);
      return { data: out, shape };
    }
    const ctor = typedArrayConstructor(d.name);
    const size = numericSize(d.name) / componentsOf(d.name);
    return { data: alignedCopyIfNeeded(bytes, size, endian, ctor), shape };
  }

  /** decode() is synchronous already (see ArrayToBytesCodec.decodeView). */
  decodeView(bytes: Uint8Array, spec: ChunkSpec): Chunk {
    return this.decode(bytes, spec);
  }

  encode(chunk: Chunk, spec: ChunkSpec): Uint8Array {
    const d = spec.dataType;
    const count = product(spec.shape);
    const endian = this.byteOrder(spec);
    const data = chunk.data;
    if (d.name === "fixed_length_utf32" || d.name === "null_terminated_bytes") {
      if (!isStringArray(data) || data.length !== count) throw this.badInput(chunk, spec);
      try {
        return d.name === "fixed_length_utf32"
          ? encodeUtf32Strings(data, d.itemSize / 4, endian === "little")
          : encodeNullTerminatedStrings(data, d.itemSize);
      } catch (e) {
        throw new CodecError(`codec "${this.name}" in ${this.where}: ${(e as Error).message}`);
      }
    }
    if (holdsRecordBytes(d.name)) return this.encodeRaw(chunk, spec);
    if (!isNumeric(d.name)) throw this.unsupported(spec);
    const ctor = typedArrayConstructor(d.name);
    if (!(data instanceof ctor) || data.length !== count * componentsOf(d.name)) {
      throw this.badInput(chunk, spec);
    }
    if (d.name === "bool") {
      const out = new Uint8Array(count);
      const src = data as Uint8Array;
      for (let i = 0; i < count; i++) out[i] = src[i] !== 0 ? 1 : 0;
      return out;
    }
    if (d.name === "float16") {
      const halves = new Uint16Array(count);
      floatsToHalves(data as Float32Array, halves);
      const out = bytesOf(halves);
      if (endian !== PLATFORM_ENDIAN) byteswapInPlace(out, 2);
      return out;
    }
    const size = numericSize(d.name) / componentsOf(d.name);
    if (size === 1 || endian === PLATFORM_ENDIAN) return bytesOf(data as TypedArray);
    const out = bytesOf(data as TypedArray).slice();
    byteswapInPlace(out, size);
    return out;
  }

  /** raw_bits: every element a Uint8Array of exactly itemSize bytes, concatenated. */
  private encodeRaw(chunk: Chunk, spec: ChunkSpec): Uint8Array {
    const size = spec.dataType.itemSize;
    const data = chunk.data;
    const count = product(spec.shape);
    if (!Array.isArray(data) || data.length !== count) throw this.badInput(chunk, spec);
    const out = new Uint8Array(count * size);
    for (let i = 0; i < count; i++) {
      const element = data[i];
      if (!(element instanceof Uint8Array) || element.length !== size) {
        throw new CodecError(
          `codec "${this.name}" in ${this.where}: element ${i} of a ${spec.dataType.name} chunk must be a Uint8Array of ${size} bytes`,
        );
      }
      out.set(element, i * size);
    }
    return out;
  }

  private unsupported(spec: ChunkSpec): CodecError {
    return new CodecError(
      `codec "${this.name}" in ${this.where}: data type ${spec.dataType.name} needs a variable-length codec (vlen-utf8, vlen-bytes)`,
    );
  }

  private badInput(chunk: Chunk, spec: ChunkSpec): CodecError {
    const what = Array.isArray(chunk.data) ? "array" : chunk.data.constructor.name;
    return new CodecError(
      `codec "${this.name}" in ${this.where}: cannot encode a ${what} of length ${chunk.data.length} as ${spec.dataType.name} of shape [${spec.shape}]`,
    );
  }
}

function isStringArray(data: Chunk["data"]): data is string[] {
  return Array.isArray(data) && (data.length === 0 || typeof data[0] === "string");
}

type Ctor = ReturnType<typeof typedArrayConstructor> | Uint16ArrayConstructor;

/** A typed array over `bytes`: a view when aligned and in platform order, else a copy. */
function alignedCopyIfNeeded(
  bytes: Uint8Array,
  size: number,
  endian: Endian,
  ctor: Ctor,
): TypedArray {
  const length = bytes.length / size;
  if (size === 1 || (endian === PLATFORM_ENDIAN && bytes.byteOffset % size === 0)) {
    return new ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, length);
  }
  const out = new ctor(length);
  const outBytes = bytesOf(out);
  outBytes.set(bytes);
  if (endian !== PLATFORM_ENDIAN) byteswapInPlace(outBytes, size);
  return out;
}

function makeBytesFactory(name: string): CodecFactory {
  return (configuration, _spec, ctx) => {
    const config = new CodecConfig(name, ctx.where, configuration);
    const endian = config.has("endian")
      ? config.oneOf("endian", ["little", "big"] as const)
      : undefined;
    return new BytesCodec(name, endian, ctx.where);
  };
}

/** v3 `bytes`: configuration {endian?: "little" | "big"}. */
export const bytesFactory: CodecFactory = makeBytesFactory("bytes");

/** `endian`: the name early v3 writers used for `bytes`. */
export const endianFactory: CodecFactory = makeBytesFactory("endian");
