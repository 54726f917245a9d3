/**
 * The lock around a chunk's write, so concurrent writers never interleave the
 * read-modify-write of a shared chunk (which would lose one of the updates).
 *
 * In one process, writers queue per (storage, key) in arrival order: storage is the
 * store's `storageId()` when it has one, so two stores over one folder share locks;
 * an idle key holds no memory. A store that can lock a key against other processes
 * (`lock`: FileSystemStore's lock files) is locked as well, inside the queue.
 */
import type { Store } from "../store.js";

/** Queues of stores identified by object. */
const byObject = new WeakMap<object, Map<string, Promise<void>>>();
/** Queues of stores identified by a path or URL: `${id}/${key}`. */
const byPath = new Map<string, Promise<void>>();

export interface ChunkLockOptions {
  signal?: AbortSignal;
}

/** Runs `work` once every earlier holder of (storage, key) has finished. */
export async function withChunkLock<T>(
  store: Store,
  key: string,
  work: () => Promise<T>,
  options: ChunkLockOptions = {},
): Promise<T> {
  const id = (await store.storageId?.()) ?? store;
  let queues: Map<string, Promise<void>>;
  let queueKey: string;
  if (typeof id === "string") {
    queues = byPath;
    queueKey = `${id.replace(/\/+$/, "")}/${key}`;
  } else {
    queues = byObject.get(id) ?? new Map();
    byObject.set(id, queues);
    queueKey = key;
  }
  const previous = queues.get(queueKey);
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  // the tail resolves when this holder is done, whatever happened before it
  const tail = previous ? previous.then(() => mine) : mine;
  queues.set(queueKey, tail);
  try {
    if (previous) await previous;
    if (!store.lock) return await work();
    const held = await store.lock(key, options);
    try {
      return await work();
    } finally {
      await held.release();
    }
  } finally {
    release();
    if (queues.get(queueKey) === tail) queues.delete(queueKey);
  }
}
