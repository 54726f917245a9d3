import type { Dirent } from "node:fs";
import type { ByteRange, StoreReadOptions, WorkerStoreRef } from "@zarrkit/core";
import { InvalidKeyError, StoreError, throwIfAborted } from "@zarrkit/core";
import { acquireFileLock, type FileLock } from "./file-lock.js";
import { readFileHandleRange, readFileHandleWhole } from "./file-read.js";
import { listDirFromKeys, normalizeDirPrefix } from "./list-dir.js";
import { isMissingFileError, loadNodeModules, type NodeModules } from "./node-modules.js";
import { realpathOfExisting } from "./real-path.js";
import { validateKey, validatePrefix } from "./store-key.js";

export interface FileSystemStoreOptions {
  /** fsync each written file before it is renamed into place (slower, crash-safe). */
  fsync?: boolean;
  /**
   * Follow symlinks that lead outside the root. Off by default: a key whose real path
   * (after resolving symlinks) leaves the root is rejected with InvalidKeyError.
   */
  allowSymlinksOutsideRoot?: boolean;
  /**
   * Read whole values with blocking calls. Right on a worker thread, where it saves the
   * five event-loop round trips per chunk that async reads cost (workers that read
   * chunks themselves open the store this way); never on a thread that must stay
   * responsive.
   */
  syncReads?: boolean;
  /**
   * Cross-process chunk locks (see `lock` and docs/security-writes.md): a lock not
   * refreshed for `staleMs` is broken (default 30 s), and waiting for one fails after
   * `timeoutMs` (default 60 s). `false`: no lock files, for a folder only this process
   * writes (a bulk copy into a new folder): chunk writes then cost fewer file operations,
   * and writers in other processes can lose updates.
   */
  locks?: false | { staleMs?: number; timeoutMs?: number };
}

/** What FileSystemStore.workerRef gives a worker: enough to open the same store. */
export interface FileSystemStoreRef extends WorkerStoreRef {
  readonly kind: "filesystem";
  readonly root: string;
  readonly options: FileSystemStoreOptions;
}

/** Temporary files of in-progress writes; never listed as keys. */
const TEMP_MARK = ".zarrkit-tmp-";

/**
 * A store over a folder of the local file system (Node only; node:fs is imported on first
 * use). Keys are relative paths under `root`; writes are atomic (temp file + rename).
 */
export class FileSystemStore {
  /** Every read is a new buffer (see ReadableStore.freshReads). */
  readonly freshReads = true;
  readonly root: string;
  readonly #options: FileSystemStoreOptions;
  #realRoot: string | undefined;

  constructor(root: string, options: FileSystemStoreOptions = {}) {
    if (typeof root !== "string" || root === "") {
      throw new StoreError(`FileSystemStore needs a root folder, got ${JSON.stringify(root)}`);
    }
    this.root = root;
    this.#options = options;
  }

