/**
 * Zarr v3 `zarr.json` for arrays and groups: parsed, validated and turned into the
 * node model. Unknown top-level fields are errors unless they are extension objects
 * with `must_understand: false`. Groups may carry zarr-python's inline
 * consolidated metadata ({ kind: "inline", must_understand: false, metadata }).
 */
import type { ChunkKeyEncoding } from "./chunk-key-encoding.js";
import type { CodecMetadata } from "./codec.js";
import {
  type DataType,
  type DataTypeName,
  dataTypeFromName,
  isNumeric,
  isPlainV3DataTypeName,
} from "./data-type.js";
import { timeUnit, validScaleFactor } from "./data-type-v2.js";
import { MetadataError } from "./errors.js";
import { parseFillValue } from "./fill-value.js";
import { isJsonObject, type JsonObject, type JsonValue, toPlainJson } from "./json.js";
import {
  expectAttributes,
  expectIntArray,
  expectObject,
  expectRank,
  show,
} from "./metadata-checks.js";
import type { ArrayMetadata, GroupMetadata, NodeMetadata } from "./node-metadata.js";
import { checkFieldCount, structuredDataType, withRecordByteOrder } from "./structured.js";

const ARRAY_FIELDS = new Set([
  "zarr_format",
  "node_type",
  "shape",
  "data_type",
  "chunk_grid",
  "chunk_key_encoding",
  "fill_value",
  "codecs",
  "attributes",
  "dimension_names",
  "storage_transformers",
]);
const GROUP_FIELDS = new Set(["zarr_format", "node_type", "attributes", "consolidated_metadata"]);

/** Parses a v3 zarr.json document (already JSON-parsed, see parseJson). */
export function parseV3Metadata(json: JsonValue, where: string): NodeMetadata {
  const doc = expectObject(json, "zarr.json", where);
  if (doc.zarr_format !== 3) {
    throw new MetadataError(`"zarr_format" in ${where} must be 3, got ${show(doc.zarr_format)}`);
  }
  if (doc.node_type === "array") return parseV3ArrayMetadata(doc, where);
  if (doc.node_type === "group") return parseV3GroupMetadata(doc, where);
  throw new MetadataError(
    `"node_type" in ${where} must be "array" or "group", got ${show(doc.node_type)}`,
  );
}

function checkExtensions(doc: JsonObject, known: Set<string>, where: string): void {
  for (const [key, value] of Object.entries(doc)) {
    if (known.has(key)) continue;
    if (isJsonObject(value) && value.must_understand === false) continue;
    throw new MetadataError(
      `unsupported field "${key}" in ${where} (an extension this reader does not know, and not marked must_understand: false)`,
    );
  }
}

export function parseV3ArrayMetadata(doc: JsonObject, where: string): ArrayMetadata {
  checkExtensions(doc, ARRAY_FIELDS, where);
  const shape = expectIntArray(doc.shape, "shape", where, 0);
  let dataType = parseV3DataType(doc.data_type, where);
  const chunkShape = parseChunkGrid(doc.chunk_grid, where);
  expectRank(chunkShape, "chunk_shape", shape, where);
  const chunkKeyEncoding = parseChunkKeyEncoding(doc.chunk_key_encoding, where);
  const codecs = parseCodecs(doc.codecs, where);
  // records are held as stored: their fields take the bytes codec's byte order
  if (dataType.name === "structured") {
    dataType = withRecordByteOrder(dataType, recordByteOrder(codecs));
  }
  if (!("fill_value" in doc)) throw new MetadataError(`"fill_value" is missing in ${where}`);
  const fillValue = parseFillValue(doc.fill_value, dataType, { where, zarrFormat: 3 });
  const st = doc.storage_transformers;
  if (st !== undefined && !(Array.isArray(st) && st.length === 0)) {
    throw new MetadataError(
      `unsupported "storage_transformers" in ${where}: ${show(st)} (only an empty list is supported)`,
    );
  }
  return {
    zarrFormat: 3,
    nodeType: "array",
    shape,
    chunkShape,
    dataType,
    chunkKeyEncoding,
    fillValue,
    codecs,
    attributes: expectAttributes(doc.attributes, where),
    dimensionNames: parseDimensionNames(doc.dimension_names, shape.length, where),
    order: "C",
    raw: doc,
  };
}

export function parseV3GroupMetadata(doc: JsonObject, where: string): GroupMetadata {
  checkExtensions(doc, GROUP_FIELDS, where);
  const consolidated = parseInlineConsolidated(doc.consolidated_metadata, where);
  return {
    zarrFormat: 3,
    nodeType: "group",
    attributes: expectAttributes(doc.attributes, where),
    ...(consolidated && { consolidated }),
    raw: doc,
  };
}

