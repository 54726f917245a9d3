/**
 * A local folder's store from its WorkerStoreRef (Node). A module of its own, imported
 * when a worker first opens one, so that browser bundles load no file-system code.
 */
import type { ReadableStore, WorkerStoreRef } from "@zarrkit/core";
import { FileSystemStore, type FileSystemStoreRef } from "@zarrkit/storage";

export function openFileSystemStore(ref: WorkerStoreRef): ReadableStore {
  const { root, options } = ref as FileSystemStoreRef;
  return new FileSystemStore(root, options);
}
