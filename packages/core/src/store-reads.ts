/**
 * Store reads as the read paths use them, checked at the boundary: stores are often a
 * few lines of user code, and what they return or throw must not reach a codec or a
 * worker as something else. Bytes in another form (an ArrayBuffer, a DataView, any
 * typed array) are read as the bytes they hold; anything else that is not undefined,
 * and every failure that is not already a ZarrError, becomes a StoreError naming the
 * key (the original as its cause).
 */
import { isDetached, isSharedArrayBuffer } from "./buffer-kinds.js";
import { AbortError, StoreError, ZarrError } from "./errors.js";
import { type ByteRange, type ReadableStore, type StoreReadOptions, sliceRange } from "./store.js";

/** store.get, checked. */
export async function getBytes(
  store: ReadableStore,
  key: string,
  options?: StoreReadOptions,
): Promise<Uint8Array | undefined> {
  const value = await call(() => store.get(key, options), "get", key, options?.signal);
  return asBytes(value, "get", key);
}

/** store.getRange (or a slice of store.get when it has none), checked. */
export async function getRangeBytes(
  store: ReadableStore,
  key: string,
  range: ByteRange,
  options?: StoreReadOptions,
): Promise<Uint8Array | undefined> {
  if (typeof store.getRange !== "function") {
    const whole = await getBytes(store, key, options);
    return whole && sliceRange(whole, range);
  }
  const getRange = store.getRange.bind(store);
  const value = await call(() => getRange(key, range, options), "getRange", key, options?.signal);
  return asBytes(value, "getRange", key);
}

/**
 * store.getRanges, checked: undefined (the key is missing) or one part per range, each
 * bytes or undefined. The store must have getRanges.
 */
export async function getRangesBytes(
  store: ReadableStore & Required<Pick<ReadableStore, "getRanges">>,
  key: string,
  ranges: readonly ByteRange[],
  options?: StoreReadOptions,
): Promise<(Uint8Array | undefined)[] | undefined> {
  const value: unknown = await call(
    () => store.getRanges(key, ranges, options),
    "getRanges",
    key,
    options?.signal,
  );
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length !== ranges.length) {
    const got = Array.isArray(value) ? `${value.length} parts` : describe(value);
    throw new StoreError(`store.getRanges("${key}") gave ${got} for ${ranges.length} ranges`);
  }
  return value.map((part) => asBytes(part, "getRanges", key));
}

/**
 * A store's answer as bytes: a Uint8Array as is, other views and buffers viewed as
 * bytes, undefined for a missing key; a StoreError for anything else (null too: a store
 * says "missing" with undefined, and null may as well be a bug).
 */
export function asBytes(value: unknown, method: string, key: string): Uint8Array | undefined {
  if (value === undefined) return undefined;
  const view = ArrayBuffer.isView(value);
  if (!view && !(value instanceof ArrayBuffer || isSharedArrayBuffer(value))) {
    throw new StoreError(
      `store.${method}("${key}") gave ${describe(value)}, not a Uint8Array or undefined (missing)`,
    );
  }
  const buffer = view ? value.buffer : value;
  // moved (transferred) elsewhere: it would read as empty, or fail where it is used
  if (isDetached(buffer)) {
    throw new StoreError(
      `store.${method}("${key}") gave bytes whose ArrayBuffer was transferred elsewhere (detached)`,
    );
  }
  if (value instanceof Uint8Array) return value;
  return view ? new Uint8Array(buffer, value.byteOffset, value.byteLength) : new Uint8Array(buffer);
}

/**
 * Runs a store call (which may throw synchronously); a failure that is not a ZarrError
 * becomes a StoreError naming the key, or an AbortError when the read was aborted.
 */
export async function call<T>(
  run: () => Promise<T>,
  method: string,
  key: string,
  signal?: AbortSignal,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw storeFailure(error, method, key, signal);
  }
}

/** The error a failed store call surfaces as (see call). */
export function storeFailure(
  error: unknown,
  method: string,
  key: string,
  signal?: AbortSignal,
): ZarrError {
  if (error instanceof ZarrError) return error;
  if (signal?.aborted) return new AbortError(undefined, { cause: signal.reason });
  const reason =
    error instanceof Error ? error.message : typeof error === "string" ? error : describe(error);
  return new StoreError(`store.${method}("${key}") failed: ${reason}`, { cause: error });
}

/** A value's type for messages: "null", "string", "number", "Array", "Object", ... */
function describe(value: unknown): string {
  if (value === null || typeof value !== "object") return value === null ? "null" : typeof value;
  return (value as { constructor?: { name?: string } }).constructor?.name || "object";
}
