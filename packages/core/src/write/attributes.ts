/**
 * Replacing the attributes of an array or group: v3 rewrites zarr.json (keeping its
 * other fields and their order), v2 writes .zattrs.
 */
import { joinPath } from "../chunk-key-encoding.js";
import { MetadataError } from "../errors.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../json.js";
import { parseV2GroupMetadata } from "../metadata-v2.js";
import { parseV3GroupMetadata } from "../metadata-v3.js";
import type { ArrayMetadata, Attributes, GroupMetadata } from "../node-metadata.js";
import type { Store } from "../store.js";
import type { ArrayWriteTarget } from "./array-write-target.js";
import { requireWritable, writeDocument } from "./node-store.js";
import { writeArrayDocuments } from "./resize.js";

/** A copy of `attrs`, checked to be a JSON object (no functions, undefined, cycles...). */
export function checkAttributes(attrs: unknown, where: string): JsonObject {
  if (!isJsonObject(attrs as JsonValue)) {
    throw new MetadataError(`attributes of ${where} must be a plain JSON object`);
  }
  try {
    // bigints are kept (written exactly); anything JSON cannot hold fails here
    const text = JSON.stringify(attrs, (_k, v: unknown) => {
      if (v === undefined || typeof v === "function" || typeof v === "symbol") {
        throw new TypeError(`a value of type ${typeof v} is not JSON`);
      }
      if (typeof v === "number" && !Number.isFinite(v)) {
        throw new TypeError(`${v} is not JSON`);
      }
      return typeof v === "bigint" ? v.toString() : v;
    });
    if (text === undefined) throw new TypeError("not JSON");
  } catch (error) {
    throw new MetadataError(`attributes of ${where} are not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return attrs as JsonObject;
}

/** Replaces an array's attributes; returns the new metadata. */
export function writeArrayAttributes(
  target: ArrayWriteTarget,
  attributes: Attributes,
): Promise<ArrayMetadata> {
  const attrs = checkAttributes(attributes, target.where());
  if (target.metadata.zarrFormat === 3) {
    return writeArrayDocuments(target, (doc) => ({ ...doc, attributes: attrs }));
  }
  return writeArrayDocuments(target, (doc) => doc, attrs);
}

/** Replaces a group's attributes; returns the new metadata (consolidated entries kept). */
export async function writeGroupAttributes(
  store: Store,
  path: string,
  metadata: GroupMetadata,
  attributes: Attributes,
): Promise<GroupMetadata> {
  const where = path === "" ? "the group at the store root" : `group '${path}'`;
  requireWritable(store, `setting attributes of ${where}`);
  const attrs = checkAttributes(attributes, where);
  let updated: GroupMetadata;
  if (metadata.zarrFormat === 3) {
    const key = joinPath(path, "zarr.json");
    const doc = { ...metadata.raw, attributes: attrs };
    updated = parseV3GroupMetadata(doc, key);
    await writeDocument(store, key, doc, 3);
  } else {
    const zgroup = metadata.raw[".zgroup"] ?? { zarr_format: 2 };
    updated = parseV2GroupMetadata(zgroup, attrs, joinPath(path, ".zgroup"));
    await writeDocument(store, joinPath(path, ".zattrs"), attrs, 2);
  }
  return metadata.consolidated && !updated.consolidated
    ? { ...updated, consolidated: metadata.consolidated }
    : updated;
}
