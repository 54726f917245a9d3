/**
 * Moves elements between two C-order arrays through per-dimension projections (the
 * hot path of every read and write). Trailing dimensions that are contiguous on both
 * sides merge into one run, copied with TypedArray.prototype.set on subarrays; only
 * strided or indexed innermost dimensions fall back to element loops.
 */
import type { ChunkData } from "../data-type.js";
import { SelectionError } from "../errors.js";
import type { DimProjection } from "./types.js";

/** Runs shorter than this many slots are copied by a loop (cheaper than a subarray). */
const SET_THRESHOLD = 64;

/** One element of a fill: a scalar, or per-component values (e.g. [re, im] for complex). */
export type FillElement =
  | number
  | bigint
  | boolean
  | string
  | Uint8Array
  | readonly number[]
  | readonly bigint[];

interface RunArray {
  [i: number]: unknown;
  readonly length: number;
  set(array: ArrayLike<unknown>, offset: number): void;
  subarray(begin: number, end: number): ArrayLike<unknown>;
  fill(value: unknown, start: number, end: number): unknown;
}

function projectionCount(p: DimProjection): number {
  return p.kind === "range" ? p.count : p.indices.length;
}

function projectionStart(p: DimProjection): number {
  return p.kind === "range" ? p.start : p.indices[0];
}

function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d];
  }
  return s;
}

function checkSide(
  data: ChunkData,
  shape: readonly number[],
  sel: readonly DimProjection[],
  components: number,
  side: string,
): void {
  if (sel.length !== shape.length) {
    throw new SelectionError(
      `${side} selection has ${sel.length} dimensions but its shape [${shape.join(", ")}] has ${shape.length}`,
    );
  }
  let size = components;
  for (let d = 0; d < shape.length; d++) {
    size *= shape[d];
    const p = sel[d];
    if (p.kind === "range" && p.count > 0) {
      const end = p.start + (p.count - 1) * p.step;
      if (p.start < 0 || p.start >= shape[d] || end < 0 || end >= shape[d]) {
        throw new SelectionError(
          `${side} range ${p.start} step ${p.step} count ${p.count} is outside dimension ${d} of size ${shape[d]}`,
        );
      }
    }
  }
  if (data.length < size) {
    throw new SelectionError(
      `${side} buffer holds ${data.length} slots, shape [${shape.join(", ")}] needs ${size}`,
    );
  }
}

/**
 * How a copy between two projections splits into contiguous runs: dimensions
 * [0, outer) are iterated, the rest form runs of `runLength` elements on both sides.
 */
export interface RunLayout {
  readonly outer: number;
  readonly runLength: number;
  readonly runCount: number;
  /** Per dimension, element count (equal on both sides). */
  readonly counts: readonly number[];
}

/** The run structure copyProjection uses; exported to measure and test it. */
export function projectionRuns(
  srcShape: readonly number[],
  srcSel: readonly DimProjection[],
  dstShape: readonly number[],
  dstSel: readonly DimProjection[],
): RunLayout {
  const rank = srcSel.length;
  if (dstSel.length !== rank) {
    throw new SelectionError(
      `source selection has ${rank} dimensions, destination selection ${dstSel.length}`,
    );
  }
  const counts = new Array<number>(rank);
  for (let d = 0; d < rank; d++) {
    const a = projectionCount(srcSel[d]);
    const b = projectionCount(dstSel[d]);
    if (a !== b) {
      throw new SelectionError(
        `dimension ${d} selects ${a} source elements but ${b} destination elements`,
      );
    }
    counts[d] = a;
  }
  const ss = stridesOf(srcShape);
  const ds = stridesOf(dstShape);
  let runLength = 1;
  let outer = rank;
  for (let d = rank - 1; d >= 0; d--) {
    const a = srcSel[d];
    const b = dstSel[d];
    if (counts[d] === 1) {
      outer = d;
      continue;
    }
    if (
      a.kind === "range" &&
      b.kind === "range" &&
      ss[d] * a.step === runLength &&
      ds[d] * b.step === runLength
    ) {
      runLength *= counts[d];
      outer = d;
      continue;
    }
    break;
  }
  let runCount = 1;
  for (let d = 0; d < outer; d++) runCount *= counts[d];
  for (const c of counts) if (c === 0) runCount = 0;
  return { outer, runLength, runCount, counts };
}

type OffsetTable = Int32Array | Float64Array;
const NO_TABLE = new Int32Array(0);

/** Slot offsets (element offset * components) of each selected element along one dimension. */
function offsetTable(
  p: DimProjection,
  stride: number,
  components: number,
  wide: boolean,
): OffsetTable {
  const n = projectionCount(p);
  // Int32 keys index typed arrays faster than doubles; Float64 only for huge buffers.
  const t = wide ? new Float64Array(n) : new Int32Array(n);
  const s = stride * components;
  if (p.kind === "range") {
    for (let i = 0; i < n; i++) t[i] = (p.start + i * p.step) * s;
  } else {
    for (let i = 0; i < n; i++) t[i] = p.indices[i] * s;
  }
  return t;
}

