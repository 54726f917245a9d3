/**
/**
 * Where `convert` writes: a local folder or a .zip file, built under a temporary name
 * beside DST and renamed into place only when complete, so a killed or failed convert
 * never leaves a DST that reads as valid; or a bucket prefix (s3://, gs://: each object
 * written whole by PUT or multipart upload). An existing destination is refused unless
 * --overwrite, and then replaced only when it holds Zarr data (a mistyped DST never
 * deletes a folder of something else); a local folder is replaced only once the new one
 * is complete: the old folder is renamed aside, the new one renamed in, then the old one
 * deleted. SRC and DST may not overlap, also through symlinks.
 */
import { randomUUID } from "node:crypto";
import { readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { open as coreOpen, deleteNode, NodeNotFoundError, type Store } from "@zarrkit/core";
import {
  FileSystemStore,
  type ResolveStoreOptions,
  realpathOfExisting,
  resolveStore,
  ZipWriterStore,
} from "@zarrkit/storage";
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
  stores: ResolveStoreOptions = {},
): Promise<Destination> {
  if (/^(s3|gs):\/\//i.test(dst)) return openBucketDestination(dst, src, overwrite, stores);
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
    const [realSrc, realDst] = [await realpathOfExisting(srcPath), await realpathOfExisting(path)];
    if (overlap(path, srcPath) || overlap(realDst, realSrc)) {
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
  if (info) {
    if (!info.isDirectory()) throw new UsageError(`${dst} exists and is not a folder`);
    if ((await readdir(path)).length > 0) {
      if (!overwrite) {
        throw new UsageError(`${dst} already exists (pass --overwrite to replace it)`);
      }
      if (!(await holdsZarr(new FileSystemStore(path)))) {
        throw new UsageError(`${dst} is not empty and holds no Zarr data: not replacing it`);
      }
    }
  }
  const temp = siblingName(path, "tmp");
  const store = new FileSystemStore(temp);
  return {
    store,
    finish: () => replaceFolder(temp, path),
    abort: () => rm(temp, { recursive: true, force: true }),
  };
}

/** A hidden name beside `path`, on the same file system, so renames are atomic. */
function siblingName(path: string, what: string): string {
  return join(dirname(path), `.${basename(path)}.zarrkit-${what}-${randomUUID()}`);
}

/**
 * Puts the complete folder `temp` at `path`: an old folder there is renamed aside first
 * and deleted only after the new one is in place (rename replaces an empty folder).
 */
async function replaceFolder(temp: string, path: string): Promise<void> {
  const old = await stat(path).catch(() => undefined);
  if (old === undefined || (old.isDirectory() && (await readdir(path)).length === 0)) {
    await rename(temp, path);
    return;
  }
  const aside = siblingName(path, "old");
  await rename(path, aside);
  try {
    await rename(temp, path);
  } catch (error) {
    await rename(aside, path).catch(() => {});
    throw error;
  }
  await rm(aside, { recursive: true, force: true });
}

function overlap(a: string, b: string): boolean {
  return a === b || a.startsWith(b + sep) || b.startsWith(a + sep);
}

async function openBucketDestination(
  dst: string,
  src: string,
  overwrite: boolean,
  stores: ResolveStoreOptions,
): Promise<Destination> {
  const norm = (url: string) => url.replace(/\/+$/, "");
  if (
    norm(dst) === norm(src) ||
    norm(src).startsWith(`${norm(dst)}/`) ||
    norm(dst).startsWith(`${norm(src)}/`)
  ) {
    throw new UsageError(`SRC and DST overlap (${src} and ${dst})`);
  }
  const store = resolveStore(dst, stores);
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
