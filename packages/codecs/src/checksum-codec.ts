/**
 * A bytes -> bytes codec that stores a 4-byte little-endian checksum of the data before
 * or after it, and verifies it on decode (a mismatch is a CorruptChunkError).
 */
import { type BytesToBytesCodec, type ChunkSpec, CorruptChunkError } from "@zarrkit/core";

export class ChecksumCodec implements BytesToBytesCodec {
  readonly kind = "bytes_to_bytes";
  constructor(
    readonly name: string,
    private readonly checksum: (bytes: Uint8Array) => number,
    readonly location: "start" | "end",
    private readonly where: string,
  ) {}

  encodedSize(decodedSize: number): number {
    return decodedSize + 4;
  }

  encode(bytes: Uint8Array, _spec?: ChunkSpec): Uint8Array {
    const out = new Uint8Array(bytes.length + 4);
    const at = this.location === "start" ? 0 : bytes.length;
    out.set(bytes, this.location === "start" ? 4 : 0);
    new DataView(out.buffer).setUint32(at, this.checksum(bytes), true);
    return out;
  }

  decode(bytes: Uint8Array, _spec?: ChunkSpec): Uint8Array {
    if (bytes.length < 4) {
      throw new CorruptChunkError(
        `codec "${this.name}" in ${this.where}: chunk of ${bytes.length} bytes is too short for its checksum`,
      );
    }
    const start = this.location === "start";
    const data = start ? bytes.subarray(4) : bytes.subarray(0, bytes.length - 4);
    const at = start ? 0 : bytes.length - 4;
    const stored = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(
      at,
      true,
    );
    const actual = this.checksum(data);
    if (stored !== actual) {
      throw new CorruptChunkError(
        `codec "${this.name}" in ${this.where}: checksum mismatch (stored 0x${hex(stored)}, computed 0x${hex(actual)})`,
      );
    }
    return data;
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, "0");
}
