/**
 * The metadata documents `create` writes: v2 `.zarray` (+ `.zattrs`) and v3
 * `zarr.json`, with zarr-python's defaults and key order.
 */
import type { CodecMetadata } from "../codec.js";
import { type DataType, isNumeric, numericSize } from "../data-type.js";
import { MetadataError } from "../errors.js";
import type { JsonObject, JsonValue } from "../json.js";
import type { CreateArrayOptions, NumcodecsConfig } from "./create-options.js";
import { resolveDataType, v2DtypeJson, v2ObjectCodec, v3DataTypeJson } from "./data-type-names.js";
import { fillValueJson, recordEndian } from "./fill-value-input.js";
import { guessChunks } from "./guess-chunks.js";

/** zarr-python 2's default compressor. */
export const DEFAULT_V2_COMPRESSOR: NumcodecsConfig = {
  id: "blosc",
  cname: "lz4",
  clevel: 5,
  shuffle: 1,
  blocksize: 0,
};

/** zarr-python 3's default compressor. */
export const DEFAULT_V3_COMPRESSOR: CodecMetadata = {
  name: "zstd",
  configuration: { level: 0, checksum: false },
};

/** The shard index codecs zarr-python 3 writes. */
const INDEX_CODECS: CodecMetadata[] = [
  { name: "bytes", configuration: { endian: "little" } },
  { name: "crc32c" },
];

interface Prepared {
  dataType: DataType;
  chunks: number[];
}

function prepare(options: CreateArrayOptions, where: string): Prepared {
  const dataType = resolveDataType(options.dtype, where);
  const itemSize = dataType.itemSize > 0 ? dataType.itemSize : 8;
  const chunks = options.chunks ? [...options.chunks] : guessChunks(options.shape, itemSize);
  return { dataType, chunks };
}

function onlyV3(options: CreateArrayOptions, where: string): void {
  const v3Only: (keyof CreateArrayOptions)[] = [
    "codecs",
    "shards",
    "dimensionNames",
    "chunkKeyEncoding",
  ];
  for (const key of v3Only) {
    if (options[key] !== undefined) {
      throw new MetadataError(`option "${key}" is for v3 arrays only (${where} is v2)`);
    }
  }
}

/** `.zarray` (keys are sorted when written) and `.zattrs` when there are attributes. */
export function v2ArrayDocuments(
  options: CreateArrayOptions,
  where: string,
): { zarray: JsonObject; zattrs?: JsonObject } {
  onlyV3(options, where);
  const { dataType, chunks } = prepare(options, where);
  const filters: JsonValue[] = [];
  const objectCodec = v2ObjectCodec(dataType);
  if (objectCodec) filters.push({ id: objectCodec });
  for (const f of options.filters ?? []) filters.push({ ...f });
  const compressor = options.compressor === undefined ? DEFAULT_V2_COMPRESSOR : options.compressor;
  const zarray: JsonObject = {
    chunks,
    compressor: compressor === null ? null : { ...compressor },
    dtype: v2DtypeJson(dataType),
    fill_value: fillValueJson(options.fillValue, dataType, 2, where),
    filters: filters.length > 0 ? filters : null,
    order: options.order ?? "C",
    shape: [...options.shape],
    zarr_format: 2,
  };
  if (options.dimensionSeparator !== undefined) {
    zarray.dimension_separator = options.dimensionSeparator;
  }
  const attrs = options.attributes;
  return attrs && Object.keys(attrs).length > 0 ? { zarray, zattrs: attrs } : { zarray };
}

