/**
 * zarrkit's `create` and `createGroup`: core's, taking a path or URL as well as a store
 * (resolveStore), and returning nodes that encode and decode chunks the way zarrkit's
 * `open` does (the worker pool by default). The node is created with core's functions
 * and then opened with zarrkit's `open`, so the decoder is chosen in one place only.
 */
import {
  type CreateArrayOptions,
  type CreateGroupOptions,
  create as coreCreate,
  createGroup as coreCreateGroup,
  type DataTypeName,
  type Store,
  type ZarrArray,
  type ZarrGroup,
} from "@zarrkit/core";
import { resolveStore } from "@zarrkit/storage";
import { open, registerAllCodecs, type ZarrkitOpenOptions } from "./index.js";

/** How the returned node decodes and encodes chunks (as for zarrkit's `open`). */
export type ZarrkitNodeOptions = Pick<ZarrkitOpenOptions, "workers" | "shared">;

export interface ZarrkitCreateOptions<D extends DataTypeName = DataTypeName>
  extends CreateArrayOptions<D>,
    ZarrkitNodeOptions {}

export interface ZarrkitCreateGroupOptions extends CreateGroupOptions, ZarrkitNodeOptions {}

/**
 * Creates an array (v3 unless `zarrFormat: 2`) in a store, or at a local path / file://
 * URL, and returns it ready for `set`, with chunks encoded in the worker pool unless
 * `decoder` or `workers: 0` says otherwise.
 */
export async function create<D extends DataTypeName = DataTypeName>(
  storeOrPath: Store | string,
  options: ZarrkitCreateOptions<D>,
): Promise<ZarrArray<D>> {
  registerAllCodecs();
  const store = typeof storeOrPath === "string" ? resolveStore(storeOrPath) : storeOrPath;
  const { workers, shared, ...coreOptions } = options;
  const made = await coreCreate(store, coreOptions);
  const reopened = await open(store, {
    path: made.path,
    kind: "array",
    zarrFormat: made.zarrFormat,
    consolidated: false,
    registry: options.registry,
    decoder: options.decoder,
    indexCache: options.indexCache,
    workers,
    shared,
  });
  return reopened as ZarrArray<D>;
}

/** Creates a group (v3 unless `zarrFormat: 2`) in a store or at a local path. */
export async function createGroup(
  storeOrPath: Store | string,
  options: ZarrkitCreateGroupOptions = {},
): Promise<ZarrGroup> {
  registerAllCodecs();
  const store = typeof storeOrPath === "string" ? resolveStore(storeOrPath) : storeOrPath;
  const { workers, shared, ...coreOptions } = options;
  const made = await coreCreateGroup(store, coreOptions);
  return open(store, {
    path: made.path,
    kind: "group",
    zarrFormat: made.zarrFormat,
    consolidated: false,
    workers,
    shared,
  });
}
