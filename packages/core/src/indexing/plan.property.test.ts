/**
 * Property test: executing a read plan chunk by chunk (copyProjection / copyPoints from
 * a C-order source) gives exactly what an independent element-by-element reference of
 * numpy (orthogonal) indexing gives.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SelectionError } from "../errors.js";
import { copyPoints, copyProjection } from "./copy.js";
import { planSelection } from "./plan.js";
import { slice } from "./slice.js";
import type { DimSelection, OrthogonalSelection, Selection } from "./types.js";

// ---------- reference (independent of the implementation) ----------

class RefError extends Error {}

/** Selected indices of a slice, by walking numpy's range definition. */
function refSlice(
  start: number | null,
  stop: number | null,
  step: number | null,
  n: number,
): number[] {
  const st = step ?? 1;
  if (st === 0) throw new RefError("zero step");
  const out: number[] = [];
  if (st > 0) {
    let a = start ?? 0;
    let b = stop ?? n;
    if (a < 0) a = Math.max(0, a + n);
    if (b < 0) b = Math.max(0, b + n);
    a = Math.min(a, n);
    b = Math.min(b, n);
    for (let i = a; i < b; i += st) out.push(i);
  } else {
    let a = start ?? n - 1;
    let b = stop ?? -1 - n; // "before the beginning"
    if (a < 0) a = a + n < 0 ? -1 : a + n;
    else if (a >= n) a = n - 1;
    if (b < 0) b = b + n < 0 ? -1 : b + n;
    else if (b >= n) b = n - 1;
    for (let i = a; i > b; i += st) out.push(i);
  }
  return out;
}

interface RefDim {
  indices: number[];
  drop: boolean;
}

function refDim(sel: DimSelection, n: number): RefDim {
  if (sel === null) return { indices: Array.from({ length: n }, (_, i) => i), drop: false };
  if (typeof sel === "number") {
    const i = sel < 0 ? sel + n : sel;
    if (i < 0 || i >= n) throw new RefError("out of bounds");
    return { indices: [i], drop: true };
  }
  if (!Array.isArray(sel) && !ArrayBuffer.isView(sel)) {
    const s = sel as { start: number | null; stop: number | null; step: number | null };
    return { indices: refSlice(s.start, s.stop, s.step, n), drop: false };
  }
  const arr = Array.from(sel as ArrayLike<number | boolean>);
  if (sel instanceof Uint8Array || (arr.length > 0 && typeof arr[0] === "boolean")) {
    if (arr.length !== n) throw new RefError("mask length");
    const idx: number[] = [];
    arr.forEach((v, i) => {
      if (v) idx.push(i);
    });
    return { indices: idx, drop: false };
  }
  return {
    indices: arr.map((v) => {
      const i = (v as number) < 0 ? (v as number) + n : (v as number);
      if (i < 0 || i >= n) throw new RefError("out of bounds");
      return i;
    }),
    drop: false,
  };
}

function flatIndex(idx: readonly number[], shape: readonly number[]): number {
  let f = 0;
  for (let d = 0; d < shape.length; d++) f = f * shape[d] + idx[d];
  return f;
}

/** Reference result: array of source flat indices in output C order, plus numpy's shape. */
function refOrthogonal(
  shape: number[],
  perDim: DimSelection[],
): { flat: number[]; shape: number[]; chunks: Set<string>; chunkShape?: number[] } {
  const dims = perDim.map((s, d) => refDim(s, shape[d]));
  const outShape = dims.filter((d) => !d.drop).map((d) => d.indices.length);
  const flat: number[] = [];
  const rec = (d: number, idx: number[]): void => {
    if (d === shape.length) {
      flat.push(flatIndex(idx, shape));
      return;
    }
    for (const i of dims[d].indices) rec(d + 1, [...idx, i]);
  };
  rec(0, []);
  return { flat, shape: outShape, chunks: new Set() };
}

// ---------- executing a plan ----------

/** Source element e has slots [e * 10 + 1, e * 10 + 2, ...]. */
function sourceValue(flat: number, comp: number): number {
  return flat * 10 + 1 + comp;
}

/** The decoded chunk at `coords`: full chunk shape, -1 outside the array. */
function makeChunk(
  shape: number[],
  chunkShape: number[],
  coords: readonly number[],
  components: number,
): Float64Array {
  const size = chunkShape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size * components);
  for (let e = 0; e < size; e++) {
    let rem = e;
    const idx = new Array<number>(shape.length);
    let inside = true;
    for (let d = shape.length - 1; d >= 0; d--) {
      const local = rem % chunkShape[d];
      rem = Math.floor(rem / chunkShape[d]);
      idx[d] = coords[d] * chunkShape[d] + local;
      if (idx[d] >= shape[d]) inside = false;
    }
    for (let c = 0; c < components; c++) {
      data[e * components + c] = inside ? sourceValue(flatIndex(idx, shape), c) : -1;
    }
  }
  return data;
}

