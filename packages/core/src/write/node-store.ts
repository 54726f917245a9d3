/**
 * Store-level helpers for writing nodes: checking a store can be written, finding what
 * node (if any) is at a path, writing metadata documents, creating missing parent
 * groups, and deleting a node with everything below it.
 */
import { joinPath } from "../chunk-key-encoding.js";
import { NodeExistsError, ReadOnlyError, StoreError } from "../errors.js";
import { isJsonObject, type JsonObject, type JsonValue, parseJsonBytes } from "../json.js";
import { normalizeNodePath } from "../node-reader.js";
import { runBounded } from "../run-bounded.js";
import {
  isListable,
  isWritable,
  type ListableStore,
  type ReadableStore,
  type Store,
  type WritableStore,
} from "../store.js";
import { encodeMetadata } from "./metadata-json.js";

export type WritableNodeStore = ReadableStore & WritableStore;

const DELETE_CONCURRENCY = 8;

export function requireWritable(store: Store, doing: string): asserts store is WritableNodeStore {
  if (!isWritable(store)) {
    throw new ReadOnlyError(`${doing} needs a writable store (with set and delete)`);
  }
}

/** The node at `path` ("array" or "group", v2 or v3), or undefined. */
export async function nodeKindAt(
  store: ReadableStore,
  path: string,
): Promise<"array" | "group" | undefined> {
  const zarrJson = await store.get(joinPath(path, "zarr.json"));
  if (zarrJson) {
    const doc = parseJsonBytes(zarrJson, joinPath(path, "zarr.json"));
    if (isJsonObject(doc) && (doc.node_type === "array" || doc.node_type === "group")) {
      return doc.node_type;
    }
  }
  if (await exists(store, joinPath(path, ".zarray"))) return "array";
  if (await exists(store, joinPath(path, ".zgroup"))) return "group";
  return undefined;
}

async function exists(store: ReadableStore, key: string): Promise<boolean> {
  if (store.has) return store.has(key);
  return (await store.get(key)) !== undefined;
}

/** Writes a v2 document (4-space indent, sorted keys) or v3 one (2-space, in order). */
export function writeDocument(
  store: WritableStore,
  key: string,
  doc: JsonValue,
  zarrFormat: 2 | 3,
): Promise<void> {
  const options = zarrFormat === 2 ? { indent: 4, sortKeys: true } : { indent: 2, sortKeys: false };
  return store.set(key, encodeMetadata(doc, options));
}

/** zarr-python 3's zarr.json of a group. */
export function v3GroupDocument(attributes: JsonObject): JsonObject {
  return {
    attributes: { ...attributes },
    zarr_format: 3,
    consolidated_metadata: null,
    node_type: "group",
  };
}

/** Writes the metadata of a group (v2: .zgroup, and .zattrs when there are attributes). */
export async function writeGroupDocuments(
  store: WritableStore,
  path: string,
  zarrFormat: 2 | 3,
  attributes: JsonObject,
): Promise<void> {
  if (zarrFormat === 3) {
    await writeDocument(store, joinPath(path, "zarr.json"), v3GroupDocument(attributes), 3);
    return;
  }
  await writeDocument(store, joinPath(path, ".zgroup"), { zarr_format: 2 }, 2);
  if (Object.keys(attributes).length > 0) {
    await writeDocument(store, joinPath(path, ".zattrs"), attributes, 2);
  }
}

/**
 * Makes room for a node at `path`: fails with NodeExistsError when one is there (or,
 * with `overwrite`, deletes it), and when a parent is an array; writes group metadata
 * for parents that have none (as zarr-python does).
 */
export async function prepareNodePath(
  store: WritableNodeStore,
  path: string,
  zarrFormat: 2 | 3,
  overwrite: boolean,
): Promise<void> {
  const at = path === "" ? "the store root" : `'${path}'`;
  const existing = await nodeKindAt(store, path);
  if (existing) {
    if (!overwrite) {
      throw new NodeExistsError(
        `${existing === "array" ? "an array" : "a group"} already exists at ${at} (pass overwrite: true to replace it)`,
      );
    }
    await deleteNode(store, path);
  }
  const parts = path === "" ? [] : path.split("/");
  for (let i = 0; i < parts.length; i++) {
    const parent = parts.slice(0, i).join("/");
    const kind = await nodeKindAt(store, parent);
    if (kind === "array") {
      throw new NodeExistsError(
        `cannot create a node at ${at}: its parent '${parent}' is an array`,
      );
    }
    if (kind === undefined) await writeGroupDocuments(store, parent, zarrFormat, {});
  }
}

/**
 * Deletes the node at `path` (array or group) and everything below it; resolves to
 * the number of keys deleted. Needs a store that can list keys.
 */
export async function deleteNode(store: Store, path = "", signal?: AbortSignal): Promise<number> {
  const norm = normalizeNodePath(path);
  requireWritable(store, `deleting '${norm}'`);
  if (!isListable(store)) {
    throw new StoreError(`deleting the node at '${norm}' needs a store that can list keys`);
  }
  const keys = await listKeys(store, norm === "" ? "" : `${norm}/`);
  await runBounded(keys, DELETE_CONCURRENCY, (key) => store.delete(key), signal);
  return keys.length;
}

export async function listKeys(store: ListableStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list(prefix)) if (key.startsWith(prefix)) keys.push(key);
  return keys;
}
