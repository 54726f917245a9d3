/**
 * The in-memory model of node metadata, shaped like v3: v2 `.zarray`/`.zgroup`/`.zattrs`
 * are converted to it (metadata-v2.ts), keeping the documents as stored in `raw`.
 */
import type { ChunkKeyEncoding } from "./chunk-key-encoding.js";
import type { CodecMetadata } from "./codec.js";
import type { DataType } from "./data-type.js";
import type { FillValue } from "./fill-value-type.js";
import type { JsonObject } from "./json.js";

export type Attributes = JsonObject;

export interface ArrayMetadata {
  readonly zarrFormat: 2 | 3;
  readonly nodeType: "array";
  readonly shape: readonly number[];
  /** The regular grid's chunk shape. */
  readonly chunkShape: readonly number[];
  readonly dataType: DataType;
  readonly chunkKeyEncoding: ChunkKeyEncoding;
  readonly fillValue: FillValue;
  /** The codec chain in v3 form (for v2: transpose, filters, bytes, compressor). */
  readonly codecs: readonly CodecMetadata[];
  readonly attributes: Attributes;
  readonly dimensionNames: readonly (string | null)[] | null;
  /** "F" only for v2 arrays stored in Fortran order (a transpose codec does the work). */
  readonly order: "C" | "F";
  /** The documents as stored: v3 zarr.json, or v2 { ".zarray", ".zattrs"? }. */
  readonly raw: JsonObject;
}

export interface GroupMetadata {
  readonly zarrFormat: 2 | 3;
  readonly nodeType: "group";
  readonly attributes: Attributes;
  /** Metadata of the nodes below, by path relative to the group, when consolidated. */
  readonly consolidated?: ConsolidatedMetadata;
  /** The documents as stored: v3 zarr.json, or v2 { ".zgroup", ".zattrs"? }. */
  readonly raw: JsonObject;
}

export type NodeMetadata = ArrayMetadata | GroupMetadata;

/** Node metadata by path relative to a group ("a", "a/b"), for every node below it. */
export type ConsolidatedMetadata = ReadonlyMap<string, NodeMetadata>;

/** The consolidated entries below `childPath`, re-keyed relative to it. */
export function consolidatedBelow(
  consolidated: ConsolidatedMetadata,
  childPath: string,
): Map<string, NodeMetadata> {
  const prefix = `${childPath}/`;
  const result = new Map<string, NodeMetadata>();
  for (const [path, meta] of consolidated) {
    if (path.startsWith(prefix)) result.set(path.slice(prefix.length), meta);
  }
  return result;
}