/** zarr-python 3's inline consolidated metadata: every node below, by relative path. */
function parseInlineConsolidated(
  value: JsonValue | undefined,
  where: string,
): Map<string, NodeMetadata> | undefined {
  if (value === undefined || value === null) return undefined;
  const cm = expectObject(value, '"consolidated_metadata"', where);
  if (cm.kind !== "inline") {
    if (cm.must_understand === false) return undefined;
    throw new MetadataError(
      `unsupported "consolidated_metadata" kind ${show(cm.kind)} in ${where}`,
    );
  }
  const entries = expectObject(cm.metadata, '"consolidated_metadata.metadata"', where);
  const result = new Map<string, NodeMetadata>();
  for (const [path, entry] of Object.entries(entries)) {
    result.set(path, parseV3Metadata(entry, `${where} (consolidated entry "${path}")`));
  }
  return result;
}

/** Other names implementations write for the same types. */
const V3_ALIASES: Record<string, DataTypeName> = {
  variable_length_bytes: "bytes",
  variable_length_utf8: "string",
};

/**
 * A v3 data_type: a name, or { name, configuration } (fixed-length string types,
 * numpy.datetime64/timedelta64, zarr-python's raw_bytes). Raw bits are "r8", "r16", ...
 */
export function parseV3DataType(value: JsonValue | undefined, where: string): DataType {
  let name: JsonValue | undefined = value;
  let configuration: JsonObject = {};
  if (isJsonObject(value)) {
    name = value.name;
    if (value.configuration !== undefined) {
      configuration = expectObject(value.configuration, '"data_type.configuration"', where);
    }
  }
  if (typeof name !== "string") {
    throw new MetadataError(`"data_type" in ${where} must be a name, got ${show(value)}`);
  }
  const resolved = V3_ALIASES[name] ?? name;
  if (isPlainV3DataTypeName(resolved)) {
    return isNumeric(resolved) ? dataTypeFromName(resolved) : dataTypeFromName(resolved, 0);
  }
  if (name === "fixed_length_utf32" || name === "null_terminated_bytes") {
    const length = configuration.length_bytes;
    const unit = name === "fixed_length_utf32" ? 4 : 1;
    if (
      typeof length !== "number" ||
      !Number.isSafeInteger(length) ||
      length < 0 ||
      length % unit
    ) {
      throw new MetadataError(
        `data type "${name}" in ${where} needs configuration.length_bytes, a non-negative integer${unit === 4 ? " divisible by 4" : ""}; got ${show(length)}`,
      );
    }
    return { name, itemSize: length, endian: "none" };
  }
  if (name === "struct" || name === "structured") return parseV3Struct(configuration, where);
  const temporal = TEMPORAL_NAMES[name];
  if (temporal) return parseTemporal(temporal, configuration, where);
  const bits = /^r([1-9]\d*)$/.exec(name);
  if (bits && Number(bits[1]) % 8 === 0) {
    return { name: "raw_bits", itemSize: Number(bits[1]) / 8, endian: "none" };
  }
  if (name === "raw_bytes") {
    const length = configuration.length_bytes;
    if (typeof length !== "number" || !Number.isSafeInteger(length) || length < 1) {
      throw new MetadataError(
        `data type "raw_bytes" in ${where} needs configuration.length_bytes, a positive integer; got ${show(length)}`,
      );
    }
    return { name: "raw_bits", itemSize: length, endian: "none" };
  }
  throw new MetadataError(`unsupported data type ${show(value)} in ${where}`);
}

/**
 * zarr-extensions' `struct` (fields as {name, data_type}) and `structured` (fields as
 * [name, data_type]); as zarr-python 3's Struct does, either name takes either form.
 * Nested records are fields whose data type is itself `struct`/`structured`.
 */
function parseV3Struct(configuration: JsonObject, where: string): DataType {
  const list = configuration.fields;
  if (!Array.isArray(list)) {
    throw new MetadataError(
      `a struct data type in ${where} needs configuration.fields, a list; got ${show(list)}`,
    );
  }
  checkFieldCount(list.length, where);
  const parts = list.map((entry) => {
    const [name, dataType] = isJsonObject(entry)
      ? [entry.name, entry.data_type]
      : Array.isArray(entry) && entry.length === 2
        ? entry
        : [];
    if (typeof name !== "string" || name === "" || dataType === undefined) {
      throw new MetadataError(
        `invalid field ${show(entry)} of a struct data type in ${where}: expected {"name", "data_type"} or [name, data_type]`,
      );
    }
    return { name, dataType: parseV3DataType(dataType, where), shape: [] };
  });
  return structuredDataType(parts, where);
}