/** Offset of the first element of the merged (run) dimensions [outer, rank). */
function runBase(
  sel: readonly DimProjection[],
  strides: readonly number[],
  outer: number,
  components: number,
): number {
  let b = 0;
  for (let d = outer; d < sel.length; d++) b += projectionStart(sel[d]) * strides[d];
  return b * components;
}

// Kernels: small monomorphic-friendly loops over the innermost iterated dimension.

function stridedCopy(
  s: RunArray,
  t: RunArray,
  n: number,
  a: number,
  as: number,
  b: number,
  bs: number,
  slots: number,
  useSet: boolean,
): void {
  if (useSet) {
    for (let i = 0; i < n; i++, a += as, b += bs) t.set(s.subarray(a, a + slots), b);
  } else if (slots === 1) {
    for (let i = 0; i < n; i++, a += as, b += bs) t[b] = s[a];
  } else {
    for (let i = 0; i < n; i++, a += as, b += bs) {
      for (let j = 0; j < slots; j++) t[b + j] = s[a + j];
    }
  }
}

function tableCopy(
  s: RunArray,
  t: RunArray,
  n: number,
  a: number,
  at: OffsetTable,
  b: number,
  bt: OffsetTable,
  slots: number,
  useSet: boolean,
): void {
  if (useSet) {
    for (let i = 0; i < n; i++) {
      const o = a + at[i];
      t.set(s.subarray(o, o + slots), b + bt[i]);
    }
  } else if (slots === 1) {
    for (let i = 0; i < n; i++) t[b + bt[i]] = s[a + at[i]];
  } else {
    for (let i = 0; i < n; i++) {
      const o = a + at[i];
      const p = b + bt[i];
      for (let j = 0; j < slots; j++) t[p + j] = s[o + j];
    }
  }
}

/**
 * Copies the elements `srcSel` picks from `src` (C order, `srcShape`) to the positions
 * `dstSel` picks in `dst`. Both sides are arbitrary projections with equal counts per
 * dimension; a range may have a negative step (element i at start + i * step).
 * `components` = typed-array slots per element (2 for interleaved complex).
 */
export function copyProjection(
  src: ChunkData,
  srcShape: readonly number[],
  srcSelection: readonly DimProjection[],
  dst: ChunkData,
  dstShape: readonly number[],
  dstSelection: readonly DimProjection[],
  components = 1,
): void {
  checkSide(src, srcShape, srcSelection, components, "source");
  checkSide(dst, dstShape, dstSelection, components, "destination");
  const units = asCopyUnits(src, dst);
  if (units) {
    src = units.src;
    dst = units.dst;
    components *= units.perSlot;
  }
  const layout = projectionRuns(srcShape, srcSelection, dstShape, dstSelection);
  if (layout.runCount === 0) return;
  const { outer, counts } = layout;
  const ss = stridesOf(srcShape);
  const ds = stridesOf(dstShape);
  const slots = layout.runLength * components;
  let sb = runBase(srcSelection, ss, outer, components);
  let db = runBase(dstSelection, ds, outer, components);
  const s = src as unknown as RunArray;
  const t = dst as unknown as RunArray;
  const useSet = slots >= SET_THRESHOLD && !Array.isArray(src) && !Array.isArray(dst);
  if (outer === 0) {
    stridedCopy(s, t, 1, sb, 0, db, 0, slots, useSet);
    return;
  }
  const wide = Math.max(src.length, dst.length) > 0x7fffffff;
  // Innermost iterated dimension: arithmetic strides when both sides are ranges.
  const last = outer - 1;
  const sl = srcSelection[last];
  const dl = dstSelection[last];
  let sStep = 0;
  let dStep = 0;
  let sTab: OffsetTable = NO_TABLE;
  let dTab: OffsetTable = NO_TABLE;
  if (sl.kind === "range" && dl.kind === "range") {
    sb += sl.start * ss[last] * components;
    db += dl.start * ds[last] * components;
    sStep = sl.step * ss[last] * components;
    dStep = dl.step * ds[last] * components;
  } else {
    sTab = offsetTable(sl, ss[last], components, wide);
    dTab = offsetTable(dl, ds[last], components, wide);
  }
  const srcOff: OffsetTable[] = [];
  const dstOff: OffsetTable[] = [];
  for (let d = 0; d < last; d++) {
    srcOff.push(offsetTable(srcSelection[d], ss[d], components, wide));
    dstOff.push(offsetTable(dstSelection[d], ds[d], components, wide));
    sb += srcOff[d][0];
    db += dstOff[d][0];
  }
  const plan: CopyPlan = {
    s,
    t,
    n: counts[last],
    strided: sl.kind === "range" && dl.kind === "range",
    sb,
    sStep,
    sTab,
    srcOff,
    db,
    dStep,
    dTab,
    dstOff,
    slots,
    useSet,
    counts,
  };
  runPlan(asWords(plan) ?? plan);
}