function chunkKeyOfFlat(flat: number, shape: number[], chunkShape: number[]): string {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx.map((i, d) => Math.floor(i / chunkShape[d])).join(",");
}

function compareCoords(a: readonly number[], b: readonly number[]): number {
  for (let d = 0; d < a.length; d++) if (a[d] !== b[d]) return a[d] - b[d];
  return 0;
}

function execute(
  shape: number[],
  chunkShape: number[],
  selection: Selection,
  components: number,
): { data: Float64Array; shape: number[]; chunks: string[]; taskCount: number } {
  const plan = planSelection(shape, chunkShape, selection);
  const out = new Float64Array(plan.size * components).fill(Number.NaN);
  const chunks: string[] = [];
  let prev: readonly number[] | null = null;
  let n = 0;
  for (const task of plan.tasks()) {
    n++;
    if (prev) expect(compareCoords(prev, task.chunkCoords)).toBeLessThan(0);
    prev = task.chunkCoords;
    chunks.push(task.chunkCoords.join(","));
    const chunk = makeChunk(shape, chunkShape, task.chunkCoords, components);
    if (task.kind === "box") {
      for (const p of task.chunkSelection)
        if (p.kind === "range") expect(p.step).toBeGreaterThan(0);
      copyProjection(
        chunk,
        chunkShape,
        task.chunkSelection,
        out,
        plan.fullShape,
        task.outSelection,
        components,
      );
    } else {
      copyPoints(chunk, task.chunkOffsets, out, task.outOffsets, components);
    }
  }
  expect(n).toBe(plan.taskCount);
  expect(plan.fullShape.reduce((a, b) => a * b, 1)).toBe(plan.size);
  return { data: out, shape: plan.shape, chunks, taskCount: n };
}

// ---------- arbitraries ----------

const nullableInt = (lo: number, hi: number) =>
  fc.option(fc.integer({ min: lo, max: hi }), { nil: null });

function dimSelectionArb(n: number): fc.Arbitrary<DimSelection> {
  const ints = fc.integer({ min: -n - 2, max: n + 1 });
  const slices = fc
    .tuple(
      nullableInt(-n - 3, n + 3),
      nullableInt(-n - 3, n + 3),
      fc.option(
        fc.integer({ min: -4, max: 4 }).filter((s) => s !== 0),
        { nil: null },
      ),
    )
    .map(([a, b, s]) => slice(a, b, s));
  const indexList = fc.array(fc.integer({ min: n > 0 ? -n : 0, max: n > 0 ? n - 1 : 0 }), {
    maxLength: 6,
  });
  const intArrays = fc.oneof(
    indexList.map((a): DimSelection => (n === 0 ? [] : a)),
    indexList.map((a): DimSelection => (n === 0 ? new Int32Array(0) : Int32Array.from(a))),
    indexList.map((a): DimSelection => (n === 0 ? [] : Float64Array.from(a))),
  );
  const masks = fc.array(fc.boolean(), { minLength: n, maxLength: n }).chain((m) =>
    fc.constantFrom<DimSelection>(
      m,
      Uint8Array.from(m, (b) => (b ? 1 : 0)),
    ),
  );
  return fc.oneof(
    { arbitrary: ints, weight: 2 },
    { arbitrary: slices, weight: 4 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: intArrays, weight: 2 },
    { arbitrary: masks, weight: 1 },
  );
}

const shapeArb = fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 4 });

interface Case {
  shape: number[];
  chunkShape: number[];
  perDim: DimSelection[];
  /** 0: full list, 1: truncated to `a`, 2: `...` replacing [a, b). */
  form: number;
  a: number;
  b: number;
  components: number;
}

const caseArb: fc.Arbitrary<Case> = shapeArb.chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    chunkShape: fc.tuple(...shape.map((n) => fc.integer({ min: 1, max: Math.max(1, n + 1) }))),
    perDim: fc.tuple(...shape.map((n) => dimSelectionArb(n))),
    form: fc.integer({ min: 0, max: 2 }),
    a: fc.integer({ min: 0, max: shape.length }),
    b: fc.integer({ min: 0, max: shape.length }),
    components: fc.constantFrom(1, 2),
  }),
);

