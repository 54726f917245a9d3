/**
 * The stores the benchmark reads through. Both libraries always get the same store, so
 * both pay the same read cost. Keys may start with "/" (zarrita) or not (zarrkit).
 *
 * - "zarrkit" (default): zarrkit's FileSystemStore: one fstat-sized read per chunk, into
 *   a buffer of the caller's when it passes `allocate` (zarrkit does, to reuse chunk
 *   buffers; zarrita does not, and gets a fresh buffer per chunk), and with workerRef(),
 *   so zarrkit's workers read the chunk files themselves.
 * - "readfile": each key is one fs.promises.readFile, as zarrita's own FileSystemStore
 *   does (zarrkit then gets fresh buffers too).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  FileSystemStore,
  type StoreReadOptions,
  type WorkerStoreRef,
} from "../packages/zarrkit/src/index.js";

export interface BenchStore {
  get(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined>;
  workerRef?(): WorkerStoreRef | undefined;
}

export type StoreKind = "readfile" | "zarrkit";
export const STORE_KINDS: readonly StoreKind[] = ["readfile", "zarrkit"];

const stripSlash = (key: string): string => (key.startsWith("/") ? key.slice(1) : key);

export class FsReadStore implements BenchStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  async get(key: string, options?: { signal?: AbortSignal }): Promise<Uint8Array | undefined> {
    const file = join(this.root, stripSlash(key));
    try {
      const buf = await readFile(file, { signal: options?.signal });
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }
}

export function createBenchStore(kind: StoreKind, root: string): BenchStore {
  if (kind === "readfile") return new FsReadStore(root);
  const inner = new FileSystemStore(root);
  // workerRef lets zarrkit's workers open the folder themselves, as they do when given
  // a FileSystemStore (zarrita never asks for it)
  return {
    get: (key, options) => inner.get(stripSlash(key), options),
    workerRef: () => inner.workerRef(),
  };
}
