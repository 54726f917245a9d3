/**
 * Test helpers for sharding: a memory store that counts requests (with optional
 * ranged reads), a filesystem store for fixtures, a registry with the real codecs,
 * and a writer of sharded arrays through the generic codec pipeline.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
// relative, as read-fixtures.test.ts does (core does not depend on @zarrkit/codecs)
import { registerPureCodecs, registerWasmCodecs } from "../../../codecs/src/index.js";
import { isAllFill } from "../chunk-fill.js";
import type { ChunkSpec, CodecMetadata } from "../codec.js";
import { getCodecPipeline } from "../codec-pipeline.js";
import { CodecRegistry } from "../codec-registry.js";
import {
  allocate,
  type ChunkData,
  componentsOf,
  type DataTypeName,
  dataTypeFromName,
} from "../data-type.js";
import { fillElement } from "../fill-value.js";
import type { FillValue } from "../fill-value-type.js";
import { copyProjection } from "../indexing/copy.js";
import type { DimProjection } from "../indexing/types.js";
import { stringifyJson } from "../json.js";
import {
  type ByteRange,
  type ListableStore,
  type ReadableStore,
  type StoreReadOptions,
  sliceRange,
} from "../store.js";
import { registerShardingCodec } from "./sharding-codec.js";

export const registry = registerShardingCodec(
  registerWasmCodecs(registerPureCodecs(new CodecRegistry())),
);

export type Request =
  | { kind: "get"; key: string }
  | { kind: "range"; key: string; range: ByteRange }
  | { kind: "ranges"; key: string; ranges: readonly ByteRange[] }
  | { kind: "set" | "delete"; key: string };

/** A Map-backed store that records every request; ranged reads can be switched off. */
export class CountingStore implements ReadableStore {
  readonly map = new Map<string, Uint8Array>();
  requests: Request[] = [];
  getRange?: ReadableStore["getRange"];
  getRanges?: ReadableStore["getRanges"];

  constructor(ranges: "none" | "range" | "ranges" = "ranges") {
    if (ranges !== "none") {
      this.getRange = async (key, range, _options?: StoreReadOptions) => {
        this.requests.push({ kind: "range", key, range });
        const value = this.map.get(key);
        return value && sliceRange(value, range);
      };
    }
    if (ranges === "ranges") {
      this.getRanges = async (key, ranges, _options?: StoreReadOptions) => {
        this.requests.push({ kind: "ranges", key, ranges });
        const value = this.map.get(key);
        return value && ranges.map((r) => sliceRange(value, r));
      };
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    this.requests.push({ kind: "get", key });
    return this.map.get(key);
  }

  /** Requests to keys other than metadata documents. */
  dataRequests(): Request[] {
    return this.requests.filter((r) => !r.key.endsWith("zarr.json"));
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    this.requests.push({ kind: "set", key });
    this.map.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.requests.push({ kind: "delete", key });
    this.map.delete(key);
  }

  reset(): void {
    this.requests = [];
  }

  setJson(key: string, value: unknown): void {
    this.map.set(key, new TextEncoder().encode(stringifyJson(value)));
  }
}

/** Reads and lists files under a folder (missing -> undefined). */
export class FsStore implements ReadableStore, ListableStore {
  constructor(private readonly root: string) {}
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(join(this.root, key)));
    } catch (error) {
      if ((error as { code?: string }).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async *list(prefix = ""): AsyncIterable<string> {
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    for (const e of entries) {
      if (!e.isFile()) continue;
      const rel = join(e.parentPath, e.name).slice(this.root.length + 1);
      if (rel.startsWith(prefix)) yield rel;
    }
  }
}

export interface ShardedArraySpec {
  shape: number[];
  shardShape: number[];
  dtype: DataTypeName;
  fillValue?: number;
  codecs: CodecMetadata[];
}

/** The sharding_indexed codec entry. */
export function sharding(
  chunkShape: number[],
  codecs: CodecMetadata[] = [{ name: "bytes", configuration: { endian: "little" } }],
  extra: Record<string, unknown> = {},
): CodecMetadata {
  return { name: "sharding_indexed", configuration: { chunk_shape: chunkShape, codecs, ...extra } };
}

/**
 * Writes a v3 array at `path` of `store`, every shard encoded through the codec
 * pipeline from `values` (C order over `shape`); shards equal to the fill are skipped.
 */
export async function writeArray(
  store: CountingStore,
  path: string,
  spec: ShardedArraySpec,
  values: ChunkData,
): Promise<void> {
  const fillValue = spec.fillValue ?? 0;
  store.setJson(`${path}/zarr.json`, {
    zarr_format: 3,
    node_type: "array",
    shape: spec.shape,
    data_type: spec.dtype,
    chunk_grid: { name: "regular", configuration: { chunk_shape: spec.shardShape } },
    chunk_key_encoding: { name: "default", configuration: { separator: "/" } },
    fill_value: fillValue,
    codecs: spec.codecs,
  });
  const dataType = dataTypeFromName(spec.dtype);
  const chunkSpec: ChunkSpec = { shape: spec.shardShape, dataType, fillValue };
  const pipeline = await getCodecPipeline(spec.codecs, chunkSpec, { registry, where: path });
  const grid = spec.shape.map((s, d) => Math.ceil(s / spec.shardShape[d]));
  const components = componentsOf(spec.dtype);
  const fill = fillElement(fillValue as FillValue, dataType);
  let count = 1;
  for (const g of grid) count *= g;
  for (let k = 0; k < count; k++) {
    const coords = unravel(k, grid);
    let size = 1;
    for (const s of spec.shardShape) size *= s;
    const shard = allocate(spec.dtype, size);
    if (typeof fill === "number" && fill !== 0) (shard as Float64Array).fill(fill);
    const extent = coords.map((c, d) =>
      Math.min(spec.shardShape[d], spec.shape[d] - c * spec.shardShape[d]),
    );
    const src: DimProjection[] = coords.map((c, d) => range(c * spec.shardShape[d], extent[d]));
    const dst: DimProjection[] = extent.map((e) => range(0, e));
    copyProjection(values, spec.shape, src, shard, spec.shardShape, dst, components);
    if (isAllFill(shard, fill)) continue;
    const bytes = await pipeline.encode({ data: shard, shape: spec.shardShape }, chunkSpec);
    store.map.set(`${path}/c/${coords.join("/")}`, bytes);
  }
}

function range(start: number, count: number): DimProjection {
  return { kind: "range", start, step: 1, count };
}

export function unravel(k: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    coords[d] = k % shape[d];
    k = Math.floor(k / shape[d]);
  }
  return coords;
}
