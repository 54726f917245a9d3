/**
 * What the WebAssembly bytes->bytes codecs share: decode, decodeInto and decodeWith are
 * one decoder (decodeTo) given a bound on the decoded size and a sink for its output,
 * which copies it out (intoBuffer) or shows it in place (toView).
 */
import type { BytesToBytesCodec, ChunkSpec } from "@zarrkit/core";
import type { DecodesInto } from "./decode-into.js";
import { type DecodedSink, intoBuffer, toView } from "./wasm-heap.js";

export abstract class WasmBytesCodec implements BytesToBytesCodec, DecodesInto {
  readonly kind = "bytes_to_bytes";
  abstract readonly name: string;
  /** `codec "name" in <where>`, for messages. */
  protected readonly label: string;

  constructor(name: string, where: string) {
    this.label = `codec "${name}" in ${where}`;
  }

  abstract encode(bytes: Uint8Array, spec: ChunkSpec): Promise<Uint8Array>;

  /** Decodes at most `limit` bytes (unbounded when undefined) and hands them to `sink`. */
  protected abstract decodeTo<T>(
    bytes: Uint8Array,
    limit: number | undefined,
    sink: DecodedSink<T>,
  ): Promise<T>;

  decode(bytes: Uint8Array, _spec: ChunkSpec, maxSize?: number): Promise<Uint8Array> {
    return this.decodeTo(bytes, maxSize, intoBuffer());
  }

  /** Decodes into `out` (see DecodesInto). */
  decodeInto(bytes: Uint8Array, _spec: ChunkSpec, out: Uint8Array): Promise<Uint8Array> {
    return this.decodeTo(bytes, out.length, intoBuffer(out));
  }

  /** Shows the decoded bytes where they are (see BytesToBytesCodec.decodeWith). */
  decodeWith<T>(
    bytes: Uint8Array,
    _spec: ChunkSpec,
    maxSize: number,
    use: (decoded: Uint8Array) => T,
  ): Promise<T> {
    return this.decodeTo(bytes, maxSize, toView(use));
  }
}
