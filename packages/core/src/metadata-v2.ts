/**
 * Zarr v2 `.zarray` / `.zgroup` / `.zattrs` and consolidated `.zmetadata`, converted to
 * the v3-shaped node model. The codec chain becomes:
 *   transpose (order "F", rank > 1) -> filters as "numcodecs.<id>" -> bytes (endian from
 *   the dtype) -> compressor as "numcodecs.<id>";
 * for "|O" arrays the object codec filter (vlen-utf8, ...) takes the place of bytes, except
 * categorize, whose integer labels the bytes codec still serializes.
 */
import type { CodecMetadata } from "./codec.js";
import { ARRAY_OBJECT_CODECS, OBJECT_CODECS, parseV2DataType } from "./data-type-v2.js";
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

export function parseV2ArrayMetadata(
  zarray: JsonValue,
  zattrs: JsonValue | undefined,
  where: string,
): ArrayMetadata {
  const doc = expectObject(zarray, ".zarray", where);
  if (doc.zarr_format !== 2) {
    throw new MetadataError(`"zarr_format" in ${where} must be 2, got ${show(doc.zarr_format)}`);
  }
  const shape = expectIntArray(doc.shape, "shape", where, 0);
  const chunkShape = expectIntArray(doc.chunks, "chunks", where, 1);
  expectRank(chunkShape, "chunks", shape, where);
  const order = doc.order ?? "C";
  if (order !== "C" && order !== "F") {
    throw new MetadataError(`"order" in ${where} must be "C" or "F", got ${show(order)}`);
  }
  const separator = doc.dimension_separator ?? ".";
  if (separator !== "." && separator !== "/") {
    throw new MetadataError(
      `"dimension_separator" in ${where} must be "." or "/", got ${show(separator)}`,
    );
  }
  const filters = parseCodecList(doc.filters, "filters", where);
  const compressor =
    doc.compressor === null || doc.compressor === undefined
      ? undefined
      : parseNumcodec(doc.compressor, "compressor", where);
  const objectIndex = filters.findIndex((f) => f.id in OBJECT_CODECS);
  const dataType = parseV2DataType(
    doc.dtype,
    objectIndex >= 0 ? filters[objectIndex].id : undefined,
    where,
  );
  const fillValue = parseFillValue(doc.fill_value, dataType, { where, zarrFormat: 2 });

  const codecs: CodecMetadata[] = [];
  const rank = shape.length;
  if (order === "F" && rank > 1) {
    codecs.push({
      name: "transpose",
      configuration: { order: Array.from({ length: rank }, (_, i) => rank - 1 - i) },
    });
  }
  // with an object codec, the filters before it act on arrays and those after on bytes;
  // categorize maps objects to integer labels, which the bytes codec then serializes
  for (const f of filters) codecs.push(f.codec);
  if (objectIndex < 0 || ARRAY_OBJECT_CODECS.has(filters[objectIndex].id)) {
    const configuration = dataType.endian === "none" ? {} : { endian: dataType.endian };
    codecs.push({ name: "bytes", configuration });
  }
  if (compressor) codecs.push(compressor.codec);

  const raw: JsonObject = { ".zarray": doc };
  if (zattrs !== undefined) raw[".zattrs"] = zattrs;
  return {
    zarrFormat: 2,
    nodeType: "array",
    shape,
    chunkShape,
    dataType,
    chunkKeyEncoding: { name: "v2", separator },
    fillValue,
    codecs,
    attributes: expectAttributes(zattrs, `${where} (.zattrs)`),
    dimensionNames: null,
    order,
    raw,
  };
}

export function parseV2GroupMetadata(
  zgroup: JsonValue,
  zattrs: JsonValue | undefined,
  where: string,
  consolidated?: ReadonlyMap<string, NodeMetadata>,
): GroupMetadata {
  const doc = expectObject(zgroup, ".zgroup", where);
  if (doc.zarr_format !== 2) {
    throw new MetadataError(`"zarr_format" in ${where} must be 2, got ${show(doc.zarr_format)}`);
  }
  const raw: JsonObject = { ".zgroup": doc };
  if (zattrs !== undefined) raw[".zattrs"] = zattrs;
  return {
    zarrFormat: 2,
    nodeType: "group",
    attributes: expectAttributes(zattrs, `${where} (.zattrs)`),
    ...(consolidated && { consolidated }),
    raw,
  };
}

interface Numcodec {
  id: string;
  codec: CodecMetadata;
}

/** A numcodecs config ({ id, ...rest }) as "numcodecs.<id>" codec metadata. */
function parseNumcodec(value: JsonValue, what: string, where: string): Numcodec {
  const conf = expectObject(value, `"${what}"`, where);
  const { id, ...rest } = conf;
  if (typeof id !== "string" || id === "") {
    throw new MetadataError(`${what} in ${where} has no "id": ${show(value)}`);
  }
  return {
    id,
    codec: { name: `numcodecs.${id}`, configuration: toPlainJson(rest) as JsonObject },
  };
}

function parseCodecList(value: JsonValue | undefined, what: string, where: string): Numcodec[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new MetadataError(`"${what}" in ${where} must be null or an array, got ${show(value)}`);
  }
  return value.map((f, i) => parseNumcodec(f, `${what}[${i}]`, where));
}

/**
 * A v2 consolidated `.zmetadata` document: the metadata of the group it sits in (key "")
 * and of every node below it, by relative path.
 */
export function parseV2Consolidated(json: JsonValue, where: string): Map<string, NodeMetadata> {
  const doc = expectObject(json, ".zmetadata", where);
  const entries = expectObject(doc.metadata, '"metadata"', where);
  const result = new Map<string, NodeMetadata>();
  for (const [key, value] of Object.entries(entries)) {
    const slash = key.lastIndexOf("/");
    const path = slash < 0 ? "" : key.slice(0, slash);
    const name = key.slice(slash + 1);
    if (name !== ".zarray" && name !== ".zgroup") continue;
    const attrs = entries[path === "" ? ".zattrs" : `${path}/.zattrs`];
    const entryWhere = `${where} (entry "${key}")`;
    if (!isJsonObject(value)) {
      throw new MetadataError(`${entryWhere} must be a JSON object, got ${show(value)}`);
    }
    result.set(
      path,
      name === ".zarray"
        ? parseV2ArrayMetadata(value, attrs, entryWhere)
        : parseV2GroupMetadata(value, attrs, entryWhere),
    );
  }
  return result;
}