/** The `endian` of the array -> bytes codec (inside sharding too); little when unset. */
function recordByteOrder(codecs: readonly CodecMetadata[]): "little" | "big" {
  for (const codec of codecs) {
    const config = codec.configuration ?? {};
    if (codec.name === "bytes" || codec.name === "endian") {
      return config.endian === "big" ? "big" : "little";
    }
    if (codec.name === "sharding_indexed" && Array.isArray(config.codecs)) {
      // not validated yet (the sharding codec does that): take only what is well formed
      const inner = (config.codecs as JsonValue[]).map((c) => ({
        name: typeof c === "string" ? c : isJsonObject(c) ? String(c.name) : "",
        configuration: isJsonObject(c) && isJsonObject(c.configuration) ? c.configuration : {},
      }));
      return recordByteOrder(inner);
    }
  }
  return "little";
}

/** The zarr-extensions names (and their first drafts' names) of numpy's time types. */
const TEMPORAL_NAMES: Record<string, "datetime64" | "timedelta64"> = {
  "numpy.datetime64": "datetime64",
  "numpy.timedelta64": "timedelta64",
  datetime64: "datetime64",
  timedelta64: "timedelta64",
};

/** configuration { unit, scale_factor }; a missing scale_factor reads as 1. */
function parseTemporal(
  name: "datetime64" | "timedelta64",
  configuration: JsonObject,
  where: string,
): DataType {
  const extra = Object.keys(configuration).filter((k) => k !== "unit" && k !== "scale_factor");
  const unit = typeof configuration.unit === "string" ? timeUnit(configuration.unit) : undefined;
  const scale = configuration.scale_factor ?? 1;
  if (unit === undefined || !validScaleFactor(scale) || extra.length > 0) {
    throw new MetadataError(
      `data type "numpy.${name}" in ${where} needs configuration { unit, scale_factor }: unit one of Y, M, W, D, h, m, s, ms, us, ns, ps, fs, as, generic and scale_factor an integer in [1, 2147483647]; got ${show(configuration)}`,
    );
  }
  return { name, itemSize: 8, endian: "none", unit, scaleFactor: scale };
}

function parseChunkGrid(value: JsonValue | undefined, where: string): number[] {
  const grid = expectObject(value, '"chunk_grid"', where);
  if (grid.name !== "regular") {
    throw new MetadataError(
      `unsupported chunk grid ${show(grid.name)} in ${where} (only "regular" is supported)`,
    );
  }
  const conf = expectObject(grid.configuration, '"chunk_grid.configuration"', where);
  return expectIntArray(conf.chunk_shape, "chunk_shape", where, 1);
}

export function parseChunkKeyEncoding(
  value: JsonValue | undefined,
  where: string,
): ChunkKeyEncoding {
  const enc =
    typeof value === "string"
      ? { name: value }
      : expectObject(value, '"chunk_key_encoding"', where);
  if (enc.name !== "default" && enc.name !== "v2") {
    throw new MetadataError(
      `unsupported chunk key encoding ${show(enc.name)} in ${where} (expected "default" or "v2")`,
    );
  }
  let separator: JsonValue | undefined = enc.name === "default" ? "/" : ".";
  if (enc.configuration !== undefined) {
    const conf = expectObject(enc.configuration, '"chunk_key_encoding.configuration"', where);
    if (conf.separator !== undefined) separator = conf.separator;
  }
  if (separator !== "/" && separator !== ".") {
    throw new MetadataError(
      `chunk key separator in ${where} must be "/" or ".", got ${show(separator)}`,
    );
  }
  return { name: enc.name, separator };
}

/** Codec entries: { name, configuration? } objects, or bare names. */
export function parseCodecs(value: JsonValue | undefined, where: string): CodecMetadata[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new MetadataError(`"codecs" in ${where} must be a non-empty array, got ${show(value)}`);
  }
  return value.map((entry, i) => {
    if (typeof entry === "string") return { name: entry };
    const codec = expectObject(entry, `codec ${i}`, where);
    if (typeof codec.name !== "string") {
      throw new MetadataError(`codec ${i} in ${where} has no "name": ${show(entry)}`);
    }
    if (codec.configuration === undefined) return { name: codec.name };
    const configuration = expectObject(
      codec.configuration,
      `configuration of codec "${codec.name}"`,
      where,
    );
    return { name: codec.name, configuration: toPlainJson(configuration) as JsonObject };
  });
}

function parseDimensionNames(
  value: JsonValue | undefined,
  rank: number,
  where: string,
): (string | null)[] | null {
  if (value === undefined || value === null) return null;
  if (
    !Array.isArray(value) ||
    value.length !== rank ||
    !value.every((n) => n === null || typeof n === "string")
  ) {
    throw new MetadataError(
      `"dimension_names" in ${where} must be ${rank} strings or nulls, got ${show(value)}`,
    );
  }
  return value as (string | null)[];
}
