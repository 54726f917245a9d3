/**
 * A Zarr group: attributes, its children (from consolidated metadata, else by listing
 * the store) and opening nodes below it. Children named in consolidated metadata open
 * with no further metadata requests.
 */
import { type ArrayOptions, ZarrArray } from "./array.js";
import { joinPath } from "./chunk-key-encoding.js";
import type { DataTypeName } from "./data-type.js";
import { NodeNotFoundError, StoreError } from "./errors.js";
import type { JsonObject } from "./json.js";
import { nodeLocation } from "./node-location.js";
import {
  type Attributes,
  type ConsolidatedMetadata,
  consolidatedBelow,
  type GroupMetadata,
  type NodeMetadata,
} from "./node-metadata.js";
import { normalizeNodePath, readNodeMetadata } from "./node-reader.js";
import { isListable, type Store } from "./store.js";
import { writeGroupAttributes } from "./write/attributes.js";

export interface NodeOptions extends ArrayOptions {
  /** Only look for this format (default: v3, then v2). */
  zarrFormat?: 2 | 3;
  /** Use consolidated metadata: true = require it, false = ignore it, default = if present. */
  consolidated?: boolean;
  signal?: AbortSignal;
}

export interface ChildOpenOptions extends NodeOptions {
  kind?: "array" | "group";
}

export interface ChildNode {
  /** The name inside the group. */
  name: string;
  /** The path in the store. */
  path: string;
  kind: "array" | "group";
}

export type ZarrNode = ZarrArray<DataTypeName> | ZarrGroup;

export class ZarrGroup {
  readonly kind = "group";
  readonly store: Store;
  /** The group's path in the store ("" for the root). */
  readonly path: string;
  readonly nodeMetadata: GroupMetadata;
  private readonly options: NodeOptions;
  /** Metadata read while listing children, reused by open(). */
  private readonly seen = new Map<string, NodeMetadata>();

  constructor(store: Store, path: string, metadata: GroupMetadata, options: NodeOptions = {}) {
    this.store = store;
    this.path = path;
    this.nodeMetadata = metadata;
    this.options = options;
  }

  get attrs(): Attributes {
    return this.nodeMetadata.attributes;
  }
  get zarrFormat(): 2 | 3 {
    return this.nodeMetadata.zarrFormat;
  }
  /** The metadata documents as stored (v3 zarr.json, or v2 { ".zgroup", ".zattrs" }). */
  get metadata(): JsonObject {
    return this.nodeMetadata.raw;
  }
  /** Metadata of every node below, by relative path, when the group is consolidated. */
  get consolidated(): ConsolidatedMetadata | undefined {
    return this.nodeMetadata.consolidated;
  }

  private where(): string {
    return this.path === "" ? "the group at the store root" : `group '${this.path}'`;
  }

  /** Replaces the attributes (v3: in zarr.json, v2: .zattrs). */
  async setAttrs(attributes: Attributes): Promise<void> {
    const metadata = await writeGroupAttributes(
      this.store,
      this.path,
      this.nodeMetadata,
      attributes,
    );
    Object.assign(this, { nodeMetadata: metadata });
  }

  /** The group's immediate children, sorted by name. */
  async children(): Promise<ChildNode[]> {
    const consolidated = this.nodeMetadata.consolidated;
    const result: ChildNode[] = [];
    if (consolidated) {
      for (const [rel, meta] of consolidated) {
        if (rel.includes("/")) continue;
        result.push({ name: rel, path: joinPath(this.path, rel), kind: meta.nodeType });
      }
    } else {
      const names = await this.listChildNames();
      const metas = await Promise.all(
        names.map((name) =>
          readNodeMetadata(this.store, joinPath(this.path, name), {
            zarrFormat: this.zarrFormat,
            consolidated: false,
            signal: this.options.signal,
          }),
        ),
      );
      names.forEach((name, i) => {
        const meta = metas[i];
        if (!meta) return;
        this.seen.set(name, meta);
        result.push({ name, path: joinPath(this.path, name), kind: meta.nodeType });
      });
    }
    return result.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Names of sub-folders that hold node metadata (or may: listDir gives only folders). */
  private async listChildNames(): Promise<string[]> {
    const store = this.store;
    const prefix = this.path === "" ? "" : `${this.path}/`;
    if (!isListable(store)) {
      throw new StoreError(
        `listing the children of ${this.where()} needs consolidated metadata or a store that can list keys`,
      );
    }
    const names = new Set<string>();
    if (store.listDir) {
      const { prefixes } = await store.listDir(prefix);
      for (let p of prefixes) {
        if (prefix !== "" && p.startsWith(prefix)) p = p.slice(prefix.length);
        p = p.replace(/\/+$/, "");
        if (p !== "" && !p.includes("/")) names.add(p);
      }
      return [...names];
    }
    const metaFile = /^([^/]+)\/(zarr\.json|\.zarray|\.zgroup)$/;
    for await (const key of store.list(prefix)) {
      const match = metaFile.exec(key.slice(prefix.length));
      if (match && key.startsWith(prefix)) names.add(match[1]);
    }
    return [...names];
  }

  /** Opens the node at `childPath` (relative, may be nested: "a/b"). */
  open(childPath: string, options: ChildOpenOptions & { kind: "array" }): Promise<ZarrArray>;
  open(childPath: string, options: ChildOpenOptions & { kind: "group" }): Promise<ZarrGroup>;
  open(childPath: string, options?: ChildOpenOptions): Promise<ZarrNode>;
  async open(childPath: string, options: ChildOpenOptions = {}): Promise<ZarrNode> {
    const rel = normalizeNodePath(childPath);
    if (rel === "") return checkKind(this, options.kind);
    const merged: NodeOptions = { ...this.options, ...options };
    const path = joinPath(this.path, rel);
    const consolidated = merged.consolidated === false ? undefined : this.nodeMetadata.consolidated;
    const known = consolidated?.get(rel) ?? this.seen.get(rel);
    if (known) {
      let meta = known;
      if (meta.nodeType === "group" && consolidated) {
        // zarr-python lists a group's descendants in the root's consolidated metadata
        const below = consolidatedBelow(consolidated, rel);
        for (const [k, v] of meta.consolidated ?? []) below.set(k, v);
        meta = { ...meta, consolidated: below };
      }
      return checkKind(nodeFor(this.store, path, meta, merged), options.kind);
    }
    const meta = await readNodeMetadata(this.store, path, {
      zarrFormat: merged.zarrFormat ?? this.zarrFormat,
      kind: options.kind,
      consolidated: merged.consolidated,
      signal: merged.signal,
    });
    if (!meta) {
      throw new NodeNotFoundError(
        `no ${options.kind ?? "array or group"} at ${nodeLocation(this.store, path)}`,
      );
    }
    return checkKind(nodeFor(this.store, path, meta, merged), options.kind);
  }
}

/** The Array or Group object for metadata read from `path`. */
export function nodeFor(
  store: Store,
  path: string,
  meta: NodeMetadata,
  options: NodeOptions = {},
): ZarrNode {
  return meta.nodeType === "array"
    ? new ZarrArray(store, path, meta, options)
    : new ZarrGroup(store, path, meta, options);
}

/** The node itself, or a NodeNotFoundError when it is not of the requested kind. */
export function checkKind(node: ZarrNode, kind: "array" | "group" | undefined): ZarrNode {
  if (kind === undefined || node.kind === kind) return node;
  const at = nodeLocation(node.store, node.path);
  const article = (k: string) => (k === "array" ? "an array" : "a group");
  throw new NodeNotFoundError(`expected ${article(kind)} at ${at}, found ${article(node.kind)}`);
}
