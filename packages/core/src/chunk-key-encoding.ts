/**
 * Chunk keys: v3 "default" ("c/0/1", or "c.0.1"; "c" for a 0-d array) and the v2
 * encoding ("0.1" or "0/1"; "0" for a 0-d array). Keys are relative to the array's path.
 */
export interface ChunkKeyEncoding {
  readonly name: "default" | "v2";
  readonly separator: "/" | ".";
}

export function chunkKey(encoding: ChunkKeyEncoding, coords: readonly number[]): string {
  if (encoding.name === "default") {
    return coords.length === 0 ? "c" : `c${encoding.separator}${coords.join(encoding.separator)}`;
  }
  return coords.length === 0 ? "0" : coords.join(encoding.separator);
}

/** The chunk coordinates a key names, or undefined when it is not a chunk key of `rank`. */
export function parseChunkKey(
  encoding: ChunkKeyEncoding,
  key: string,
  rank: number,
): number[] | undefined {
  let rest = key;
  if (encoding.name === "default") {
    if (rank === 0) return key === "c" ? [] : undefined;
    if (!key.startsWith(`c${encoding.separator}`)) return undefined;
    rest = key.slice(2);
  } else if (rank === 0) {
    return key === "0" ? [] : undefined;
  }
  const parts = rest.split(encoding.separator);
  if (parts.length !== rank) return undefined;
  const coords: number[] = [];
  for (const part of parts) {
    if (!/^(0|[1-9]\d*)$/.test(part)) return undefined;
    coords.push(Number(part));
  }
  return coords;
}

/** A store key joined from a node path and a key inside it. */
export function joinPath(path: string, key: string): string {
  if (path === "") return key;
  if (key === "") return path;
  return `${path}/${key}`;
}
