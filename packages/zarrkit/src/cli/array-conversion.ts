/**
 * What `convert` creates for each source array: the same data type, shape, fill value,
 * attributes and dimension names, with the chunking, sharding and compressor the user
 * chose, and otherwise the source's (its compressor and filters carried across formats
 * where an equivalent exists).
 */
import {
  type CodecMetadata,
  type CreateArrayOptions,
  type DataType,
  isJsonObject,
  isNumeric,
  isTemporal,
  type JsonObject,
  type JsonValue,
  type NumcodecsConfig,
  numericSize,
  v2TemporalDtype,
  type ZarrArray,
} from "@zarrkit/core";
import { UsageError } from "./args.js";

export interface ConversionChoices {
  /** Default: the source's format. */
  zarrFormat?: 2 | 3;
  /** Chunk shape (inner chunks when sharded), for arrays of the same rank. */
  chunks?: readonly number[];
  /** v3 shard shape, for arrays of the same rank. */
  shards?: readonly number[];
  /** The compressor (null: none); undefined keeps the source's. */
  compressor?: NumcodecsConfig | null;
}

/** numcodecs ids that encode object arrays; `create` adds the right one itself. */
const OBJECT_CODECS = new Set([
  "vlen-utf8",
  "vlen-bytes",
  "vlen-array",
  "json2",
  "pickle",
  "msgpack2",
]);

/** The chunking a source array is read in: inner chunks, and shards when sharded. */
export function sourceLayout(arr: ZarrArray): { chunks: number[]; shards?: number[] } {
  const inner = shardingOf(arr.codecs);
  if (inner) return { chunks: inner.chunkShape, shards: arr.chunks };
  return { chunks: arr.chunks };
}

function shardingOf(
  codecs: readonly CodecMetadata[],
): { chunkShape: number[]; codecs: CodecMetadata[] } | undefined {
  if (codecs.length !== 1 || codecs[0].name !== "sharding_indexed") return undefined;
  const config = codecs[0].configuration;
  if (!isJsonObject(config ?? null) || !config) return undefined;
  const shape = config.chunk_shape;
  const inner = config.codecs;
  if (!Array.isArray(shape) || !Array.isArray(inner)) return undefined;
  return {
    chunkShape: shape.map(Number),
    codecs: inner.filter(isJsonObject).map((c) => ({
      name: String(c.name),
      ...(isJsonObject(c.configuration ?? null)
        ? { configuration: c.configuration as JsonObject }
        : {}),
    })),
  };
}

/** The `create` options for the copy of `src` (path and overwrite are the caller's). */
export function destinationOptions(src: ZarrArray, choices: ConversionChoices): CreateArrayOptions {
  const where = src.path === "" ? "the root array" : `array '${src.path}'`;
  const format = choices.zarrFormat ?? src.zarrFormat;
  const rank = src.rank;
  const layout = sourceLayout(src);
  const ownRank = (shape: readonly number[] | undefined) =>
    shape !== undefined && shape.length === rank ? [...shape] : undefined;
  const userChunks = ownRank(choices.chunks);
  const chunks = userChunks ?? layout.chunks;
  let shards: number[] | undefined;
  if (format === 3) {
    shards = ownRank(choices.shards);
    // keep the source's shards when they still fit whole chunks
    if (!shards && !choices.shards && layout.shards && divides(chunks, layout.shards)) {
      shards = layout.shards;
    }
    if (shards && !divides(chunks, shards)) {
      throw new UsageError(
        `--shards [${shards}] must be a multiple of the chunk shape [${chunks}] of ${where} (give --chunks too)`,
      );
    }
  } else if (choices.shards) {
    throw new UsageError("--shards needs zarr format 3 (--zarr-format 3)");
  }
  const options: CreateArrayOptions = {
    zarrFormat: format,
    shape: src.shape,
    chunks,
    dtype: createDtype(src.dataType, storedEndian(src)),
    attributes: src.attrs,
  };
  const fill = src.fillValue;
  if (fill !== null) options.fillValue = fill;
  else if (format === 2) options.fillValue = null;
  if (shards) options.shards = shards;
  if (format === 3 && src.dimensionNames) options.dimensionNames = src.dimensionNames;
  if (choices.compressor !== undefined) {
    options.compressor = choices.compressor;
  } else {
    Object.assign(options, sourceCodecs(src, format));
  }
  return options;
}

