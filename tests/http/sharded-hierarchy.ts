/**
 * Writes a small v3 hierarchy by hand (no zarrkit writer involved), for counting the
 * requests a read costs: a root group with inline consolidated metadata, a sharded
 * uint16 array and a plain chunked float32 array. Shards are laid out byte by byte as
 * the sharding_indexed spec says: gzipped inner chunks, then the index of
 * (offset, nbytes) uint64 LE pairs per inner chunk (C order; 2^64-1 for an empty
 * chunk) followed by the CRC-32C of the index, little endian.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { crc32c } from "@zarrkit/codecs";

export const SHARDED = {
  path: "sharded",
  shape: [1024, 1024],
  shardShape: [512, 512],
  innerShape: [64, 64],
  /** Inner chunks per shard along each dimension. */
  innerPerShard: 8,
  /** Left out of shard (0,1): reads as the fill value 0. */
  emptyInner: { shard: [0, 1], inner: [3, 3] },
  /** Shard (1,1) is not written at all. */
  missingShard: [1, 1],
  /** 64 inner chunks x 16 bytes + 4 bytes of CRC-32C. */
  indexBytes: 64 * 16 + 4,
} as const;

export const PLAIN = { path: "plain", shape: [100, 100], chunks: [32, 32] } as const;

/** Where an inner chunk lies in its shard file. */
export interface ChunkRange {
  offset: number;
  length: number;
}

export interface ShardedHierarchy {
  /** The hierarchy's root folder. */
  dir: string;
  /** Byte ranges of the inner chunks, by "shardRow,shardCol/innerRow,innerCol". */
  ranges: Map<string, ChunkRange>;
}

function isMissingShard(sr: number, sc: number): boolean {
  return sr === SHARDED.missingShard[0] && sc === SHARDED.missingShard[1];
}

function isEmptyInner(sr: number, sc: number, ir: number, ic: number): boolean {
  const e = SHARDED.emptyInner;
  return sr === e.shard[0] && sc === e.shard[1] && ir === e.inner[0] && ic === e.inner[1];
}

/** The stored value of the sharded array at (r, c): fill 0 where nothing is stored. */
export function shardedValue(r: number, c: number): number {
  const [sh, sw] = SHARDED.shardShape;
  const [ih, iw] = SHARDED.innerShape;
  const sr = Math.floor(r / sh);
  const sc = Math.floor(c / sw);
  const ir = Math.floor((r % sh) / ih);
  const ic = Math.floor((c % sw) / iw);
  if (isMissingShard(sr, sc) || isEmptyInner(sr, sc, ir, ic)) return 0;
  // never 0, so a chunk read as fill by mistake shows
  return ((r * 1024 + c) % 65535) + 1;
}

/** The whole sharded array, C order. */
export function shardedExpected(): Uint16Array {
  const [h, w] = SHARDED.shape;
  const out = new Uint16Array(h * w);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) out[r * w + c] = shardedValue(r, c);
  return out;
}

export function plainValue(r: number, c: number): number {
  return r * 100 + c + 0.5;
}

export function plainExpected(): Float32Array {
  const [h, w] = PLAIN.shape;
  const out = new Float32Array(h * w);
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) out[r * w + c] = plainValue(r, c);
  return out;
}

const BYTES_LE = { name: "bytes", configuration: { endian: "little" } };
const GZIP = { name: "gzip", configuration: { level: 1 } };
const DEFAULT_KEYS = { name: "default", configuration: { separator: "/" } };

function shardedMetadata(): Record<string, unknown> {
  return {
    zarr_format: 3,
    node_type: "array",
    shape: SHARDED.shape,
    data_type: "uint16",
    chunk_grid: { name: "regular", configuration: { chunk_shape: SHARDED.shardShape } },
    chunk_key_encoding: DEFAULT_KEYS,
    fill_value: 0,
    codecs: [
      {
        name: "sharding_indexed",
        configuration: {
          chunk_shape: SHARDED.innerShape,
          codecs: [BYTES_LE, GZIP],
          index_codecs: [BYTES_LE, { name: "crc32c" }],
          index_location: "end",
        },
      },
    ],
    attributes: { description: "hand-written shards" },
    dimension_names: ["y", "x"],
  };
}

