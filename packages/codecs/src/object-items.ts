/** What the object (|O) codecs share: the chunk's items, checked against its shape. */
import { type Chunk, type ChunkSpec, CodecError } from "@zarrkit/core";
import { product } from "./shape.js";

/**
 * The chunk's data as an array of one item per element of `spec.shape`, or a
 * CodecError naming the codec and what its items should be ("strings", ...).
 */
export function objectItems(
  chunk: Chunk,
  spec: ChunkSpec,
  codec: string,
  where: string,
  what: string,
): readonly unknown[] {
  const data = chunk.data;
  const count = product(spec.shape);
  if (!Array.isArray(data) || data.length !== count) {
    throw new CodecError(
      `codec "${codec}" in ${where}: expected ${count} ${what} for shape [${spec.shape}]`,
    );
  }
  return data;
}
