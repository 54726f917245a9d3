/**
 * Which chunks one normalized dimension touches, and per touched chunk, the in-chunk
 * and output projections. Slices answer arithmetically (O(1) per chunk, nothing
 * proportional to the dimension); index arrays are grouped once, in O(n log n).
 */
import type { DimIndexer } from "./normalize.js";
import type { DimProjection } from "./types.js";

export interface DimChunks {
  /** Elements along this dimension in the output (1 for an integer index). */
  readonly outSize: number;
  /** Touched chunks along this dimension. */
  readonly chunkCount: number;
  /** Chunk index (along this dimension) of the k-th touched chunk, ascending in k. */
  chunk(k: number): number;
  chunkSelection(k: number): DimProjection;
  outSelection(k: number): DimProjection;
}

/** Projections of dimensions with at most this many touched chunks are memoized. */
const MEMO_LIMIT = 1 << 16;

function range(start: number, step: number, count: number): DimProjection {
  return { kind: "range", start, step, count };
}

/** A strided range (an integer index is a range of one element). */
class RangeDimChunks implements DimChunks {
  readonly outSize: number;
  readonly chunkCount: number;
  /** Lowest selected element; elements ascend as lo + j * stride. */
  private readonly lo: number;
  private readonly stride: number;
  private readonly reversed: boolean;
  /** Every touched chunk holds exactly one element when stride >= chunk size. */
  private readonly sparse: boolean;
  private readonly first: number;
  private readonly memoChunk: (DimProjection | undefined)[] | null;
  private readonly memoOut: (DimProjection | undefined)[] | null;

  constructor(
    start: number,
    step: number,
    count: number,
    private readonly chunkSize: number,
  ) {
    this.outSize = count;
    this.reversed = step < 0;
    this.stride = Math.abs(step);
    this.lo = step < 0 ? start + (count - 1) * step : start;
    this.sparse = this.stride >= chunkSize;
    this.first = Math.floor(this.lo / chunkSize);
    if (count === 0) this.chunkCount = 0;
    else if (this.sparse) this.chunkCount = count;
    else {
      const last = Math.floor((this.lo + (count - 1) * this.stride) / chunkSize);
      this.chunkCount = last - this.first + 1;
    }
    const memo = this.chunkCount <= MEMO_LIMIT;
    this.memoChunk = memo ? new Array(this.chunkCount) : null;
    this.memoOut = memo ? new Array(this.chunkCount) : null;
  }

  chunk(k: number): number {
    if (this.sparse) return Math.floor((this.lo + k * this.stride) / this.chunkSize);
    return this.first + k;
  }

  /** [j0, j1]: ascending element numbers inside the k-th touched chunk. */
  private span(k: number): [number, number] {
    if (this.sparse) return [k, k];
    const c = this.first + k;
    const C = this.chunkSize;
    const j0 = Math.max(0, Math.ceil((c * C - this.lo) / this.stride));
    const j1 = Math.min(this.outSize - 1, Math.floor(((c + 1) * C - 1 - this.lo) / this.stride));
    return [j0, j1];
  }

  chunkSelection(k: number): DimProjection {
    const hit = this.memoChunk?.[k];
    if (hit) return hit;
    const [j0, j1] = this.span(k);
    const n = j1 - j0 + 1;
    const p = range(
      this.lo + j0 * this.stride - this.chunk(k) * this.chunkSize,
      n > 1 ? this.stride : 1,
      n,
    );
    if (this.memoChunk) this.memoChunk[k] = p;
    return p;
  }

  outSelection(k: number): DimProjection {
    const hit = this.memoOut?.[k];
    if (hit) return hit;
    const [j0, j1] = this.span(k);
    const n = j1 - j0 + 1;
    // A negative-step slice fills the output backwards: chunk element i -> out start - i.
    const p =
      this.reversed && n > 1
        ? range(this.outSize - 1 - j0, -1, n)
        : range(this.reversed ? this.outSize - 1 - j0 : j0, 1, n);
    if (this.memoOut) this.memoOut[k] = p;
    return p;
  }
}

/** Index arrays (from integer lists or masks), grouped per chunk keeping output positions. */
class IndicesDimChunks implements DimChunks {
  readonly outSize: number;
  readonly chunkCount: number;
  private readonly chunks: Float64Array;
  private readonly chunkSels: DimProjection[];
  private readonly outSels: DimProjection[];

  constructor(indices: Float64Array, chunkSize: number) {
    const n = indices.length;
    this.outSize = n;
    // Output positions ordered by chunk, stable (ties keep output order).
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) {
      if (Math.floor(indices[i] / chunkSize) < Math.floor(indices[i - 1] / chunkSize)) {
        sorted = false;
      }
    }
    let order: Uint32Array | Float64Array;
    if (sorted) {
      order = new Float64Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
    } else {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = Math.floor(indices[i] / chunkSize);
      const perm = Array.from({ length: n }, (_, i) => i);
      perm.sort((a, b) => keys[a] - keys[b] || a - b);
      order = Float64Array.from(perm);
    }
    const chunks: number[] = [];
    const chunkSels: DimProjection[] = [];
    const outSels: DimProjection[] = [];
    const useInt32 = chunkSize <= 0x7fffffff;
    let g = 0;
    while (g < n) {
      const c = Math.floor(indices[order[g]] / chunkSize);
      let e = g + 1;
      while (e < n && Math.floor(indices[order[e]] / chunkSize) === c) e++;
      const base = c * chunkSize;
      const m = e - g;
      // Collapse to ranges when the group is a positive-stride run written to consecutive outputs.
      let isRange = true;
      const first = indices[order[g]] - base;
      const stride = m > 1 ? indices[order[g + 1]] - indices[order[g]] : 1;
      if (stride <= 0) isRange = false;
      for (let i = g + 1; i < e && isRange; i++) {
        if (order[i] !== order[i - 1] + 1 || indices[order[i]] - indices[order[i - 1]] !== stride) {
          isRange = false;
        }
      }
      chunks.push(c);
      if (isRange) {
        chunkSels.push(range(first, stride, m));
        outSels.push(range(order[g], 1, m));
      } else {
        const inChunk = useInt32 ? new Int32Array(m) : new Float64Array(m);
        const outPos = new Float64Array(m);
        for (let i = 0; i < m; i++) {
          inChunk[i] = indices[order[g + i]] - base;
          outPos[i] = order[g + i];
        }
        chunkSels.push({ kind: "indices", indices: inChunk });
        outSels.push({ kind: "indices", indices: outPos });
      }
      g = e;
    }
    this.chunks = Float64Array.from(chunks);
    this.chunkSels = chunkSels;
    this.outSels = outSels;
    this.chunkCount = chunks.length;
  }

  chunk(k: number): number {
    return this.chunks[k];
  }
  chunkSelection(k: number): DimProjection {
    return this.chunkSels[k];
  }
  outSelection(k: number): DimProjection {
    return this.outSels[k];
  }
}

/** The per-chunk view of one normalized dimension. */
export function dimChunks(indexer: DimIndexer, chunkSize: number): DimChunks {
  switch (indexer.kind) {
    case "integer":
      return new RangeDimChunks(indexer.index, 1, 1, chunkSize);
    case "slice":
      return new RangeDimChunks(indexer.start, indexer.step, indexer.count, chunkSize);
    case "indices":
      return new IndicesDimChunks(indexer.indices, chunkSize);
  }
}