/** A copy in slots of `s` and `t`: the innermost iterated dimension, and the rest. */
interface CopyPlan {
  s: RunArray;
  t: RunArray;
  /** Steps along the innermost iterated dimension, by stride or by offset table. */
  n: number;
  strided: boolean;
  sb: number;
  sStep: number;
  sTab: OffsetTable;
  /** Offset tables of the outer dimensions. */
  srcOff: OffsetTable[];
  db: number;
  dStep: number;
  dTab: OffsetTable;
  dstOff: OffsetTable[];
  /** Slots per run. */
  slots: number;
  useSet: boolean;
  counts: readonly number[];
}

/**
 * An 8- or 16-bit element loop as a 32-bit word loop, when every offset and run is a
 * whole number of words: half or a quarter of the iterations (a 32^3 uint16 chunk
 * copies ~3x faster). Undefined when it does not apply.
 */
function asWords(p: CopyPlan): CopyPlan | undefined {
  const { s, t } = p;
  if (p.useSet || !(s instanceof Uint8Array || s instanceof Uint16Array)) return undefined;
  if (!(t instanceof Uint8Array || t instanceof Uint16Array)) return undefined;
  if (s.byteOffset % 4 !== 0 || t.byteOffset % 4 !== 0) return undefined;
  const k = 4 / s.BYTES_PER_ELEMENT;
  const whole = (v: number) => v % k === 0;
  const tables = [p.sTab, p.dTab, ...p.srcOff, ...p.dstOff];
  if (![p.slots, p.sb, p.db, p.sStep, p.dStep].every(whole)) return undefined;
  if (!tables.every((table) => table.every(whole))) return undefined;
  const words = (a: Uint8Array | Uint16Array) =>
    new Uint32Array(a.buffer as ArrayBuffer, a.byteOffset, a.byteLength >> 2);
  const scaled = (table: OffsetTable) => table.map((v) => v / k) as OffsetTable;
  return {
    ...p,
    s: words(s) as unknown as RunArray,
    t: words(t) as unknown as RunArray,
    sb: p.sb / k,
    sStep: p.sStep / k,
    sTab: scaled(p.sTab),
    srcOff: p.srcOff.map(scaled),
    db: p.db / k,
    dStep: p.dStep / k,
    dTab: scaled(p.dTab),
    dstOff: p.dstOff.map(scaled),
    slots: p.slots / k,
  };
}

function runPlan(p: CopyPlan): void {
  const { s, t, n, sStep, sTab, dStep, dTab, slots, useSet, counts, srcOff, dstOff } = p;
  const last = srcOff.length;
  let { sb, db } = p;
  const pos = new Int32Array(last);
  for (;;) {
    if (p.strided) stridedCopy(s, t, n, sb, sStep, db, dStep, slots, useSet);
    else tableCopy(s, t, n, sb, sTab, db, dTab, slots, useSet);
    // Odometer over the outer dimensions except the innermost iterated one.
    let d = last - 1;
    for (; d >= 0; d--) {
      const o = pos[d];
      sb -= srcOff[d][o];
      db -= dstOff[d][o];
      const next = o + 1 < counts[d] ? o + 1 : 0;
      pos[d] = next;
      sb += srcOff[d][next];
      db += dstOff[d][next];
      if (next !== 0) break;
    }
    if (d < 0) return;
  }
}

/**
 * Both sides as unsigned integer views of the same width (8, 16 or 32 bits) over the
 * same memory, so the copy loops see at most three array types whatever the data type
 * (a loop that meets many typed-array types goes megamorphic in V8 and runs several
 * times slower), copy bit patterns exactly (NaN payloads included), and never box
 * BigInts. 64- and 128-bit slots become 2 or 4 32-bit units (`perSlot`).
 */
function asCopyUnits(
  src: ChunkData,
  dst: ChunkData,
): { src: ChunkData; dst: ChunkData; perSlot: number } | undefined {
  if (!ArrayBuffer.isView(src) || !ArrayBuffer.isView(dst)) return undefined;
  const width = src.BYTES_PER_ELEMENT;
  if (dst.BYTES_PER_ELEMENT !== width) return undefined;
  const unit = width === 1 ? Uint8Array : width === 2 ? Uint16Array : Uint32Array;
  const perSlot = width > 4 ? width / 4 : 1;
  const view = (a: ArrayBufferView & { length: number }) =>
    a instanceof unit ? a : new unit(a.buffer as ArrayBuffer, a.byteOffset, a.length * perSlot);
  return { src: view(src), dst: view(dst), perSlot };
}

