import type { ByteRange, StoreReadOptions } from "@zarrkit/core";
import { StoreError, throwIfAborted, ZarrError } from "@zarrkit/core";
import { listDirFromKeys, normalizeDirPrefix } from "./list-dir.js";
import { validateKey, validatePrefix } from "./store-key.js";

/** A directory handle's entries (in lib.dom.asynciterable, which the build does not load). */
interface IterableDirectory {
  values(): AsyncIterable<FileSystemDirectoryHandle | FileSystemFileHandle>;
}

/**
 * A folder of the Origin Private File System, as the store is given it: any
 * FileSystemDirectoryHandle is one. Declared here so the published types compile without
 * the DOM lib; the store uses the handle as the DOM's.
 */
export interface OpfsDirectoryHandle {
  readonly kind: "directory";
  readonly name: string;
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<unknown>;
  getFileHandle(name: string, options?: { create?: boolean }): Promise<unknown>;
  removeEntry(name: string, options?: { recursive?: boolean }): Promise<void>;
}

export interface OpfsStoreOpenOptions {
  /** Create the folders of `path` when missing (default true). */
  create?: boolean;
}

/**
 * A store in the browser's Origin Private File System (navigator.storage.getDirectory()),
 * or under any FileSystemDirectoryHandle: keys are nested folders and files ("a/c/0/0" is
 * file "0" in folder "a/c/0"). Writes go through createWritable(), which the browser
 * writes to a swap file and swaps in on close, so readers never see a partial value.
 * Key rules are those of FileSystemStore (no "..", ".", empty segments or backslashes).
 */
export class OpfsStore {
  /** Every read is a new buffer (File.arrayBuffer; see ReadableStore.freshReads). */
  readonly freshReads = true;
  readonly root: OpfsDirectoryHandle;
  readonly #root: FileSystemDirectoryHandle;

  constructor(root: OpfsDirectoryHandle) {
    if (root?.kind !== "directory") {
      throw new StoreError("OpfsStore needs a FileSystemDirectoryHandle");
    }
    this.root = root;
    this.#root = root as FileSystemDirectoryHandle;
  }

  /** A store in the folder `path` ("" for the origin's root) of the Origin Private File System. */
  static async open(path = "", options: OpfsStoreOpenOptions = {}): Promise<OpfsStore> {
    const storage = (globalThis as { navigator?: Navigator }).navigator?.storage;
    if (typeof storage?.getDirectory !== "function") {
      throw new ZarrError(
        "unsupported",
        "OpfsStore needs the Origin Private File System (navigator.storage.getDirectory), which this environment lacks",
      );
    }
    if (path !== "") validatePrefix(path);
    let dir = await storage.getDirectory();
    for (const name of segments(path)) {
      try {
        dir = await dir.getDirectoryHandle(name, { create: options.create ?? true });
      } catch (error) {
        throw new StoreError(`cannot open OPFS folder "${path}": ${messageOf(error)}`, {
          cause: error,
        });
      }
    }
    return new OpfsStore(dir);
  }

