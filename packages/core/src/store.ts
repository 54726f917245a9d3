/**
 * The store interface: a small async key-value map. Keys are "/"-separated paths with
 * no leading slash ("group/array/zarr.json", "array/c/0/0"). A missing key resolves
 * to `undefined`; every other failure rejects with a ZarrError.
 */

/** A byte range: `offset`+`length`, or the last `suffixLength` bytes. */
export type ByteRange = { offset: number; length: number } | { suffixLength: number };

export interface StoreReadOptions {
  signal?: AbortSignal;
  /**
   * A buffer of at least `size` bytes for a whole value. A store that learns a value's
   * size before reading it may read into this buffer and return a view of its first
   * bytes; others ignore it. The caller owns the buffer (it may reuse it).
   */
  allocate?: (size: number) => Uint8Array;
  /**
   * Called with the version of the value this read saw (an HTTP ETag or Last-Modified),
   * by stores that know one. Opaque: pass it back as `ifVersion`.
   */
  onVersion?: (version: string) => void;
  /**
   * Read only that version of the value: a store that can tell rejects with
   * ValueChangedError when the value is now another version (HTTP: If-Match or
   * If-Unmodified-Since, and the response's validator compared). Stores that keep no
   * versions ignore it.
   */
  ifVersion?: string;
}

/**
 * Plain data (structured-cloneable) from which a worker thread opens the same store,
 * so a worker can read chunks itself (see ReadableStore.workerRef).
 */
export interface WorkerStoreRef {
  /** Which store ("filesystem"); the worker side knows how to open each kind. */
  readonly kind: string;
  readonly [field: string]: unknown;
}

/** Counts (requests, bytes) a worker's copy of a store made: see ReadableStore.addWorkerStats. */
export type WorkerStoreStats = Readonly<Record<string, number>>;

export interface ReadableStore {
  /**
   * The value's bytes, or undefined when the key is missing. The store must not change
   * those bytes afterwards (reads decode them later, maybe on another thread); it may
   * hand out a buffer it still holds (readers copy what they move to workers, see
   * freshReads), but not refill one buffer for every call.
   */
  get(key: string, options?: StoreReadOptions): Promise<Uint8Array | undefined>;
  /**
   * Optional: a description of this store a worker can open. A worker decoder then
   * reads and decodes chunks in the worker: the calling thread neither reads nor
   * copies chunk bytes. Stores whose reads need this thread's state return undefined.
   */
  workerRef?(): WorkerStoreRef | undefined;
  /**
   * Optional: takes what the workers' copies of this store (opened from workerRef)
   * counted since they last reported, so the store's statistics cover every thread.
   */
  addWorkerStats?(stats: WorkerStoreStats): void;
  /**
   * True when every read resolves to bytes in a new buffer the store keeps no reference
   * to, so readers may move (transfer) it to a worker, which detaches it. Without it, a
   * worker decoder is sent a copy: a store may hand out the buffers it holds.
   */
  readonly freshReads?: boolean;
  /** Reads part of a value. Stores without native ranges may slice a whole read. */
  getRange?(
    key: string,
    range: ByteRange,
    options?: StoreReadOptions,
  ): Promise<Uint8Array | undefined>;
  /** Reads several ranges of one value; stores may coalesce them into fewer requests. */
  getRanges?(
    key: string,
    ranges: readonly ByteRange[],
    options?: StoreReadOptions,
  ): Promise<(Uint8Array | undefined)[] | undefined>;
  has?(key: string, options?: StoreReadOptions): Promise<boolean>;
  /** The size in bytes of a value without reading it; undefined when the key is missing. */
  getSize?(key: string, options?: StoreReadOptions): Promise<number | undefined>;
}

export interface ListableStore {
  /** Every key that starts with `prefix` (full keys, in no particular order). */
  list(prefix?: string): AsyncIterable<string>;
  /** Immediate children of a prefix ending in "/" (or "" for the root): keys and sub-prefixes. */
  listDir?(prefix: string): Promise<{ keys: string[]; prefixes: string[] }>;
}

export interface WritableStore {
  set(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Optional: what identifies the storage behind a store, so two store objects over the
 * same storage (two `open()`s of one folder) share the write path's chunk locks. A
 * string is a path or URL prefix (`${id}/${key}` names a value: FileSystemStore gives
 * its root's real path, FetchStore its URL); an object is compared by identity. Stores
 * without one are identified by the store object itself.
 */
export interface IdentifiedStore {
  storageId(): string | object | Promise<string | object>;
}

/** A held lock; `release` is called once, in a finally. */
export interface StoreLock {
  release(): Promise<void>;
}

/**
 * Optional: an exclusive lock per key that also holds against other processes
 * (FileSystemStore: a lock file created with O_EXCL). Writers hold it around a chunk's
 * read-modify-write, and around every write of that key, so no update is lost.
 */
export interface LockingStore {
  lock(key: string, options?: { signal?: AbortSignal }): Promise<StoreLock>;
}

/** The condition of a conditional write: the value is still at `ifMatch`, or absent. */
export type WriteCondition = { ifMatch: string } | { ifNoneMatch: "*" };

/**
 * Optional: compare-and-swap, for stores with conditional writes (HTTP If-Match /
 * If-None-Match on object stores, ETags). Writers read a chunk with its version and
 * write it back only if the version is unchanged, retrying on conflict.
 */
export interface ConditionalStore {
  /** The value and an opaque version (an ETag), or undefined when the key is missing. */
  getVersioned(
    key: string,
    options?: StoreReadOptions,
  ): Promise<{ value: Uint8Array; version: string } | undefined>;
  /** Writes if the condition holds; resolves false (writing nothing) when it does not. */
  setIf(key: string, value: Uint8Array, condition: WriteCondition): Promise<boolean>;
  /** Deletes if the value is still at the version; false when it is not. */
  deleteIf?(key: string, condition: { ifMatch: string }): Promise<boolean>;
  /**
   * False when the methods exist but this store's backend refuses conditions (GCS's XML
   * API): writers then fall back to plain read-modify-write, which is not safe against
   * concurrent writers of one chunk.
   */
  readonly conditionalWrites?: boolean;
}

export type Store = ReadableStore &
  Partial<ListableStore> &
  Partial<WritableStore> &
  Partial<IdentifiedStore> &
  Partial<LockingStore> &
  Partial<ConditionalStore>;

export function canCompareAndSwap(
  store: Store,
): store is ReadableStore & WritableStore & ConditionalStore {
  return (
    typeof store.getVersioned === "function" &&
    typeof store.setIf === "function" &&
    store.conditionalWrites !== false
  );
}

export function isWritable(store: Store): store is ReadableStore & WritableStore {
  return typeof store.set === "function" && typeof store.delete === "function";
}

export function isListable(store: Store): store is ReadableStore & ListableStore {
  return typeof store.list === "function";
}

/** Reads a range through the store's own getRange, or by slicing a whole read. */
export async function readRange(
  store: ReadableStore,
  key: string,
  range: ByteRange,
  options?: StoreReadOptions,
): Promise<Uint8Array | undefined> {
  if (store.getRange) return store.getRange(key, range, options);
  const whole = await store.get(key, options);
  if (!whole) return undefined;
  return sliceRange(whole, range);
}

/** The part of `bytes` a range names, clamped to its length (as HTTP does). */
export function sliceRange(bytes: Uint8Array, range: ByteRange): Uint8Array {
  if ("suffixLength" in range) {
    return bytes.subarray(Math.max(0, bytes.length - range.suffixLength));
  }
  return bytes.subarray(range.offset, range.offset + range.length);
}