function selectionOf(c: Case): { selection: OrthogonalSelection; refDims: DimSelection[] } {
  const rank = c.shape.length;
  const a = Math.min(c.a, c.b);
  const b = Math.max(c.a, c.b);
  if (c.form === 1) {
    return {
      selection: c.perDim.slice(0, a),
      refDims: c.perDim.map((s, d) => (d < a ? s : null)),
    };
  }
  if (c.form === 2) {
    return {
      selection: [...c.perDim.slice(0, a), "...", ...c.perDim.slice(b, rank)],
      refDims: c.perDim.map((s, d) => (d >= a && d < b ? null : s)),
    };
  }
  return { selection: c.perDim, refDims: c.perDim };
}

// ---------- properties ----------

describe("planSelection + copyProjection match a numpy reference", () => {
  it("orthogonal selections", () => {
    fc.assert(fc.property(caseArb, checkOrthogonal), { numRuns: 3000 });
  });

  function checkOrthogonal(c: Case): void {
    const { selection, refDims } = selectionOf(c);
    let ref: ReturnType<typeof refOrthogonal> | null = null;
    try {
      ref = refOrthogonal(c.shape, refDims);
    } catch (e) {
      if (!(e instanceof RefError)) throw e;
    }
    if (ref === null) {
      expect(() => planSelection(c.shape, c.chunkShape, selection)).toThrow(SelectionError);
      return;
    }
    const got = execute(c.shape, c.chunkShape, selection, c.components);
    expect(got.shape).toEqual(ref.shape);
    const want = new Float64Array(ref.flat.length * c.components);
    ref.flat.forEach((f, i) => {
      for (let k = 0; k < c.components; k++) want[i * c.components + k] = sourceValue(f, k);
    });
    expect(Array.from(got.data)).toEqual(Array.from(want));
    // Exactly the chunks holding a selected element, each once.
    const touched = new Set(ref.flat.map((f) => chunkKeyOfFlat(f, c.shape, c.chunkShape)));
    if (c.shape.length === 0) touched.clear();
    if (c.shape.length > 0) expect(new Set(got.chunks)).toEqual(touched);
    expect(new Set(got.chunks).size).toBe(got.chunks.length);
  }

  it("larger arrays (long runs take the TypedArray.set path)", () => {
    const big = fc
      .integer({ min: 1, max: 3 })
      .chain((rank) =>
        fc.array(fc.integer({ min: 0, max: rank === 1 ? 300 : rank === 2 ? 80 : 20 }), {
          minLength: rank,
          maxLength: rank,
        }),
      )
      .chain((shape) =>
        fc.record({
          shape: fc.constant(shape),
          chunkShape: fc.tuple(
            ...shape.map((n) =>
              fc.oneof(fc.integer({ min: 1, max: n + 1 }), fc.constant(Math.max(1, n))),
            ),
          ),
          perDim: fc.tuple(
            ...shape.map((n) =>
              fc.oneof(
                { arbitrary: dimSelectionArb(n), weight: 1 },
                { arbitrary: fc.constant(null), weight: 2 },
              ),
            ),
          ),
          form: fc.constant(0),
          a: fc.constant(0),
          b: fc.constant(0),
          components: fc.constantFrom(1, 2),
        }),
      );
    fc.assert(fc.property(big, checkOrthogonal), { numRuns: 150 });
  });

  it("coordinate selections", () => {
    const arb = fc
      .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })
      .chain((shape) =>
        fc.record({
          shape: fc.constant(shape),
          chunkShape: fc.tuple(...shape.map((n) => fc.integer({ min: 1, max: n + 1 }))),
          n: fc.integer({ min: 0, max: 8 }),
          components: fc.constantFrom(1, 2),
          seed: fc.array(fc.integer({ min: 0, max: 1 << 20 }), { minLength: 32, maxLength: 32 }),
        }),
      );
    fc.assert(
      fc.property(arb, (c) => {
        let s = 0;
        const next = (): number => c.seed[s++ % c.seed.length] + s;
        const coordinates = c.shape.map((n) =>
          Array.from({ length: c.n }, () => (next() % (2 * n)) - n),
        );
        const flat = Array.from({ length: c.n }, (_, i) =>
          flatIndex(
            c.shape.map((n, d) =>
              coordinates[d][i] < 0 ? coordinates[d][i] + n : coordinates[d][i],
            ),
            c.shape,
          ),
        );
        const got = execute(
          c.shape,
          c.chunkShape,
          { kind: "coordinates", coordinates },
          c.components,
        );
        expect(got.shape).toEqual([c.n]);
        const want: number[] = [];
        for (const f of flat) for (let k = 0; k < c.components; k++) want.push(sourceValue(f, k));
        expect(Array.from(got.data)).toEqual(want);
        const touched = new Set(flat.map((f) => chunkKeyOfFlat(f, c.shape, c.chunkShape)));
        expect(new Set(got.chunks)).toEqual(touched);
        expect(got.chunks.length).toBe(touched.size);
      }),
      { numRuns: 1000 },
    );
  });
});
