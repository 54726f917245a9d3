/**
 * Reads a node's metadata from a store: v3 zarr.json first, then v2 .zarray / .zgroup
 * (with .zattrs), using a v2 group's consolidated .zmetadata when present.
 */
import { joinPath } from "./chunk-key-encoding.js";
import { InvalidKeyError, NodeNotFoundError, throwIfAborted } from "./errors.js";
import { parseJsonBytes } from "./json.js";
import { parseV2ArrayMetadata, parseV2Consolidated, parseV2GroupMetadata } from "./metadata-v2.js";
import { parseV3Metadata } from "./metadata-v3.js";
import type { GroupMetadata, NodeMetadata } from "./node-metadata.js";
import type { ReadableStore } from "./store.js";
import { getBytes } from "./store-reads.js";

export interface ReadNodeOptions {
  /** Only look for this format (default: v3, then v2). */
  zarrFormat?: 2 | 3;
  /** Only look for this kind of node (saves requests for v2). */
  kind?: "array" | "group";
  /** Use consolidated metadata: true = require it, false = ignore it, default = if present. */
  consolidated?: boolean;
  signal?: AbortSignal;
}

/** A node path without leading/trailing slashes; rejects "." and ".." segments. */
export function normalizeNodePath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, "");
  if (trimmed === "") return "";
  const parts = trimmed.split("/");
  for (const part of parts) {
    if (part === "" || part === "." || part === "..") {
      throw new InvalidKeyError(`invalid node path "${path}" (empty, "." or ".." segment)`);
    }
  }
  return trimmed;
}

/** The metadata at `path`, or undefined when no node is there. */
export async function readNodeMetadata(
  store: ReadableStore,
  path: string,
  options: ReadNodeOptions = {},
): Promise<NodeMetadata | undefined> {
  const { signal, kind } = options;
  const get = async (name: string) => {
    throwIfAborted(signal);
    const key = joinPath(path, name);
    const bytes = await getBytes(store, key, { signal });
    return bytes && { key, json: parseJsonBytes(bytes, key) };
  };
  if (options.zarrFormat !== 2) {
    const doc = await get("zarr.json");
    if (doc) {
      const meta = parseV3Metadata(doc.json, doc.key);
      return meta.nodeType === "group" ? withConsolidation(meta, options, doc.key) : meta;
    }
    if (options.zarrFormat === 3) return undefined;
  }
  const attrsPending = get(".zattrs");
  attrsPending.catch(() => {});
  const attrs = async () => (await attrsPending)?.json;
  if (kind !== "group") {
    const zarray = await get(".zarray");
    if (zarray) return parseV2ArrayMetadata(zarray.json, await attrs(), zarray.key);
    if (kind === "array") return undefined;
  }
  if (options.consolidated !== false) {
    const zmeta = await get(".zmetadata");
    if (zmeta) {
      const entries = parseV2Consolidated(zmeta.json, zmeta.key);
      const self = entries.get("");
      if (self?.nodeType === "group") {
        entries.delete("");
        return { ...self, consolidated: entries };
      }
    }
  }
  const zgroup = await get(".zgroup");
  if (!zgroup) return undefined;
  const meta = parseV2GroupMetadata(zgroup.json, await attrs(), zgroup.key);
  return withConsolidation(meta, options, zgroup.key);
}

function withConsolidation(
  meta: GroupMetadata,
  options: ReadNodeOptions,
  where: string,
): GroupMetadata {
  if (options.consolidated === false && meta.consolidated) {
    const { consolidated: _, ...rest } = meta;
    return rest;
  }
  if (options.consolidated === true && !meta.consolidated) {
    throw new NodeNotFoundError(`no consolidated metadata for the group at ${where}`);
  }
  return meta;
}