/** A v3 `zarr.json` in zarr-python 3's key order. */
export function v3ArrayDocument(options: CreateArrayOptions, where: string): JsonObject {
  const { dataType, chunks } = prepare(options, where);
  const rank = options.shape.length;
  let codecs = options.codecs ? [...options.codecs] : defaultV3Codecs(dataType, options, where);
  if (options.order === "F" && rank > 1) {
    codecs = [
      {
        name: "transpose",
        configuration: { order: Array.from({ length: rank }, (_, i) => rank - 1 - i) },
      },
      ...codecs,
    ];
  }
  let gridShape = chunks;
  if (options.shards) {
    const shards = [...options.shards];
    if (shards.length !== rank || shards.some((s, d) => !(s > 0) || s % chunks[d] !== 0)) {
      throw new MetadataError(
        `shards [${shards}] of ${where} must have one entry per dimension, each a multiple of the chunk shape [${chunks}]`,
      );
    }
    codecs = [
      {
        name: "sharding_indexed",
        configuration: {
          chunk_shape: chunks,
          codecs: codecs.map(codecJson),
          index_codecs: INDEX_CODECS.map(codecJson),
          index_location: "end",
        },
      },
    ];
    gridShape = shards;
  }
  const encoding = options.chunkKeyEncoding ?? "default";
  const separator = options.dimensionSeparator ?? (encoding === "default" ? "/" : ".");
  const doc: JsonObject = {
    shape: [...options.shape],
    data_type: v3DataTypeJson(dataType),
    chunk_grid: { name: "regular", configuration: { chunk_shape: gridShape } },
    chunk_key_encoding: { name: encoding, configuration: { separator } },
    fill_value: fillValueJson(options.fillValue, dataType, 3, where),
    codecs: codecs.map(codecJson),
    attributes: { ...(options.attributes ?? {}) },
  };
  if (options.dimensionNames) doc.dimension_names = [...options.dimensionNames];
  doc.zarr_format = 3;
  doc.node_type = "array";
  doc.storage_transformers = [];
  return doc;
}

function codecJson(codec: CodecMetadata): JsonObject {
  return codec.configuration === undefined
    ? { name: codec.name }
    : { name: codec.name, configuration: codec.configuration as JsonObject };
}

/** filters -> serializer -> compressor, as zarr-python 3 builds them. */
function defaultV3Codecs(
  dt: DataType,
  options: CreateArrayOptions,
  where: string,
): CodecMetadata[] {
  const codecs: CodecMetadata[] = (options.filters ?? []).map(numcodecsAsV3);
  codecs.push(serializer(dt));
  const compressor = options.compressor;
  if (compressor === undefined) codecs.push(DEFAULT_V3_COMPRESSOR);
  else if (compressor !== null) codecs.push(compressorAsV3(compressor, dt, where));
  return codecs;
}

function serializer(dt: DataType): CodecMetadata {
  if (dt.fields) return { name: "bytes", configuration: { endian: recordEndian(dt) } };
  if (dt.name === "string") return { name: "vlen-utf8", configuration: {} };
  if (dt.name === "bytes") return { name: "vlen-bytes", configuration: {} };
  const size = isNumeric(dt.name) ? numericSize(dt.name) : dt.name === "fixed_length_utf32" ? 4 : 1;
  if (size === 1) return { name: "bytes" };
  return { name: "bytes", configuration: { endian: dt.endian === "big" ? "big" : "little" } };
}

function numcodecsAsV3(config: NumcodecsConfig): CodecMetadata {
  const { id, ...rest } = config;
  return { name: `numcodecs.${id}`, configuration: rest };
}

const BLOSC_SHUFFLE = ["noshuffle", "shuffle", "bitshuffle"] as const;

/** numcodecs compressors with a v3 equivalent become it (zstd, gzip, blosc). */
function compressorAsV3(config: NumcodecsConfig, dt: DataType, where: string): CodecMetadata {
  const { id, ...rest } = config;
  const typesize = dt.itemSize > 0 ? dt.itemSize : 1;
  switch (id) {
    case "zstd":
      return {
        name: "zstd",
        configuration: { level: rest.level ?? 1, checksum: rest.checksum ?? false },
      };
    case "gzip":
      return { name: "gzip", configuration: { level: rest.level ?? 1 } };
    case "blosc": {
      const shuffle = rest.shuffle ?? 1;
      let name: string;
      if (shuffle === -1) name = typesize > 1 ? "shuffle" : "bitshuffle";
      else if (typeof shuffle === "number" && BLOSC_SHUFFLE[shuffle]) name = BLOSC_SHUFFLE[shuffle];
      else
        throw new MetadataError(
          `blosc shuffle ${String(shuffle)} for ${where} must be -1, 0, 1 or 2`,
        );
      return {
        name: "blosc",
        configuration: {
          cname: rest.cname ?? "lz4",
          clevel: rest.clevel ?? 5,
          shuffle: name,
          typesize,
          blocksize: rest.blocksize ?? 0,
        },
      };
    }
    default:
      return { name: `numcodecs.${id}`, configuration: rest };
  }
}
