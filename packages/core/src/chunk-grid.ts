/**
 * The regular chunk grid: every chunk has `chunkShape`; edge chunks are stored whole
 * but only partly inside the array. Integer math is exact below 2^53.
 */
export class RegularChunkGrid {
  readonly shape: readonly number[];
  readonly chunkShape: readonly number[];
  /** Chunks per dimension (0 along an empty dimension). */
  readonly gridShape: readonly number[];

  constructor(shape: readonly number[], chunkShape: readonly number[]) {
    if (shape.length !== chunkShape.length) {
      throw new RangeError(
        `chunk shape [${chunkShape}] has rank ${chunkShape.length}, array shape [${shape}] has rank ${shape.length}`,
      );
    }
    this.shape = shape;
    this.chunkShape = chunkShape;
    this.gridShape = shape.map((n, i) => Math.ceil(n / chunkShape[i]));
  }

  get rank(): number {
    return this.shape.length;
  }

  /** Number of chunks in the grid (1 for a 0-d array). */
  get chunkCount(): number {
    let n = 1;
    for (const g of this.gridShape) n *= g;
    return n;
  }

  /** Elements in one (whole) chunk. */
  get chunkSize(): number {
    let n = 1;
    for (const c of this.chunkShape) n *= c;
    return n;
  }

  /** True when `coords` names a chunk of the grid. */
  contains(coords: readonly number[]): boolean {
    if (coords.length !== this.rank) return false;
    for (let i = 0; i < coords.length; i++) {
      const c = coords[i];
      if (!Number.isInteger(c) || c < 0 || c >= this.gridShape[i]) return false;
    }
    return true;
  }

  /** Where a chunk starts in the array. */
  chunkOrigin(coords: readonly number[]): number[] {
    return coords.map((c, i) => c * this.chunkShape[i]);
  }

  /** The part of a chunk inside the array (smaller than chunkShape for edge chunks). */
  chunkExtent(coords: readonly number[]): number[] {
    return coords.map((c, i) =>
      Math.min(this.chunkShape[i], this.shape[i] - c * this.chunkShape[i]),
    );
  }

  /** Every chunk's coordinates in C order. */
  *chunks(): Generator<number[]> {
    const n = this.chunkCount;
    if (n === 0) return;
    const coords = new Array<number>(this.rank).fill(0);
    for (let k = 0; k < n; k++) {
      yield coords.slice();
      for (let d = this.rank - 1; d >= 0; d--) {
        if (++coords[d] < this.gridShape[d]) break;
        coords[d] = 0;
      }
    }
  }
}
