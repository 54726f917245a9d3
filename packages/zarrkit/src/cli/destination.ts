/**
 * Where `convert` writes: a local folder (FileSystemStore, atomic writes), a .zip
 * file (ZipWriterStore, renamed into place when complete), or a bucket prefix
 * (s3://, gs://: each object written whole by PUT or multipart upload). An existing destination is
 * refused unless --overwrite, and then replaced only when it holds Zarr data, so a
 * mistyped DST never deletes a folder of something else; SRC and DST may not overlap.
 */
import { readdir, stat } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { open as coreOpen, deleteNode, NodeNotFoundError, type Store } from "@zarrkit/core";
import { FileSystemStore, resolveStore, ZipWriterStore } from "@zarrkit/storage";
import { UsageError } from "./args.js";

export interface Destination {
  readonly store: Store;
  /** Completes the output (a zip's central directory); nothing for a folder. */
  finish(): Promise<void>;
  /** Drops a partial output where possible (a zip's temp file). */
  abort(): Promise<void>;
}

export async function openDestination(
  dst: string,
  src: string,
  overwrite: boolean,
): Promise<Destination> {
  if (/^(s3|gs):\/\//i.test(dst)) return openBucketDestination(dst, src, overwrite);
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(dst) && !/^file:\/\//i.test(dst)) {
    throw new UsageError(
      `DST must be a local folder, a .zip file or an s3:// or gs:// URL, not ${dst}`,
    );
  }
  const path = resolve(/^file:\/\//i.test(dst) ? decodeURIComponent(new URL(dst).pathname) : dst);
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(src) || /^file:\/\//i.test(src)) {
    const srcPath = resolve(
      /^file:\/\//i.test(src) ? decodeURIComponent(new URL(src).pathname) : src,
    );
    if (path === srcPath || path.startsWith(srcPath + sep) || srcPath.startsWith(path + sep)) {
      throw new UsageError(`SRC and DST overlap (${srcPath} and ${path})`);
    }
  }
  const info = await stat(path).catch(() => undefined);
  if (/\.zip\/?$/i.test(path)) {
    if (info && !overwrite) {
      throw new UsageError(`${dst} already exists (pass --overwrite to replace it)`);
    }
    if (info && !info.isFile()) throw new UsageError(`${dst} exists and is not a file`);
    // the old zip stays in place until the new one is complete
    const store = await ZipWriterStore.toFile(path);
    return {
      store,
      finish: async () => {
        await store.close();
      },
      abort: () => store.abort(),
    };
  }
  const store = new FileSystemStore(path);
  if (info) {
    if (!info.isDirectory()) throw new UsageError(`${dst} exists and is not a folder`);
    if ((await readdir(path)).length > 0) {
      if (!overwrite) {
        throw new UsageError(`${dst} already exists (pass --overwrite to replace it)`);
      }
      if (!(await holdsZarr(store))) {
        throw new UsageError(`${dst} is not empty and holds no Zarr data: not replacing it`);
      }
      await deleteNode(store, "");
    }
  }
  return { store, finish: async () => {}, abort: async () => {} };
}

async function openBucketDestination(
  dst: string,
  src: string,
  overwrite: boolean,
): Promise<Destination> {
  const norm = (url: string) => url.replace(/\/+$/, "");
  if (
    norm(dst) === norm(src) ||
    norm(src).startsWith(`${norm(dst)}/`) ||
    norm(dst).startsWith(`${norm(src)}/`)
  ) {
    throw new UsageError(`SRC and DST overlap (${src} and ${dst})`);
  }
  const store = resolveStore(dst);
  let empty = true;
  for await (const _ of store.list?.("") ?? []) {
    empty = false;
    break;
  }
  if (!empty) {
    if (!overwrite) throw new UsageError(`${dst} already exists (pass --overwrite to replace it)`);
    if (!(await holdsZarr(store))) {
      throw new UsageError(`${dst} is not empty and holds no Zarr data: not replacing it`);
    }
    await deleteNode(store, "");
  }
  return { store, finish: async () => {}, abort: async () => {} };
}

async function holdsZarr(store: Store): Promise<boolean> {
  try {
    await coreOpen(store);
    return true;
  } catch (error) {
    if (error instanceof NodeNotFoundError) return false;
    throw error;
  }
}
