/**
 * The stores a decode worker can open from a WorkerStoreRef, so that it reads chunks
 * itself (ChunkDecoder.readInto). One store per distinct ref, kept for the worker's
 * life: FileSystemStore caches its real root path, FetchStore its connections.
 *
 * Which kinds a worker knows is its entry's choice: a browser worker knows HTTP(S)
 * alone (FETCH_WORKER_STORES: it has no local folders, and its bundle then carries no
 * file-system code); Node workers and the calling thread know local folders too.
 */
import { type ReadableStore, StoreError, type WorkerStoreRef } from "@zarrkit/core";
import {
  FetchStore,
  type FetchStoreRef,
  FileSystemStore,
  type FileSystemStoreRef,
} from "@zarrkit/storage";

/** Opens a store of one kind from its ref. */
export type WorkerStoreOpener = (ref: WorkerStoreRef) => ReadableStore | Promise<ReadableStore>;

/** Ref kind -> opener. */
export type WorkerStoreOpeners = Readonly<Record<string, WorkerStoreOpener>>;

function openFetchStore(ref: WorkerStoreRef): ReadableStore {
  const { url, options } = ref as FetchStoreRef;
  return new FetchStore(url, options);
}

/** HTTP(S) stores only: what a browser worker can open. */
export const FETCH_WORKER_STORES: WorkerStoreOpeners = { fetch: openFetchStore };

function openFileSystemStore(ref: WorkerStoreRef): ReadableStore {
  const { root, options } = ref as FileSystemStoreRef;
  return new FileSystemStore(root, options);
}

/** HTTP(S) stores and local folders (Node's workers, and the calling thread's handlers). */
export const WORKER_STORES: WorkerStoreOpeners = {
  fetch: openFetchStore,
  filesystem: openFileSystemStore,
};

/** Opens stores from refs with `openers`, one store per distinct ref. */
export function workerStoreOpener(
  openers: WorkerStoreOpeners,
): (ref: WorkerStoreRef) => Promise<ReadableStore> {
  const opened = new Map<string, Promise<ReadableStore>>();
  return (ref) => {
    const id = JSON.stringify(ref);
    let store = opened.get(id);
    if (store === undefined) {
      store = open(ref, openers);
      // a failed open (a bad ref) is not kept: the next batch reports it again
      store.catch(() => opened.delete(id));
      opened.set(id, store);
    }
    return store;
  };
}

async function open(ref: WorkerStoreRef, openers: WorkerStoreOpeners): Promise<ReadableStore> {
  const opener = Object.hasOwn(openers, ref.kind) ? openers[ref.kind] : undefined;
  if (opener === undefined) {
    throw new StoreError(`a worker cannot open a store of kind "${ref.kind}"`);
  }
  return opener(ref);
}
