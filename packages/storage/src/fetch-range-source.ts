import { StoreError } from "@zarrkit/core";
import { FetchStore, type FetchStoreOptions } from "./fetch-store.js";
import { InFlightRequests } from "./in-flight-requests.js";
import { checkSourceRange, type RangeSource } from "./range-source.js";

export interface FetchRangeSourceOptions extends FetchStoreOptions {
  /**
   * How many bytes at the end to fetch in the first request, which also tells the size
   * (default 128 KiB: a zip's end records with the longest comment, and usually its
   * whole central directory).
   */
  tailBytes?: number;
}

export const DEFAULT_TAIL_BYTES = 128 * 1024;

/** The size of the whole file and its last bytes. */
interface Tail {
  size: number;
  bytes: Uint8Array;
}

/**
 * A RangeSource over one URL with range requests. The first request is a suffix range:
 * it gives the size (Content-Range) and the tail, where zip and similar formats keep
 * their index, so reads that fall inside the tail cost no further request.
 */
export class FetchRangeSource implements RangeSource {
  readonly url: string;
  readonly #store: FetchStore;
  readonly #key: string;
  readonly #tailBytes: number;
  #tail: Tail | undefined;
  /** The first request, shared by concurrent callers: cancelled only if all of them abort. */
  readonly #tailRequest = new InFlightRequests<Tail>();

  /** Reads `key` of `store`, or the URL itself when given a URL string. */
  constructor(
    urlOrStore: string | URL | FetchStore,
    keyOrOptions?: string | FetchRangeSourceOptions,
  ) {
    if (urlOrStore instanceof FetchStore) {
      if (typeof keyOrOptions !== "string") throw new StoreError("FetchRangeSource needs a key");
      this.#store = urlOrStore;
      this.#key = keyOrOptions;
      this.#tailBytes = DEFAULT_TAIL_BYTES;
    } else {
      const options = typeof keyOrOptions === "object" ? keyOrOptions : {};
      const url = new URL(urlOrStore, globalThis.location?.href);
      const slash = url.pathname.lastIndexOf("/");
      const name = decodeURIComponent(url.pathname.slice(slash + 1));
      url.pathname = url.pathname.slice(0, slash + 1);
      this.#store = new FetchStore(url, options);
      this.#key = name;
      this.#tailBytes = options.tailBytes ?? DEFAULT_TAIL_BYTES;
    }
    this.url = this.#store.resolve(this.#key);
  }

  async size(options?: { signal?: AbortSignal }): Promise<number> {
    return (await this.#loadTail(options?.signal)).size;
  }

  async read(offset: number, length: number, options?: { signal?: AbortSignal }) {
    const tail = await this.#loadTail(options?.signal);
    checkSourceRange(offset, length, tail.size, this.url);
    const tailStart = tail.size - tail.bytes.length;
    if (offset >= tailStart)
      return tail.bytes.subarray(offset - tailStart, offset - tailStart + length);
    const bytes = await this.#store.getRange(this.#key, { offset, length }, options);
    if (!bytes) throw new StoreError(`${this.url} disappeared (404) while reading it`);
    if (bytes.length !== length) {
      throw new StoreError(`short read of ${this.url}: ${bytes.length} of ${length} bytes`);
    }
    return bytes;
  }

  async #loadTail(signal?: AbortSignal): Promise<Tail> {
    if (this.#tail) return this.#tail;
    // a failure is not kept: a later call tries again
    const { value } = await this.#tailRequest.run(
      "tail",
      (shared) => this.#fetchTail(shared),
      signal,
    );
    this.#tail = value;
    return value;
  }

  async #fetchTail(signal?: AbortSignal): Promise<Tail> {
    const options = signal ? { signal } : undefined;
    const read = await this.#store.readRange(this.#key, { suffixLength: this.#tailBytes }, options);
    if (!read) throw new StoreError(`${this.url} was not found (404)`);
    if (read.size !== undefined) return { size: read.size, bytes: read.bytes };
    // Content-Range hidden (CORS): a tail shorter than asked is the whole file
    if (read.bytes.length < this.#tailBytes) return { size: read.bytes.length, bytes: read.bytes };
    const head = await this.#store.client.head(this.url, signal);
    if (head?.size === undefined) {
      throw new StoreError(
        `cannot tell the size of ${this.url} (no Content-Range or Content-Length)`,
      );
    }
    return { size: head.size, bytes: read.bytes };
  }
}
