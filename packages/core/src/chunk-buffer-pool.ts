/**
 * Reusable buffers for chunk bytes. A store that knows a value's size before reading
 * it (a file: fstat) reads into a buffer taken from here (StoreReadOptions.allocate),
 * and the read gives the buffer back once the chunk is decoded and copied. On these
 * machines first-touch memory is costly and every fresh multi-MiB ArrayBuffer adds
 * external-memory GC pressure: a raw 256 MiB read spent ~28% of its time in GC and page
 * faults before chunk buffers were reused.
 *
 * Only buffers this pool lent are ever taken back, so a store that ignores `allocate`
 * and returns its own memory (MemoryStore) is never recycled. A lent buffer that was
 * transferred to a worker comes back detached and is dropped.
 */

/** Bytes of idle buffers a pool keeps; beyond this, the oldest are let go. */
const DEFAULT_IDLE_BYTES = 64 * 1024 * 1024;
/** Buffers are allocated in whole pages, so chunks of nearly equal size share them. */
const GRANULE = 64 * 1024;

export class ChunkBufferPool {
  readonly #idle: Uint8Array[] = [];
  readonly #lent = new WeakSet<ArrayBufferLike>();
  readonly #adopted = new WeakSet<ArrayBufferLike>();
  readonly #maxIdleBytes: number;
  readonly #allocate: (bytes: number) => ArrayBufferLike;
  #idleBytes = 0;

  constructor(allocate: (bytes: number) => ArrayBufferLike, maxIdleBytes = DEFAULT_IDLE_BYTES) {
    this.#allocate = allocate;
    this.#maxIdleBytes = maxIdleBytes;
  }

  /** A buffer of at least `size` bytes (a reused one up to twice that size if idle). */
  take = (size: number): Uint8Array => {
    let best = -1;
    for (let i = 0; i < this.#idle.length; i++) {
      const length = this.#idle[i].byteLength;
      if (length >= size && length <= 2 * size + GRANULE) {
        if (best < 0 || length < this.#idle[best].byteLength) best = i;
      }
    }
    if (best >= 0) {
      const [buffer] = this.#idle.splice(best, 1);
      this.#idleBytes -= buffer.byteLength;
      return buffer;
    }
    const bytes = Math.max(GRANULE, Math.ceil(size / GRANULE) * GRANULE);
    const buffer = new Uint8Array(this.#allocate(bytes));
    this.#lent.add(buffer.buffer);
    return buffer;
  };

  /**
   * Takes in a buffer that came back from a worker (a lent buffer that was moved away
   * and back is a new ArrayBuffer object), for one later releaseAdopted().
   */
  adopt(buffer: ArrayBufferLike): void {
    this.#adopted.add(buffer);
  }

  /**
   * Releases the buffer under `view` if it was adopted (and not released since). Kept
   * apart from release() so a view that may share a buffer with something the caller
   * releases anyway (chunk bytes, a lend() scratch) is never given back twice: a
   * second release could hand the buffer to a new owner while another still has it.
   */
  releaseAdopted(view: Uint8Array): void {
    const buffer = view.buffer;
    if (!this.#adopted.delete(buffer)) return;
    this.#lent.add(buffer);
    this.release(view);
  }

  /**
   * Gives back the buffer under `view` when this pool lent it. The caller must hold no
   * other reference into it: its next taker overwrites it.
   */
  release(view: Uint8Array): void {
    const buffer = view.buffer;
    if (!this.#lent.has(buffer) || buffer.byteLength === 0) return;
    if (buffer.byteLength > this.#maxIdleBytes) return;
    for (const idle of this.#idle) if (idle.buffer === buffer) return; // released twice
    this.#idle.push(new Uint8Array(buffer));
    this.#idleBytes += buffer.byteLength;
    while (this.#idleBytes > this.#maxIdleBytes) {
      const oldest = this.#idle.shift() as Uint8Array;
      this.#idleBytes -= oldest.byteLength;
    }
  }

  /**
   * Runs `work` with a scratch allocator from this pool and takes back every buffer it
   * took once `work` settles: `work` must not let a view of one escape.
   */
  async lend<T>(work: (scratch: (size: number) => Uint8Array) => Promise<T>): Promise<T> {
    const taken: Uint8Array[] = [];
    try {
      return await work((size) => {
        const buffer = this.take(size);
        taken.push(buffer);
        return buffer;
      });
    } finally {
      for (const buffer of taken) this.release(buffer);
    }
  }

  /** Idle bytes held, for tests. */
  get idleBytes(): number {
    return this.#idleBytes;
  }
}

/** Chunk bytes in ordinary memory (decoded on this thread, or transferred away). */
export const localChunkBuffers = new ChunkBufferPool((bytes) => new ArrayBuffer(bytes));

/**
 * Chunk bytes in shared memory, for reads decoded by workers into a shared output:
 * posting a view of a SharedArrayBuffer shares it, so the buffer stays usable here
 * and returns to the pool once the worker is done.
 */
export const sharedChunkBuffers = new ChunkBufferPool((bytes) => new SharedArrayBuffer(bytes));

/**
 * The pool a read's chunk bytes come from: shared buffers when workers decode into a
 * shared output; ordinary ones when this thread decodes (a decoder without decodeInto
 * is an inline one); none when the bytes may be transferred to a worker and lost.
 */
export function chunkBuffersFor(
  decoder: { decodeInto?: unknown },
  sharedOutput: boolean,
): ChunkBufferPool | undefined {
  if (sharedOutput) return sharedChunkBuffers;
  return decoder.decodeInto === undefined ? localChunkBuffers : undefined;
}
