/**
 * Changing an array's shape: `resize` rewrites the metadata and deletes the chunks
 * wholly outside the new shape (found by listing when the store lists, else by
 * enumerating the old grid's chunks outside the new one); `append` grows one axis and
 * writes the new data there. Like zarr-python, chunks that straddle the new edge keep
 * their old values beyond it.
 */
import { chunkKey, joinPath, parseChunkKey } from "../chunk-key-encoding.js";
import { MetadataError, SelectionError } from "../errors.js";
import { slice } from "../indexing/slice.js";
import type { DimSelection } from "../indexing/types.js";
import type { JsonObject, JsonValue } from "../json.js";
import { parseV2ArrayMetadata } from "../metadata-v2.js";
import { parseV3ArrayMetadata } from "../metadata-v3.js";
import type { ArrayMetadata } from "../node-metadata.js";
import { runBounded } from "../run-bounded.js";
import { isListable } from "../store.js";
import type { ArrayWriteTarget } from "./array-write-target.js";
import { requireWritable, writeDocument } from "./node-store.js";
import { type SetOptions, writeSelection } from "./write-selection.js";
import type { NdArrayLike, WriteValue } from "./write-value.js";

const DELETE_CONCURRENCY = 8;

export interface ResizeOptions {
  signal?: AbortSignal;
  /** Chunk deletions at once (default 8). */
  concurrency?: number;
}

/** Writes metadata with a new shape and deletes the chunks outside it; returns the new metadata. */
export async function resizeArray(
  target: ArrayWriteTarget,
  shape: readonly number[],
  options: ResizeOptions = {},
): Promise<ArrayMetadata> {
  const store = target.store;
  requireWritable(store, `resizing ${target.where()}`);
  const old = target.metadata;
  if (shape.length !== old.shape.length || !shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new SelectionError(
      `new shape [${shape}] for ${target.where()} must be ${old.shape.length} non-negative integers`,
    );
  }
  const metadata = await writeArrayDocuments(target, (doc) => ({ ...doc, shape: [...shape] }));
  const oldGrid = old.shape.map((n, d) => Math.ceil(n / old.chunkShape[d]));
  const newGrid = shape.map((n, d) => Math.ceil(n / old.chunkShape[d]));
  if (oldGrid.every((g, d) => g <= newGrid[d])) return metadata;
  const outside = (coords: readonly number[]) => coords.some((c, d) => c >= newGrid[d]);
  let keys: Iterable<string>;
  if (isListable(store)) {
    const prefix = target.path === "" ? "" : `${target.path}/`;
    const found: string[] = [];
    for await (const key of store.list(prefix)) {
      if (!key.startsWith(prefix)) continue;
      const coords = parseChunkKey(old.chunkKeyEncoding, key.slice(prefix.length), shape.length);
      if (coords && outside(coords)) found.push(key);
    }
    keys = found;
  } else {
    keys = mapIterable(chunksOutside(oldGrid, newGrid), (c) =>
      joinPath(target.path, chunkKey(old.chunkKeyEncoding, c)),
    );
  }
  await runBounded(
    keys,
    options.concurrency ?? DELETE_CONCURRENCY,
    async (key) => {
      await store.delete(key);
      target.chunkChanged?.(key);
    },
    options.signal,
  );
  return metadata;
}

/** Grows `axis` by the value's extent along it and writes the value there. */
export async function appendToArray(
  target: ArrayWriteTarget,
  value: NdArrayLike | WriteValue,
  axis: number,
  options: SetOptions = {},
): Promise<ArrayMetadata> {
  const old = target.metadata;
  const rank = old.shape.length;
  const valueShape = shapeOf(value, rank);
  if (valueShape === undefined) {
    throw new SelectionError(
      `append to ${target.where()} (rank ${rank}) needs { data, shape }, or a flat array for a 1-d array`,
    );
  }
  const ax = axis < 0 ? axis + rank : axis;
  if (!Number.isInteger(ax) || ax < 0 || ax >= rank) {
    throw new SelectionError(`axis ${axis} is out of range for ${target.where()} of rank ${rank}`);
  }
  if (valueShape.length !== rank || valueShape.some((n, d) => d !== ax && n !== old.shape[d])) {
    throw new SelectionError(
      `cannot append a value of shape [${valueShape}] to ${target.where()} of shape [${old.shape}] along axis ${ax}`,
    );
  }
  const shape = old.shape.map((n, d) => (d === ax ? n + valueShape[d] : n));
  const metadata = await resizeArray(target, shape, options);
  const selection: DimSelection[] = shape.map((n, d) => (d === ax ? slice(old.shape[d], n) : null));
  await writeSelection({ ...target, metadata }, selection, value as WriteValue, options);
  return metadata;
}

function shapeOf(value: unknown, rank: number): readonly number[] | undefined {
  if (typeof value === "object" && value !== null && "shape" in value && "data" in value) {
    return (value as NdArrayLike).shape;
  }
  if (rank === 1 && (ArrayBuffer.isView(value) || Array.isArray(value))) {
    return [(value as ArrayLike<unknown>).length];
  }
  return undefined;
}

/**
 * Rewrites the array's metadata document(s) with `change` applied to the array
 * document (v3 zarr.json, v2 .zarray) and returns the metadata parsed from them.
 */
export async function writeArrayDocuments(
  target: ArrayWriteTarget,
  change: (doc: JsonObject) => JsonObject,
  zattrs?: JsonObject,
): Promise<ArrayMetadata> {
  const store = target.store;
  requireWritable(store, `changing the metadata of ${target.where()}`);
  const raw = target.metadata.raw;
  if (target.metadata.zarrFormat === 3) {
    const key = joinPath(target.path, "zarr.json");
    const doc = change(raw);
    const metadata = parseV3ArrayMetadata(doc, key);
    await writeDocument(store, key, doc, 3);
    return metadata;
  }
  const key = joinPath(target.path, ".zarray");
  const zarray = raw[".zarray"];
  if (!isObject(zarray)) throw new MetadataError(`${target.where()} has no .zarray document`);
  const doc = change(zarray);
  const attrs = zattrs ?? (raw[".zattrs"] as JsonValue | undefined);
  const metadata = parseV2ArrayMetadata(doc, attrs, key);
  if (doc !== zarray) await writeDocument(store, key, doc, 2);
  if (zattrs) await writeDocument(store, joinPath(target.path, ".zattrs"), zattrs, 2);
  return metadata;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every chunk of `oldGrid` with some coordinate beyond `newGrid` (each once). */
function* chunksOutside(
  oldGrid: readonly number[],
  newGrid: readonly number[],
): Generator<number[]> {
  const rank = oldGrid.length;
  // partition by the first dimension d0 that is outside: before it inside, after it anything
  for (let d0 = 0; d0 < rank; d0++) {
    if (oldGrid[d0] <= newGrid[d0]) continue;
    const lo = oldGrid.map((_, d) => (d === d0 ? newGrid[d] : 0));
    const hi = oldGrid.map((g, d) => (d < d0 ? Math.min(g, newGrid[d]) : g));
    if (hi.some((h, d) => h <= lo[d])) continue;
    const c = lo.slice();
    for (;;) {
      yield c.slice();
      let d = rank - 1;
      for (; d >= 0; d--) {
        if (++c[d] < hi[d]) break;
        c[d] = lo[d];
      }
      if (d < 0) break;
    }
  }
}

function* mapIterable<A, B>(items: Iterable<A>, f: (a: A) => B): Generator<B> {
  for (const item of items) yield f(item);
}
