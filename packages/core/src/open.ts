/**
 * Opens a Zarr array or group in a store, detecting v2/v3 and the node type: zarr.json
 * first, then .zarray / .zgroup. Consolidated metadata (v2 .zmetadata, v3 inline) is
 * used when present, so the children of a group open with no further metadata reads.
 */
import type { ZarrArray } from "./array.js";
import type { DataTypeName } from "./data-type.js";
import { NodeNotFoundError } from "./errors.js";
import { checkKind, type NodeOptions, nodeFor, type ZarrGroup, type ZarrNode } from "./group.js";
import { nodeLocation } from "./node-location.js";
import { normalizeNodePath, readNodeMetadata } from "./node-reader.js";
import type { Store } from "./store.js";

export interface OpenOptions extends NodeOptions {
  /** Fail unless the node is of this kind (also saves requests for v2). */
  kind?: "array" | "group";
  /** The node's path in the store (default: the root). */
  path?: string;
}

export function open(
  store: Store,
  options: OpenOptions & { kind: "array" },
): Promise<ZarrArray<DataTypeName>>;
export function open(store: Store, options: OpenOptions & { kind: "group" }): Promise<ZarrGroup>;
export function open(store: Store, options?: OpenOptions): Promise<ZarrNode>;
export async function open(store: Store, options: OpenOptions = {}): Promise<ZarrNode> {
  const path = normalizeNodePath(options.path ?? "");
  const meta = await readNodeMetadata(store, path, {
    zarrFormat: options.zarrFormat,
    kind: options.kind,
    consolidated: options.consolidated,
    signal: options.signal,
  });
  if (!meta) {
    const what = options.kind ?? "Zarr array or group";
    const format = options.zarrFormat ? ` (v${options.zarrFormat})` : "";
    throw new NodeNotFoundError(`no ${what}${format} at ${nodeLocation(store, path)}`);
  }
  const { kind: _kind, path: _path, ...nodeOptions } = options;
  return checkKind(nodeFor(store, path, meta, nodeOptions), options.kind);
}
