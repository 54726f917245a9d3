/**
 * A zarrkit store over a Redis server, to show how small a custom store is: one Redis
 * string per key, under a namespace ("name/") so that many stores can share a server.
 * Reads, ranges (GETRANGE), sizes, listing (SCAN), writes and deletes; it passes the
 * conformance suite of zarrkit's own stores (tests/stores/redis-store.test.ts).
 *
 *   const store = new RedisStore(new Redis("redis://127.0.0.1:6379"), "data.zarr");
 *   const array = await create(store, { shape: [100], chunks: [10], dtype: "int32" });
 */
import type { Redis } from "ioredis";
import { type ByteRange, listDirFromKeys, type Store, StoreError, validateKey } from "zarrkit";

export class RedisStore implements Store {
  /** Reads copy out of ioredis' buffers, so workers may take them. */
  readonly freshReads = true;
  readonly #redis: Redis;
  readonly #namespace: string;

  constructor(redis: Redis, name: string) {
    this.#redis = redis;
    this.#namespace = `${name}/`;
  }

  #key(key: string): string {
    validateKey(key);
    return this.#namespace + key;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const value = await this.#redis.getBuffer(this.#key(key));
    return value === null ? undefined : new Uint8Array(value);
  }

  async getRange(key: string, range: ByteRange): Promise<Uint8Array | undefined> {
    const suffix = "suffixLength" in range;
    const length = suffix ? range.suffixLength : range.length;
    const start = suffix ? -range.suffixLength : range.offset;
    if (!suffix && start < 0) throw new StoreError(`negative offset ${start} for ${key}`);
    // GETRANGE's end is inclusive (negative: from the end); start 1 > end 0 reads nothing
    const [from, to] = length === 0 ? [1, 0] : [start, suffix ? -1 : start + length - 1];
    // EXISTS with the read, atomically: GETRANGE answers "" for a missing key
    const [[, exists], [, bytes]] = (await this.#redis
      .multi()
      .exists(this.#key(key))
      .getrangeBuffer(this.#key(key), from, to)
      .exec()) as [[null, number], [null, Buffer]];
    return exists ? new Uint8Array(bytes) : undefined;
  }

  async has(key: string): Promise<boolean> {
    return (await this.#redis.exists(this.#key(key))) === 1;
  }

  async getSize(key: string): Promise<number | undefined> {
    const [[, exists], [, size]] = (await this.#redis
      .multi()
      .exists(this.#key(key))
      .strlen(this.#key(key))
      .exec()) as [[null, number], [null, number]];
    return exists ? size : undefined;
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    await this.#redis.set(this.#key(key), Buffer.from(value));
  }

  async delete(key: string): Promise<void> {
    await this.#redis.del(this.#key(key));
  }

  /** Every key under `prefix`, by SCAN (the namespace's glob characters escaped). */
  async *list(prefix = ""): AsyncIterable<string> {
    const match = `${(this.#namespace + prefix).replace(/[*?[\]\\]/g, "\\$&")}*`;
    const seen = new Set<string>(); // SCAN may return a key more than once
    for await (const batch of this.#redis.scanStream({ match, count: 1000 })) {
      for (const key of batch as string[]) {
        if (!seen.has(key)) yield key.slice(this.#namespace.length);
        seen.add(key);
      }
    }
  }

  async listDir(prefix: string): Promise<{ keys: string[]; prefixes: string[] }> {
    const keys: string[] = [];
    for await (const key of this.list(prefix)) keys.push(key);
    return listDirFromKeys(keys, prefix);
  }
}
