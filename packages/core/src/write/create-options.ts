/**
 * What `create` and `createGroup` accept. Defaults follow zarr-python: v3 arrays get
 * bytes + zstd(level 0); v2 arrays Blosc(lz4, clevel 5, shuffle, blocksize 0).
 */
import type { ArrayOptions } from "../array.js";
import type { CodecMetadata } from "../codec.js";
import type { DataTypeName } from "../data-type.js";
import type { JsonValue } from "../json.js";
import type { Attributes } from "../node-metadata.js";

/** A numcodecs configuration as in v2 metadata: { id: "zlib", level: 1 }. */
export interface NumcodecsConfig {
  readonly id: string;
  readonly [key: string]: JsonValue;
}

/**
 * A fill value as given to `create`: numbers (NaN, ±Infinity too, or "NaN"/"Infinity"/
 * "-Infinity"), bigint for 64-bit integers beyond 2^53, booleans, strings, [re, im] for
 * complex, bytes for the "bytes" type (itemSize bytes for raw bits and records), integer
 * counts or "NaT" for datetime64/timedelta64, {field: value} for structured types, null
 * (v2 only: no fill value).
 */
export type FillValueInput =
  | number
  | bigint
  | boolean
  | string
  | Uint8Array
  | readonly [number, number]
  | StructuredFillInput
  | null;

/**
 * A structured fill value by field: each a FillValueInput of the field's type (strings or
 * bytes for "|S" fields), a list of them for a subarray field; a missing field is zero.
 */
export interface StructuredFillInput {
  readonly [field: string]: FillValueInput | readonly FillValueInput[];
}

/**
 * numpy's structured dtype as its `descr` list (what v2 `.zarray` holds): fields as
 * [name, dtype] or [name, dtype, subarray shape], dtypes as v2 strings ("<f4", ">i8",
 * "|S3") or, for a nested record, such a list. Fields are packed in order.
 */
export type StructuredDtype = readonly StructuredDtypeField[];
export type StructuredDtypeField =
  | readonly [string, string | StructuredDtype]
  | readonly [string, string | StructuredDtype, readonly number[] | number];

export interface CreateArrayOptions<D extends DataTypeName = DataTypeName> extends ArrayOptions {
  /** Where the array goes in the store (default: the root). */
  path?: string;
  /** 3 (default) or 2. */
  zarrFormat?: 2 | 3;
  shape: readonly number[];
  /** Chunk shape (inner chunk shape when `shards` is given); default: guessChunks. */
  chunks?: readonly number[];
  /**
   * A v3 data type name, numpy's "datetime64[ns]"/"timedelta64[10s]", raw bits "r32", or
   * a v2 dtype string ("<f4", ">i8", "<U10", "|S4", "|O", "<M8[ns]", "|V4"), or a
   * structured dtype list (v2 only; records are Uint8Arrays, see packStructured).
   */
  dtype: D | (string & {}) | StructuredDtype;
  /** Default: 0, false, "" or empty bytes, by type. */
  fillValue?: FillValueInput;
  /** Memory layout of stored chunks: v2 `order`; v3 adds a transpose codec for "F". */
  order?: "C" | "F";
  /** v3 only: the whole codec chain, verbatim (default: bytes + zstd level 0). */
  codecs?: readonly CodecMetadata[];
  /** numcodecs compressor; null for none. v3: zstd/gzip/blosc map to v3 codecs, others to "numcodecs.<id>". */
  compressor?: NumcodecsConfig | null;
  /** numcodecs filters (v3: as "numcodecs.<id>" codecs before the serializer). */
  filters?: readonly NumcodecsConfig[] | null;
  /** v3 only: shard shape; chunks become the inner chunks of a sharding_indexed codec. */
  shards?: readonly number[];
  /** v3 only. */
  dimensionNames?: readonly (string | null)[];
  attributes?: Attributes;
  /** v3 only: "default" (c/0/0) or "v2" (0.0); default "default". */
  chunkKeyEncoding?: "default" | "v2";
  /** Separator of chunk key parts (v3 default "/", v2 default "."). */
  dimensionSeparator?: "/" | ".";
  /** Replace (delete) a node already at `path`; default false: fail with NodeExistsError. */
  overwrite?: boolean;
}

export interface CreateGroupOptions {
  path?: string;
  /** 3 (default) or 2. */
  zarrFormat?: 2 | 3;
  attributes?: Attributes;
  /** Replace (delete) a node already at `path`; default false: fail with NodeExistsError. */
  overwrite?: boolean;
}