function plainMetadata(): Record<string, unknown> {
  return {
    zarr_format: 3,
    node_type: "array",
    shape: PLAIN.shape,
    data_type: "float32",
    chunk_grid: { name: "regular", configuration: { chunk_shape: PLAIN.chunks } },
    chunk_key_encoding: DEFAULT_KEYS,
    fill_value: 0,
    codecs: [BYTES_LE, GZIP],
    attributes: {},
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** One shard file: inner chunks in C order, then the index and its CRC-32C. */
function encodeShard(sr: number, sc: number, ranges: Map<string, ChunkRange>): Uint8Array {
  const n = SHARDED.innerPerShard;
  const [ih, iw] = SHARDED.innerShape;
  const [sh, sw] = SHARDED.shardShape;
  const parts: Uint8Array[] = [];
  const index = new DataView(new ArrayBuffer(n * n * 16 + 4));
  const raw = new DataView(new ArrayBuffer(ih * iw * 2));
  let offset = 0;
  for (let ir = 0; ir < n; ir++) {
    for (let ic = 0; ic < n; ic++) {
      const slot = (ir * n + ic) * 16;
      if (isEmptyInner(sr, sc, ir, ic)) {
        index.setBigUint64(slot, 0xffffffffffffffffn, true);
        index.setBigUint64(slot + 8, 0xffffffffffffffffn, true);
        continue;
      }
      for (let y = 0; y < ih; y++) {
        for (let x = 0; x < iw; x++) {
          const value = shardedValue(sr * sh + ir * ih + y, sc * sw + ic * iw + x);
          raw.setUint16((y * iw + x) * 2, value, true);
        }
      }
      const encoded = new Uint8Array(gzipSync(new Uint8Array(raw.buffer), { level: 1 }));
      parts.push(encoded);
      index.setBigUint64(slot, BigInt(offset), true);
      index.setBigUint64(slot + 8, BigInt(encoded.length), true);
      ranges.set(`${sr},${sc}/${ir},${ic}`, { offset, length: encoded.length });
      offset += encoded.length;
    }
  }
  const indexBytes = new Uint8Array(index.buffer);
  index.setUint32(n * n * 16, crc32c(indexBytes.subarray(0, n * n * 16)), true);
  const out = new Uint8Array(offset + indexBytes.length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  out.set(indexBytes, at);
  return out;
}

function encodePlainChunk(cr: number, cc: number): Uint8Array {
  const [ch, cw] = PLAIN.chunks;
  const raw = new DataView(new ArrayBuffer(ch * cw * 4));
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const r = cr * ch + y;
      const c = cc * cw + x;
      // the edge chunks' padding holds the fill value
      const inside = r < PLAIN.shape[0] && c < PLAIN.shape[1];
      raw.setFloat32((y * cw + x) * 4, inside ? plainValue(r, c) : 0, true);
    }
  }
  return new Uint8Array(gzipSync(new Uint8Array(raw.buffer), { level: 1 }));
}

/** Writes the hierarchy into `dir` (created if needed). */
export async function writeShardedHierarchy(dir: string): Promise<ShardedHierarchy> {
  const ranges = new Map<string, ChunkRange>();
  const sharded = shardedMetadata();
  const plain = plainMetadata();
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "zarr.json"),
    json({
      zarr_format: 3,
      node_type: "group",
      attributes: { title: "zarrkit HTTP test hierarchy" },
      consolidated_metadata: {
        kind: "inline",
        must_understand: false,
        metadata: { [SHARDED.path]: sharded, [PLAIN.path]: plain },
      },
    }),
  );
  await mkdir(join(dir, SHARDED.path), { recursive: true });
  await writeFile(join(dir, SHARDED.path, "zarr.json"), json(sharded));
  const shardsPerDim = SHARDED.shape[0] / SHARDED.shardShape[0];
  for (let sr = 0; sr < shardsPerDim; sr++) {
    for (let sc = 0; sc < shardsPerDim; sc++) {
      if (isMissingShard(sr, sc)) continue;
      const bytes = encodeShard(sr, sc, ranges);
      await mkdir(join(dir, SHARDED.path, "c", String(sr)), { recursive: true });
      await writeFile(join(dir, SHARDED.path, "c", String(sr), String(sc)), bytes);
    }
  }
  await mkdir(join(dir, PLAIN.path), { recursive: true });
  await writeFile(join(dir, PLAIN.path, "zarr.json"), json(plain));
  const grid = PLAIN.shape.map((s, d) => Math.ceil(s / PLAIN.chunks[d]));
  for (let cr = 0; cr < grid[0]; cr++) {
    await mkdir(join(dir, PLAIN.path, "c", String(cr)), { recursive: true });
    for (let cc = 0; cc < grid[1]; cc++) {
      await writeFile(join(dir, PLAIN.path, "c", String(cr), String(cc)), encodePlainChunk(cr, cc));
    }
  }
  return { dir, ranges };
}