/** The slot values of one element, converted for `dst` (numbers -> bigint for 64-bit ints). */
function elementSlots(dst: ChunkData, value: FillElement, components: number): unknown[] {
  const isBig = dst instanceof BigInt64Array || dst instanceof BigUint64Array;
  const conv = (v: unknown): unknown => {
    if (Array.isArray(dst)) return v;
    if (typeof v === "boolean") v = v ? 1 : 0;
    if (isBig && typeof v === "number") return BigInt(v);
    if (!isBig && typeof v === "bigint") return Number(v);
    return v;
  };
  const out: unknown[] = [];
  for (let c = 0; c < components; c++) {
    const v = Array.isArray(value) ? value[c] : value;
    out.push(conv(v));
  }
  return out;
}

/** Writes `value` into every position `dstSelection` picks in `dst`. */
export function fillProjection(
  dst: ChunkData,
  dstShape: readonly number[],
  dstSelection: readonly DimProjection[],
  value: FillElement,
  components = 1,
): void {
  checkSide(dst, dstShape, dstSelection, components, "destination");
  const layout = projectionRuns(dstShape, dstSelection, dstShape, dstSelection);
  if (layout.runCount === 0) return;
  const { outer, counts } = layout;
  const ds = stridesOf(dstShape);
  const slots = layout.runLength * components;
  const vals = elementSlots(dst, value, components);
  const t = dst as unknown as RunArray;
  let db = runBase(dstSelection, ds, outer, components);
  if (outer === 0) {
    tableFill(t, 1, db, NO_RUN, slots, vals);
    return;
  }
  const wide = dst.length > 0x7fffffff;
  const dstOff: OffsetTable[] = [];
  for (let d = 0; d < outer; d++) {
    dstOff.push(offsetTable(dstSelection[d], ds[d], components, wide || d < outer - 1));
    if (d < outer - 1) db += dstOff[d][0];
  }
  const last = outer - 1;
  const di = dstOff[last];
  const n = counts[last];
  const pos = new Int32Array(last);
  for (;;) {
    tableFill(t, n, db, di, slots, vals);
    let d = last - 1;
    for (; d >= 0; d--) {
      const o = pos[d];
      db -= dstOff[d][o];
      const next = o + 1 < counts[d] ? o + 1 : 0;
      pos[d] = next;
      db += dstOff[d][next];
      if (next !== 0) break;
    }
    if (d < 0) return;
  }
}

const NO_RUN = new Int32Array(1);

/** Fills n runs of `slots` slots at b + bt[i] with the element `vals` (one value per component). */
function tableFill(
  t: RunArray,
  n: number,
  b: number,
  bt: OffsetTable,
  slots: number,
  vals: readonly unknown[],
): void {
  const components = vals.length;
  const v0 = vals[0];
  if (slots === 1) {
    for (let i = 0; i < n; i++) t[b + bt[i]] = v0;
  } else if (components === 1) {
    for (let i = 0; i < n; i++) t.fill(v0, b + bt[i], b + bt[i] + slots);
  } else {
    for (let i = 0; i < n; i++) {
      const p = b + bt[i];
      for (let j = 0; j < slots; j += components) {
        for (let c = 0; c < components; c++) t[p + j + c] = vals[c];
      }
    }
  }
}

/** Copies element src[srcOffsets[i]] to dst[dstOffsets[i]] (flat element offsets). */
export function copyPoints(
  src: ChunkData,
  srcOffsets: Float64Array,
  dst: ChunkData,
  dstOffsets: Float64Array,
  components = 1,
): void {
  if (srcOffsets.length !== dstOffsets.length) {
    throw new SelectionError(
      `copyPoints: ${srcOffsets.length} source offsets but ${dstOffsets.length} destination offsets`,
    );
  }
  const s = src as unknown as RunArray;
  const t = dst as unknown as RunArray;
  const n = srcOffsets.length;
  if (components === 1) {
    for (let i = 0; i < n; i++) t[dstOffsets[i]] = s[srcOffsets[i]];
    return;
  }
  for (let i = 0; i < n; i++) {
    const a = srcOffsets[i] * components;
    const b = dstOffsets[i] * components;
    for (let j = 0; j < components; j++) t[b + j] = s[a + j];
  }
}

/** Writes `value` at each flat element offset of `dst`. */
export function fillPoints(
  dst: ChunkData,
  dstOffsets: Float64Array,
  value: FillElement,
  components = 1,
): void {
  const vals = elementSlots(dst, value, components);
  const t = dst as unknown as RunArray;
  const n = dstOffsets.length;
  for (let i = 0; i < n; i++) {
    const b = dstOffsets[i] * components;
    for (let j = 0; j < components; j++) t[b + j] = vals[j];
  }
}