function divides(chunks: readonly number[], shards: readonly number[]): boolean {
  return chunks.length === shards.length && shards.every((s, d) => s > 0 && s % chunks[d] === 0);
}

/** The byte order of the stored elements: v2 in the dtype, v3 in the bytes codec. */
function storedEndian(src: ZarrArray): "big" | "little" {
  if (src.zarrFormat === 2) return src.dataType.endian === "big" ? "big" : "little";
  const chain = shardingOf(src.codecs)?.codecs ?? src.codecs;
  const bytes = chain.find((c) => c.name === "bytes")?.configuration;
  return isJsonObject(bytes ?? null) && bytes?.endian === "big" ? "big" : "little";
}

/**
 * The dtype for `create` as a v2 string, so the copy keeps the byte order (which the
 * source's filters, kept as they are, may depend on) and fixed string lengths.
 */
function createDtype(dt: DataType, endian: "big" | "little"): string {
  const name = dt.name;
  if (name === "string" || name === "bytes") return name;
  const order = endian === "big" ? ">" : "<";
  if (name === "fixed_length_utf32") return `${order}U${dt.itemSize / 4}`;
  if (name === "null_terminated_bytes") return `|S${dt.itemSize}`;
  if (name === "raw_bits") return `|V${dt.itemSize}`;
  if (isTemporal(name)) return v2TemporalDtype(dt, endian);
  if (isNumeric(name) && numericSize(name) > 1) {
    return `${order}${name[0] === "u" ? "u" : name[0] === "i" ? "i" : name[0] === "f" ? "f" : "c"}${numericSize(name)}`;
  }
  return name;
}

/** The source's compression in the destination format's terms. */
function sourceCodecs(
  src: ZarrArray,
  format: 2 | 3,
): Pick<CreateArrayOptions, "codecs" | "compressor" | "filters"> {
  const zarray = src.metadata[".zarray"];
  if (src.zarrFormat === 2 && isJsonObject(zarray ?? null)) {
    const doc = zarray as JsonObject;
    const filters = (Array.isArray(doc.filters) ? doc.filters : [])
      .filter(isJsonObject)
      .filter((f) => !OBJECT_CODECS.has(String(f.id)))
      .map(asNumcodecs);
    const compressor = isJsonObject(doc.compressor ?? null)
      ? asNumcodecs(doc.compressor as JsonObject)
      : null;
    return { compressor, filters };
  }
  const chain = shardingOf(src.codecs)?.codecs ?? [...src.codecs];
  // a v3 source to v3: the chain as it is (minus a transpose: the copy is in C order)
  if (format === 3) return { codecs: chain.filter((c) => c.name !== "transpose") };
  return v2Compression(chain);
}

function asNumcodecs(config: JsonObject): NumcodecsConfig {
  return { ...config, id: String(config.id) };
}

const SERIALIZERS = new Set(["bytes", "vlen-utf8", "vlen-bytes"]);
const SHUFFLE_NUMBERS: Record<string, number> = { noshuffle: 0, shuffle: 1, bitshuffle: 2 };

/** A v3 chain as v2 filters and one compressor; codecs with no v2 form are dropped. */
function v2Compression(
  chain: readonly CodecMetadata[],
): Pick<CreateArrayOptions, "compressor" | "filters"> {
  const filters: NumcodecsConfig[] = [];
  let compressor: NumcodecsConfig | null = null;
  let afterSerializer = false;
  for (const codec of chain) {
    if (SERIALIZERS.has(codec.name)) {
      afterSerializer = true;
      continue;
    }
    const config = (codec.configuration ?? {}) as JsonObject;
    let v2: NumcodecsConfig | undefined;
    if (codec.name.startsWith("numcodecs.")) v2 = { ...config, id: codec.name.slice(10) };
    else if (codec.name === "zstd") v2 = { id: "zstd", level: config.level ?? 0 };
    else if (codec.name === "gzip") v2 = { id: "gzip", level: config.level ?? 5 };
    else if (codec.name === "blosc") {
      const shuffle: JsonValue = SHUFFLE_NUMBERS[String(config.shuffle)] ?? 1;
      v2 = {
        id: "blosc",
        cname: config.cname ?? "lz4",
        clevel: config.clevel ?? 5,
        shuffle,
        blocksize: config.blocksize ?? 0,
      };
    }
    if (!v2) continue; // transpose, crc32c: not needed for the copy's bytes
    if (!afterSerializer) filters.push(v2);
    else if (compressor === null) compressor = v2;
  }
  return { compressor, filters };
}
