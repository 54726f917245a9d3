/**
 * The stores a decode worker can open from a WorkerStoreRef, so that it reads chunks
 * itself (ChunkDecoder.readInto). One store per distinct ref, kept for the worker's
 * life: FileSystemStore caches its real root path, FetchStore its connections.
 */
import { type ReadableStore, StoreError, type WorkerStoreRef } from "@zarrkit/core";
import {
  FetchStore,
  type FetchStoreRef,
  FileSystemStore,
  type FileSystemStoreRef,
} from "@zarrkit/storage";

const opened = new Map<string, ReadableStore>();

export function openWorkerStore(ref: WorkerStoreRef): ReadableStore {
  const id = JSON.stringify(ref);
  let store = opened.get(id);
  if (store === undefined) {
    store = open(ref);
    opened.set(id, store);
  }
  return store;
}

function open(ref: WorkerStoreRef): ReadableStore {
  if (ref.kind === "filesystem") {
    const { root, options } = ref as FileSystemStoreRef;
    return new FileSystemStore(root, options);
  }
  if (ref.kind === "fetch") {
    const { url, options } = ref as FetchStoreRef;
    return new FetchStore(url, options);
  }
  throw new StoreError(`a worker cannot open a store of kind "${ref.kind}"`);
}
