/**
 * Consolidated metadata: every node's metadata below a group in one document, so a
 * reader opens the hierarchy with one request. v2 writes `.zmetadata` as zarr-python
 * 2 does ({ metadata: { "<path>/.zarray": ..., ... }, zarr_consolidated_format: 1 });
 * v3 puts zarr-python 3's inline form into the group's zarr.json
 * ({ kind: "inline", must_understand: false, metadata: { "<path>": <zarr.json> } }).
 */
import { joinPath } from "../chunk-key-encoding.js";
import { NodeNotFoundError, StoreError } from "../errors.js";
import { nodeFor, type ZarrGroup } from "../group.js";
import { isJsonObject, type JsonObject, parseJsonBytes } from "../json.js";
import { normalizeNodePath, readNodeMetadata } from "../node-reader.js";
import { isListable, type Store } from "../store.js";
import { listKeys, nodeKindAt, requireWritable, writeDocument } from "./node-store.js";

const V2_DOCUMENT = /(^|\/)\.(zarray|zgroup|zattrs)$/;

/** Consolidates the metadata of the group at `path` (default the root); returns the group. */
export async function writeConsolidatedMetadata(store: Store, path = ""): Promise<ZarrGroup> {
  const norm = normalizeNodePath(path);
  const where = norm === "" ? "the group at the store root" : `group '${norm}'`;
  requireWritable(store, `consolidating ${where}`);
  if (!isListable(store)) {
    throw new StoreError(`consolidating ${where} needs a store that can list keys`);
  }
  if ((await nodeKindAt(store, norm)) !== "group") {
    throw new NodeNotFoundError(
      `no group to consolidate at ${norm === "" ? "the store root" : `'${norm}'`}`,
    );
  }
  const prefix = norm === "" ? "" : `${norm}/`;
  const keys = (await listKeys(store, prefix)).sort();
  const read = async (key: string) => {
    const bytes = await store.get(key);
    if (!bytes) throw new StoreError(`key "${key}" vanished while consolidating ${where}`);
    return parseJsonBytes(bytes, key);
  };
  const rootV3 = await store.get(joinPath(norm, "zarr.json"));
  if (rootV3) {
    const root = parseJsonBytes(rootV3, joinPath(norm, "zarr.json"));
    const metadata: JsonObject = {};
    for (const key of keys) {
      const rel = key.slice(prefix.length);
      if (!rel.endsWith("/zarr.json")) continue;
      const doc = await read(key);
      if (!isJsonObject(doc)) continue;
      const child = rel.slice(0, -"/zarr.json".length);
      // zarr-python 3 flattens: child groups carry an empty inline entry
      metadata[child] =
        doc.node_type === "group"
          ? {
              ...doc,
              consolidated_metadata: { kind: "inline", must_understand: false, metadata: {} },
            }
          : doc;
    }
    const doc = {
      ...(isJsonObject(root) ? root : {}),
      consolidated_metadata: { kind: "inline", must_understand: false, metadata },
    };
    await writeDocument(store, joinPath(norm, "zarr.json"), doc, 3);
  } else {
    const metadata: JsonObject = {};
    for (const key of keys) {
      const rel = key.slice(prefix.length);
      if (V2_DOCUMENT.test(rel)) metadata[rel] = await read(key);
    }
    await writeDocument(
      store,
      joinPath(norm, ".zmetadata"),
      { metadata, zarr_consolidated_format: 1 },
      2,
    );
  }
  const meta = await readNodeMetadata(store, norm, { kind: "group", consolidated: true });
  if (!meta) throw new NodeNotFoundError(`the group at '${norm}' vanished while consolidating`);
  return nodeFor(store, norm, meta) as ZarrGroup;
}
