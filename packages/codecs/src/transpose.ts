/**
 * The v3 `transpose` codec: the encoded array is the decoded one with its axes
 * permuted (numpy.transpose(a, order)). Complex elements move as [re, im] pairs.
 */
import {
  type ArrayToArrayCodec,
  type Chunk,
  type ChunkData,
  type ChunkSpec,
  CodecError,
  type CodecFactory,
  componentsOf,
} from "@zarrkit/core";
import { CodecConfig } from "./codec-config.js";
import { product } from "./shape.js";

/** What every chunk array supports: indexed reads and writes of its slots. */
type Slots = { [i: number]: unknown; length: number };

/**
 * A new array holding `src` (C order, shape `shape`, `comps` slots per element) with
 * its axes permuted: result axis i is source axis perm[i].
 */
export function permuteAxes(
  src: ChunkData,
  shape: readonly number[],
  perm: readonly number[],
  comps: number,
): ChunkData {
  const n = product(shape) * comps;
  const dst = (
    Array.isArray(src) ? new Array(n) : new (src.constructor as new (n: number) => ChunkData)(n)
  ) as ChunkData;
  const s = src as unknown as Slots;
  const d = dst as unknown as Slots;
  const rank = shape.length;
  // source strides, in slots
  const strides = new Array<number>(rank);
  let acc = comps;
  for (let i = rank - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  const oShape = perm.map((p) => shape[p]);
  const oStrides = perm.map((p) => strides[p]);
  if (n === 0) return dst;
  if (rank === 2 && comps === 1) {
    tiledCopy(d, s, 0, 0, oShape[0], oShape[1], oShape[1], oStrides[0], oStrides[1]);
    return dst;
  }
  if (rank === 3 && comps === 1) {
    const [a, b, c] = oShape;
    const [sa, sb, sc] = oStrides;
    if (sc === 1) {
      let o = 0;
      for (let i = 0; i < a; i++) {
        for (let j = 0; j < b; j++) {
          const p = i * sa + j * sb;
          for (let k = 0; k < c; k++) d[o++] = s[p + k];
        }
      }
    } else if (sa < sb) {
      // axis 0 reads closest together: tile it with the innermost axis, per row of axis 1
      for (let j = 0; j < b; j++) tiledCopy(d, s, j * c, j * sb, a, c, b * c, sa, sc);
    } else {
      for (let i = 0; i < a; i++) tiledCopy(d, s, i * b * c, i * sa, b, c, c, sb, sc);
    }
    return dst;
  }
  // general case: an odometer over the output index
  const idx = new Array<number>(rank).fill(0);
  let p = 0;
  for (let o = 0; o < n; o += comps) {
    for (let k = 0; k < comps; k++) d[o + k] = s[p + k];
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]++;
      p += oStrides[ax];
      if (idx[ax] < oShape[ax]) break;
      p -= oStrides[ax] * oShape[ax];
      idx[ax] = 0;
    }
  }
  return dst;
}

/**
 * d[oBase + i*oRow + j] = s[pBase + i*pRow + j*pCol] for i < rows, j < cols, in square
 * tiles so both sides stay in cache when neither walks memory in order.
 */
function tiledCopy(
  d: Slots,
  s: Slots,
  oBase: number,
  pBase: number,
  rows: number,
  cols: number,
  oRow: number,
  pRow: number,
  pCol: number,
): void {
  const T = 32;
  for (let i0 = 0; i0 < rows; i0 += T) {
    const i1 = Math.min(i0 + T, rows);
    for (let j0 = 0; j0 < cols; j0 += T) {
      const j1 = Math.min(j0 + T, cols);
      for (let i = i0; i < i1; i++) {
        let o = oBase + i * oRow + j0;
        let p = pBase + i * pRow + j0 * pCol;
        for (let j = j0; j < j1; j++, o++, p += pCol) d[o] = s[p];
      }
    }
  }
}

export class TransposeCodec implements ArrayToArrayCodec {
  readonly kind = "array_to_array";
  readonly name = "transpose";
  private readonly inverse: number[];

  constructor(
    readonly order: readonly number[],
    private readonly where: string,
  ) {
    this.inverse = new Array<number>(order.length);
    order.forEach((axis, i) => {
      this.inverse[axis] = i;
    });
  }

  private check(shape: readonly number[]): void {
    if (shape.length !== this.order.length) {
      throw new CodecError(
        `codec "transpose" in ${this.where}: order [${this.order}] does not fit a chunk of rank ${shape.length}`,
      );
    }
  }

  encodedSpec(decoded: ChunkSpec): ChunkSpec {
    this.check(decoded.shape);
    return { ...decoded, shape: this.order.map((axis) => decoded.shape[axis]) };
  }

  encode(chunk: Chunk, decoded: ChunkSpec): Chunk {
    this.check(chunk.shape);
    const comps = componentsOf(decoded.dataType.name);
    return {
      data: permuteAxes(chunk.data, chunk.shape, this.order, comps),
      shape: this.order.map((axis) => chunk.shape[axis]),
    };
  }

  decode(chunk: Chunk, decoded: ChunkSpec): Chunk {
    this.check(chunk.shape);
    const comps = componentsOf(decoded.dataType.name);
    return {
      data: permuteAxes(chunk.data, chunk.shape, this.inverse, comps),
      shape: this.inverse.map((axis) => chunk.shape[axis]),
    };
  }
}

/** v3 `transpose`: configuration {order: permutation of 0..rank-1} ("C"/"F" accepted). */
export const transposeFactory: CodecFactory = (configuration, spec, ctx) => {
  const config = new CodecConfig("transpose", ctx.where, configuration);
  const rank = spec.shape.length;
  let order = configuration.order;
  if (order === "C") order = [...Array(rank).keys()];
  else if (order === "F") order = [...Array(rank).keys()].reverse();
  if (
    !Array.isArray(order) ||
    !order.every((v) => Number.isInteger(v)) ||
    [...order].sort((a, b) => a - b).some((v, i) => v !== i)
  ) {
    throw config.error(
      `configuration "order" must be a permutation of 0..${rank - 1}, got ${JSON.stringify(order)}`,
    );
  }
  if (order.length !== rank) {
    throw config.error(`order [${order}] has ${order.length} axes, the chunk has ${rank}`);
  }
  return new TransposeCodec(order as number[], ctx.where);
};