  async get(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined> {
    const file = await this.#file(key, options?.signal);
    if (!file) return undefined;
    const buffer = await this.#read(key, () => file.arrayBuffer());
    throwIfAborted(options?.signal);
    return buffer && new Uint8Array(buffer);
  }

  /** Reads only the range, through File.slice. Ranges past the end are clamped. */
  async getRange(
    key: string,
    range: ByteRange,
    options?: StoreReadOptions,
  ): Promise<Uint8Array | undefined> {
    const file = await this.#file(key, options?.signal);
    if (!file) return undefined;
    const part =
      "suffixLength" in range
        ? file.slice(Math.max(0, file.size - range.suffixLength))
        : file.slice(range.offset, range.offset + range.length);
    const buffer = await this.#read(key, () => part.arrayBuffer());
    throwIfAborted(options?.signal);
    return buffer && new Uint8Array(buffer);
  }

  async getRanges(
    key: string,
    ranges: readonly ByteRange[],
    options?: StoreReadOptions,
  ): Promise<(Uint8Array | undefined)[] | undefined> {
    const file = await this.#file(key, options?.signal);
    if (!file) return undefined;
    const parts: Uint8Array[] = [];
    for (const range of ranges) {
      throwIfAborted(options?.signal);
      const part =
        "suffixLength" in range
          ? file.slice(Math.max(0, file.size - range.suffixLength))
          : file.slice(range.offset, range.offset + range.length);
      const buffer = await this.#read(key, () => part.arrayBuffer());
      if (!buffer) return undefined; // removed while being read
      parts.push(new Uint8Array(buffer));
    }
    return parts;
  }

  async has(key: string, options?: StoreReadOptions): Promise<boolean> {
    return (await this.#fileHandle(key, options?.signal)) !== undefined;
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    validateKey(key);
    if (!(value instanceof Uint8Array)) {
      throw new StoreError(`value for OPFS key "${key}" must be a Uint8Array`);
    }
    const names = key.split("/");
    const fileName = names.pop()!;
    try {
      let dir = this.#root;
      for (const name of names) dir = await dir.getDirectoryHandle(name, { create: true });
      const handle = await dir.getFileHandle(fileName, { create: true });
      const writable = await handle.createWritable({ keepExistingData: false });
      try {
        // a view of a SharedArrayBuffer cannot be written; slice() copies it to a plain one
        const bytes = value.buffer instanceof ArrayBuffer ? value : value.slice();
        await writable.write(bytes as Uint8Array<ArrayBuffer>);
        await writable.close();
      } catch (error) {
        await writable.abort().catch(() => {});
        throw error;
      }
    } catch (error) {
      const detail =
        nameOf(error) === "TypeMismatchError"
          ? "a folder stands where a file is needed, or a file where a folder is"
          : messageOf(error);
      throw new StoreError(`cannot write OPFS key "${key}": ${detail}`, { cause: error });
    }
  }

  /** Removes a key; removing a missing key (or a folder's name) is not an error. */
  async delete(key: string): Promise<void> {
    validateKey(key);
    const names = key.split("/");
    const fileName = names.pop()!;
    const dir = await this.#dir(names, key);
    if (!dir) return;
    try {
      await dir.getFileHandle(fileName); // refuses folders, so removeEntry only removes files
      await dir.removeEntry(fileName);
    } catch (error) {
      if (isMissing(error)) return;
      throw new StoreError(`cannot delete OPFS key "${key}": ${messageOf(error)}`, {
        cause: error,
      });
    }
  }

  /** Every key under `prefix`, walking sub-folders. */
  async *list(prefix = ""): AsyncIterable<string> {
    validatePrefix(prefix);
    const slash = prefix.lastIndexOf("/");
    const startDir = slash === -1 ? "" : prefix.slice(0, slash + 1);
    const start = await this.#dir(segments(startDir), prefix);
    if (!start) return;
    const stack: [string, FileSystemDirectoryHandle][] = [[startDir, start]];
    while (stack.length > 0) {
      const [dirKey, dir] = stack.pop()!;
      for (const entry of await this.#entries(dir, dirKey)) {
        const key = dirKey + entry.name;
        if (entry.kind === "directory") {
          if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`)) {
            stack.push([`${key}/`, entry]);
          }
        } else if (key.startsWith(prefix)) {
          yield key;
        }
      }
    }
  }

  async listDir(prefix: string): Promise<{ keys: string[]; prefixes: string[] }> {
    validatePrefix(prefix);
    const dirKey = normalizeDirPrefix(prefix);
    const dir = await this.#dir(segments(dirKey), prefix);
    if (!dir) return { keys: [], prefixes: [] };
    const names: string[] = [];
    for (const entry of await this.#entries(dir, dirKey)) {
      names.push(entry.kind === "directory" ? `${dirKey}${entry.name}/x` : dirKey + entry.name);
    }
    return listDirFromKeys(names, dirKey);
  }

  async #file(key: string, signal: AbortSignal | undefined): Promise<File | undefined> {
    const handle = await this.#fileHandle(key, signal);
    if (!handle) return undefined;
    const file = await this.#read(key, () => handle.getFile());
    throwIfAborted(signal);
    return file;
  }

  async #fileHandle(
    key: string,
    signal: AbortSignal | undefined,
  ): Promise<FileSystemFileHandle | undefined> {
    throwIfAborted(signal);
    validateKey(key);
    const names = key.split("/");
    const fileName = names.pop()!;
    const dir = await this.#dir(names, key);
    if (!dir) return undefined;
    const handle = await this.#read(key, () => dir.getFileHandle(fileName));
    throwIfAborted(signal);
    return handle;
  }

  /** The folder at `names` below the root, or undefined when it (or a parent) is missing. */
  async #dir(
    names: readonly string[],
    key: string,
  ): Promise<FileSystemDirectoryHandle | undefined> {
    let dir: FileSystemDirectoryHandle | undefined = this.#root;
    for (const name of names) {
      const parent: FileSystemDirectoryHandle = dir;
      dir = await this.#read(key, () => parent.getDirectoryHandle(name));
      if (!dir) return undefined;
    }
    return dir;
  }

  async #entries(
    dir: FileSystemDirectoryHandle,
    dirKey: string,
  ): Promise<(FileSystemDirectoryHandle | FileSystemFileHandle)[]> {
    const entries: (FileSystemDirectoryHandle | FileSystemFileHandle)[] = [];
    try {
      for await (const entry of (dir as unknown as IterableDirectory).values()) entries.push(entry);
    } catch (error) {
      if (isMissing(error)) return [];
      throw new StoreError(`cannot list OPFS folder "${dirKey}": ${messageOf(error)}`, {
        cause: error,
      });
    }
    return entries;
  }

  /** Runs a read step: a missing entry gives undefined, other failures a StoreError. */
  async #read<T>(key: string, step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw new StoreError(`cannot read OPFS key "${key}": ${messageOf(error)}`, { cause: error });
    }
  }
}

/** The non-empty "/"-separated segments of a folder path. */
function segments(path: string): string[] {
  return path.split("/").filter((name) => name !== "");
}

function nameOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "name" in error
    ? String((error as { name: unknown }).name)
    : undefined;
}

/** "Not there" for a key: no such entry, or a file where a folder is (or the reverse). */
function isMissing(error: unknown): boolean {
  const name = nameOf(error);
  return name === "NotFoundError" || name === "TypeMismatchError";
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