  /** Worker threads of this process open the same folder with the same checks. */
  workerRef(): FileSystemStoreRef {
    const options = { ...this.#options, syncReads: true };
    return { kind: "filesystem", root: this.root, options };
  }

  /** The root's real path: stores over the same folder share the write path's locks. */
  async storageId(): Promise<string> {
    const node = await loadNodeModules();
    const root = node.path.resolve(this.root);
    if (this.#realRoot === undefined) {
      try {
        this.#realRoot = await node.fs.realpath(root);
      } catch {
        return realpathOfExisting(root); // not created yet
      }
    }
    return this.#realRoot;
  }

  /**
   * Holds `key` against writers in this and other processes: a lock file created with
   * O_EXCL beside the key's file, broken when its holder died (file-lock.ts).
   */
  async lock(key: string, options: { signal?: AbortSignal } = {}): Promise<FileLock> {
    const node = await loadNodeModules();
    const file = await this.#resolve(key, node);
    const locks = this.#options.locks;
    if (locks === false) return { release: async () => {} };
    if (!this.#options.allowSymlinksOutsideRoot) {
      // the lock file is created beside the key's file: never through a symlink out
      await this.#checkReal(await realpathOfExisting(node.path.dirname(file)), key, node);
    }
    return acquireFileLock(file, { ...locks, signal: options.signal });
  }

  async get(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined> {
    throwIfAborted(options?.signal);
    if (this.#options.syncReads) return this.#getSync(key, options);
    const node = await loadNodeModules();
    const { fs } = node;
    const file = await this.#resolveForRead(key);
    if (file === undefined) return undefined;
    let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
    try {
      handle = await fs.open(file, readFlags(node));
      const info = await handle.stat();
      if (!info.isFile()) return notAFile(info, key);
      const bytes = await readFileHandleWhole(handle, info.size, options?.allocate);
      throwIfAborted(options?.signal);
      return bytes;
    } catch (error) {
      return this.#missingOrThrow(error, key, file, options?.signal);
    } finally {
      await handle?.close();
    }
  }

  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreReadOptions,
  ): Promise<Uint8Array | undefined> {
    const parts = await this.getRanges(key, [range], options);
    return parts?.[0];
  }

  /** Reads several ranges through one open file handle. */
  async getRanges(
    key: string,
    ranges: readonly ByteRange[],
    options?: StoreReadOptions,
  ): Promise<(Uint8Array | undefined)[] | undefined> {
    throwIfAborted(options?.signal);
    const node = await loadNodeModules();
    const { fs } = node;
    const file = await this.#resolveForRead(key);
    if (file === undefined) return undefined;
    let handle: Awaited<ReturnType<typeof fs.open>> | undefined;
    try {
      handle = await fs.open(file, readFlags(node));
      const info = await handle.stat();
      if (!info.isFile()) return notAFile(info, key);
      const needsSize = ranges.some((range) => "suffixLength" in range);
      const size = needsSize ? info.size : undefined;
      const parts: Uint8Array[] = [];
      for (const range of ranges) {
        throwIfAborted(options?.signal);
        parts.push(await readFileHandleRange(handle, range, size));
      }
      return parts;
    } catch (error) {
      return this.#missingOrThrow(error, key, file, options?.signal);
    } finally {
      await handle?.close();
    }
  }

  async has(key: string, options?: StoreReadOptions): Promise<boolean> {
    throwIfAborted(options?.signal);
    const { fs } = await loadNodeModules();
    const file = await this.#resolveForRead(key);
    if (file === undefined) return false;
    try {
      return (await fs.stat(file)).isFile();
    } catch (error) {
      return (await this.#missingOrThrow(error, key, file)) !== undefined;
    }
  }

  /** The file's size, from stat (nothing is read). */
  async getSize(key: string, options?: StoreReadOptions): Promise<number | undefined> {
    throwIfAborted(options?.signal);
    const { fs } = await loadNodeModules();
    const file = await this.#resolveForRead(key);
    if (file === undefined) return undefined;
    try {
      const stat = await fs.stat(file);
      return stat.isFile() ? stat.size : undefined;
    } catch (error) {
      return this.#missingOrThrow(error, key, file, options?.signal);
    }
  }

  /** Writes to a uniquely named temp file beside the target, then renames it into place. */
  async set(key: string, value: Uint8Array): Promise<void> {
    const node = await loadNodeModules();
    const { fs, path } = node;
    const file = await this.#resolve(key, node);
    const dir = path.dirname(file);
    const temp = path.join(dir, `.${path.basename(file)}${TEMP_MARK}${randomId()}`);
    try {
      await this.#checkParent(file, key, node);
      await fs.mkdir(dir, { recursive: true });
      const handle = await fs.open(temp, "wx");
      try {
        await handle.writeFile(value);
        if (this.#options.fsync) await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, file);
    } catch (error) {
      await fs.rm(temp, { force: true }).catch(() => {});
      if (error instanceof InvalidKeyError) throw error;
      throw new StoreError(`cannot write key "${key}" to ${file}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  /**
   * Removes a key; removing a missing key is not an error. The folder it is in must lie
   * inside the root after resolving symlinks, as for set (a symlink at the key itself is
   * removed, not what it points at).
   */
  async delete(key: string): Promise<void> {
    const node = await loadNodeModules();
    const file = await this.#resolve(key, node);
    try {
      await this.#checkParent(file, key, node);
      await node.fs.unlink(file);
    } catch (error) {
      if (error instanceof InvalidKeyError) throw error;
      if (!isMissingFileError(error)) {
        throw new StoreError(`cannot delete key "${key}" at ${file}: ${messageOf(error)}`, {
          cause: error,
        });
      }
    }
  }

  /** Every key under `prefix`, walking sub-folders (symlinked folders are not followed). */
  async *list(prefix = ""): AsyncIterable<string> {
    validatePrefix(prefix);
    const node = await loadNodeModules();
    const slash = prefix.lastIndexOf("/");
    const startDir = slash === -1 ? "" : prefix.slice(0, slash + 1);
    const stack = [startDir];
    while (stack.length > 0) {
      const dirKey = stack.pop()!;
      for (const entry of await this.#readDir(dirKey, node)) {
        const key = dirKey + entry.name;
        if (entry.isDirectory()) {
          if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`)) stack.push(`${key}/`);
        } else if (key.startsWith(prefix)) {
          yield key;
        }
      }
    }
  }

  async listDir(prefix: string): Promise<{ keys: string[]; prefixes: string[] }> {
    validatePrefix(prefix);
    const node = await loadNodeModules();
    const dir = normalizeDirPrefix(prefix);
    const names: string[] = [];
    for (const entry of await this.#readDir(dir, node)) {
      names.push(entry.isDirectory() ? `${dir}${entry.name}/x` : dir + entry.name);
    }
    return listDirFromKeys(names, dir);
  }

  /**
   * Files and folders of a folder; symlinks to files count as files, symlinked folders
   * are skipped. A prefix that leads through a symlinked folder out of the root fails.
   */
  async #readDir(
    dirKey: string,
    node: NodeModules,
  ): Promise<{ name: string; isDirectory(): boolean }[]> {
    const { fs, path } = node;
    const dir = path.resolve(this.root, dirKey === "" ? "." : dirKey);
    let entries: Dirent[];
    try {
      if (dirKey !== "" && !this.#options.allowSymlinksOutsideRoot) {
        await this.#checkReal(await realpathOfExisting(dir), dirKey, node);
      }
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (error instanceof InvalidKeyError) throw error;
      if (isMissingFileError(error)) return [];
      throw new StoreError(`cannot list ${dir}: ${messageOf(error)}`, { cause: error });
    }
    const result: { name: string; isDirectory(): boolean }[] = [];
    for (const entry of entries) {
      const name = entry.name;
      if (name.includes(TEMP_MARK)) continue;
      if (entry.isDirectory()) result.push({ name, isDirectory: () => true });
      else if (entry.isFile()) result.push({ name, isDirectory: () => false });
      else if (entry.isSymbolicLink() && (await this.#isListableLink(path.join(dir, name)))) {
        result.push({ name, isDirectory: () => false });
      }
    }
    return result;
  }

  /** A symlink to a file that reads may follow (inside the root, unless allowed out). */
  async #isListableLink(link: string): Promise<boolean> {
    const node = await loadNodeModules();
    const target = await node.fs.stat(link).catch(() => undefined);
    if (!target?.isFile()) return false;
    if (this.#options.allowSymlinksOutsideRoot) return true;
    try {
      await this.#checkReal(await node.fs.realpath(link), link, node);
      return true;
    } catch {
      return false;
    }
  }

  /** get() with blocking calls (syncReads): the same checks, errors and results. */
  async #getSync(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined> {
    const node = await loadNodeModules();
    const fs = node.fsSync;
    const file = await this.#resolve(key, node);
    let fd: number | undefined;
    try {
      if (!this.#options.allowSymlinksOutsideRoot) {
        await this.#checkReal(fs.realpathSync.native(file), key, node);
      }
      fd = fs.openSync(file, readFlags(node));
      const info = fs.fstatSync(fd);
      if (!info.isFile()) return notAFile(info, key);
      const size = info.size;
      const allocate = options?.allocate;
      const buffer = allocate ? allocate(size).subarray(0, size) : new Uint8Array(size);
      let filled = 0;
      while (filled < size) {
        const read = fs.readSync(fd, buffer, filled, size - filled, filled);
        if (read === 0) break; // the file shrank while we read it
        filled += read;
      }
      return filled === size ? buffer : buffer.subarray(0, filled);
    } catch (error) {
      if (error instanceof InvalidKeyError) throw error;
      return this.#missingOrThrow(error, key, file, options?.signal);
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /** Validates a key and returns its absolute path inside the root. */
  async #resolve(key: string, { path }: NodeModules): Promise<string> {
    validateKey(key);
    const root = path.resolve(this.root);
    const file = path.resolve(root, key);
    if (!isInside(root, file, path.sep)) {
      throw new InvalidKeyError(`store key "${key}" resolves outside the store root ${root}`);
    }
    return file;
  }

  /** The path to read, or undefined when the file does not exist. Checks symlinks. */
  async #resolveForRead(key: string): Promise<string | undefined> {
    const node = await loadNodeModules();
    const file = await this.#resolve(key, node);
    if (this.#options.allowSymlinksOutsideRoot) return file;
    let real: string;
    try {
      real = await node.fs.realpath(file);
    } catch (error) {
      if (isMissingFileError(error)) return undefined;
      throw new StoreError(`cannot resolve key "${key}" at ${file}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    await this.#checkReal(real, key, node);
    return file;
  }

  /** Checks that the folder holding `file` is inside the root after resolving symlinks. */
  async #checkParent(file: string, key: string, node: NodeModules): Promise<void> {
    if (this.#options.allowSymlinksOutsideRoot) return;
    await this.#checkReal(await realpathOfExisting(node.path.dirname(file)), key, node);
  }

  async #checkReal(real: string, key: string, node: NodeModules): Promise<void> {
    if (this.#realRoot === undefined) {
      const root = node.path.resolve(this.root);
      try {
        this.#realRoot = await node.fs.realpath(root);
      } catch {
        return; // the root does not exist yet, so nothing under it can be a symlink
      }
    }
    if (!isInside(this.#realRoot, real, node.path.sep)) {
      throw new InvalidKeyError(
        `store key "${key}" leads through a symlink outside the store root ${this.root}`,
      );
    }
  }

  #missingOrThrow(
    error: unknown,
    key: string,
    file: string,
    signal?: AbortSignal,
  ): undefined | never {
    throwIfAborted(signal);
    if (error instanceof StoreError) throw error;
    if (isMissingFileError(error)) return undefined;
    throw new StoreError(`cannot read key "${key}" at ${file}: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

/**
 * Opens for reading without blocking: a FIFO planted at a key would otherwise hold the
 * open (and a libuv thread, or a worker) forever. Regular files are unaffected.
 */
function readFlags({ fsSync }: NodeModules): number {
  return fsSync.constants.O_RDONLY | fsSync.constants.O_NONBLOCK;
}

/** A folder at a key is no value (undefined); a FIFO, device or socket is an error. */
function notAFile(info: { isDirectory(): boolean }, key: string): undefined {
  if (info.isDirectory()) return undefined;
  throw new StoreError(`store key "${key}" is not a regular file (a FIFO, device or socket)`);
}

function isInside(root: string, file: string, sep: string): boolean {
  const base = root.endsWith(sep) ? root : root + sep;
  return file === root || file.startsWith(base);
}

function randomId(): string {
  return globalThis.crypto.randomUUID();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
