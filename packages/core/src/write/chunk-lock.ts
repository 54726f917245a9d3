/**
 * A per-(store, key) async lock, so concurrent writes in one process never interleave
 * the read-modify-write of a shared chunk (which would lose one of the updates).
 * Waiters run in arrival order; an idle key holds no memory.
 */
const locks = new WeakMap<object, Map<string, Promise<void>>>();

/** Runs `work` once every earlier holder of (store, key) has finished. */
export async function withChunkLock<T>(
  store: object,
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  let byKey = locks.get(store);
  if (!byKey) {
    byKey = new Map();
    locks.set(store, byKey);
  }
  const previous = byKey.get(key);
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  // the tail resolves when this holder is done, whatever happened before it
  const tail = previous ? previous.then(() => mine) : mine;
  byKey.set(key, tail);
  try {
    if (previous) await previous;
    return await work();
  } finally {
    release();
    if (byKey.get(key) === tail) byKey.delete(key);
  }
}
