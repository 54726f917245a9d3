import { describe, expect, it } from "vitest";
import { SelectionError } from "../errors.js";
import { planSelection } from "./plan.js";
import { coords, slice } from "./slice.js";
import type { BoxTask, ChunkTask, DimProjection, PointsTask } from "./types.js";

const range = (start: number, step: number, count: number): DimProjection => ({
  kind: "range",
  start,
  step,
  count,
});

function boxes(tasks: Iterable<ChunkTask>): BoxTask[] {
  return Array.from(tasks) as BoxTask[];
}

describe("planSelection shapes", () => {
  it("whole array by default", () => {
    const p = planSelection([10, 7], [4, 4]);
    expect(p.shape).toEqual([10, 7]);
    expect(p.fullShape).toEqual([10, 7]);
    expect(p.size).toBe(70);
    expect(p.taskCount).toBe(6);
    expect(boxes(p.tasks()).map((t) => t.chunkCoords)).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
    ]);
  });
  it("drops integer-indexed axes from shape but keeps them as 1 in fullShape", () => {
    const p = planSelection([10, 7, 5], [4, 4, 5], [3, slice(1, 6), -1]);
    expect(p.shape).toEqual([5]);
    expect(p.fullShape).toEqual([1, 5, 1]);
    const t = boxes(p.tasks());
    expect(t).toHaveLength(2);
    expect(t[0].chunkCoords).toEqual([0, 0, 0]);
    expect(t[0].chunkSelection).toEqual([range(3, 1, 1), range(1, 1, 3), range(4, 1, 1)]);
    expect(t[0].outSelection).toEqual([range(0, 1, 1), range(0, 1, 3), range(0, 1, 1)]);
    expect(t[1].chunkSelection[1]).toEqual(range(0, 1, 2));
    expect(t[1].outSelection[1]).toEqual(range(3, 1, 2));
  });
  it("zero-size selections have no tasks", () => {
    for (const p of [
      planSelection([10, 10], [3, 3], [slice(5, 5)]),
      planSelection([0, 10], [3, 3]),
      planSelection([10, 10], [3, 3], [null, []]),
      planSelection([3], [3], [[false, false, false]]),
    ]) {
      expect(p.size).toBe(0);
      expect(p.taskCount).toBe(0);
      expect(Array.from(p.tasks())).toEqual([]);
    }
  });
  it("0-d arrays have one task", () => {
    for (const sel of [undefined, [], ["..."] as const]) {
      const p = planSelection([], [], sel);
      expect(p.shape).toEqual([]);
      expect(p.fullShape).toEqual([]);
      expect(p.size).toBe(1);
      expect(p.taskCount).toBe(1);
      expect(Array.from(p.tasks())).toEqual([
        { kind: "box", chunkCoords: [], chunkSelection: [], outSelection: [] },
      ]);
    }
  });
  it("validates shapes and selections", () => {
    expect(() => planSelection([4], [0])).toThrow("chunk shape[0] = 0 is not a positive integer");
    expect(() => planSelection([4], [2, 2])).toThrow(SelectionError);
    expect(() => planSelection([4], [2], [4])).toThrow(
      "index 4 is out of bounds for dimension 0 with size 4",
    );
    expect(() => planSelection([4], [2], [0, 0])).toThrow("too many indices");
    expect(() => planSelection([4], [2], [slice(0, 4, 0)])).toThrow("slice step cannot be zero");
  });
});

describe("planSelection chunk mapping", () => {
  it("negative steps read ascending in the chunk and fill the output backwards", () => {
    const p = planSelection([10], [4], [slice(null, null, -1)]);
    expect(p.shape).toEqual([10]);
    const t = boxes(p.tasks());
    expect(t.map((x) => x.chunkCoords[0])).toEqual([0, 1, 2]);
    expect(t[0].chunkSelection[0]).toEqual(range(0, 1, 4));
    expect(t[0].outSelection[0]).toEqual(range(9, -1, 4));
    expect(t[2].chunkSelection[0]).toEqual(range(0, 1, 2));
    expect(t[2].outSelection[0]).toEqual(range(1, -1, 2));
  });
  it("strided slices touch only chunks holding selected elements", () => {
    // step 5 >= chunk 3: one element per chunk
    const p = planSelection([20], [3], [slice(1, null, 5)]);
    const t = boxes(p.tasks());
    expect(t.map((x) => x.chunkCoords[0])).toEqual([0, 2, 3, 5]);
    expect(t.map((x) => x.chunkSelection[0])).toEqual([
      range(1, 1, 1),
      range(0, 1, 1),
      range(2, 1, 1),
      range(1, 1, 1),
    ]);
    expect(t.map((x) => (x.outSelection[0] as { start: number }).start)).toEqual([0, 1, 2, 3]);
  });
  it("groups integer arrays per chunk, keeping output positions", () => {
    const p = planSelection([10], [4], [[9, 1, 5, 2, 1, 8]]);
    const t = boxes(p.tasks());
    expect(t.map((x) => x.chunkCoords[0])).toEqual([0, 1, 2]);
    const asList = (d: DimProjection): number[] =>
      d.kind === "indices"
        ? Array.from(d.indices)
        : Array.from({ length: d.count }, (_, i) => d.start + i * d.step);
    expect(asList(t[0].chunkSelection[0])).toEqual([1, 2, 1]);
    expect(asList(t[0].outSelection[0])).toEqual([1, 3, 4]);
    expect(asList(t[1].chunkSelection[0])).toEqual([1]);
    expect(asList(t[1].outSelection[0])).toEqual([2]);
    expect(asList(t[2].chunkSelection[0])).toEqual([1, 0]);
    expect(asList(t[2].outSelection[0])).toEqual([0, 5]);
  });
  it("turns contiguous mask runs into ranges", () => {
    const mask = Array.from({ length: 12 }, (_, i) => i >= 2 && i < 10);
    const t = boxes(planSelection([12], [4], [mask]).tasks());
    expect(t.map((x) => x.chunkSelection[0])).toEqual([
      range(2, 1, 2),
      range(0, 1, 4),
      range(0, 1, 2),
    ]);
    expect(t.map((x) => x.outSelection[0])).toEqual([
      range(0, 1, 2),
      range(2, 1, 4),
      range(6, 1, 2),
    ]);
  });
  it("coordinate selections give one points task per chunk, in chunk order", () => {
    const p = planSelection([10, 10], [5, 5], coords([9, 0, 1, -1], [9, 0, 6, 0]));
    expect(p.shape).toEqual([4]);
    expect(p.fullShape).toEqual([4]);
    const t = Array.from(p.tasks()) as PointsTask[];
    expect(t.map((x) => x.chunkCoords)).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(t.map((x) => Array.from(x.chunkOffsets))).toEqual([[0], [6], [20], [24]]);
    expect(t.map((x) => Array.from(x.outOffsets))).toEqual([[1], [2], [3], [0]]);
  });
});

describe("planSelection never scales with the array", () => {
  const huge = [1e8, 1e8];
  const chunks = [1000, 1000];
  it("plans an aligned 1000x1000 corner of a 1e8 x 1e8 array instantly, as 1 task", () => {
    const t0 = performance.now();
    const p = planSelection(huge, chunks, [slice(1e8 - 1000, 1e8), slice(-1000, null)]);
    const t = boxes(p.tasks());
    expect(performance.now() - t0).toBeLessThan(100);
    expect(p.taskCount).toBe(1);
    expect(t).toHaveLength(1);
    expect(t[0].chunkCoords).toEqual([99999, 99999]);
    expect(t[0].chunkSelection).toEqual([range(0, 1, 1000), range(0, 1, 1000)]);
  });
  it("an unaligned 1000x1000 corner region is 4 tasks", () => {
    const t0 = performance.now();
    const p = planSelection(huge, chunks, [slice(1e8 - 1500, 1e8 - 500), slice(1e8 - 1500, -500)]);
    const t = boxes(p.tasks());
    expect(performance.now() - t0).toBeLessThan(100);
    expect(t.map((x) => x.chunkCoords)).toEqual([
      [99998, 99998],
      [99998, 99999],
      [99999, 99998],
      [99999, 99999],
    ]);
    expect(t[3].outSelection).toEqual([range(500, 1, 500), range(500, 1, 500)]);
  });
  it("a step larger than the chunk visits only chunks with selected elements", () => {
    const t0 = performance.now();
    const p = planSelection([1e15], [1000], [slice(5, null, 1e12)]);
    expect(p.taskCount).toBe(1000);
    const first = boxes(p.tasks()).slice(0, 3);
    expect(performance.now() - t0).toBeLessThan(100);
    expect(first.map((x) => x.chunkCoords[0])).toEqual([0, 1e9, 2e9]);
  });
  it("step 3 over a huge dimension is lazy: taskCount is known without enumerating", () => {
    const t0 = performance.now();
    const p = planSelection([1e12, 1e12], [100, 100], [slice(null, null, 3), 7]);
    expect(p.taskCount).toBe(1e10);
    const it = p.tasks()[Symbol.iterator]();
    const a = it.next().value as BoxTask;
    const b = it.next().value as BoxTask;
    expect(performance.now() - t0).toBeLessThan(100);
    expect(a.chunkSelection[0]).toEqual(range(0, 3, 34));
    expect(b.chunkCoords).toEqual([1, 0]);
    expect(b.chunkSelection[0]).toEqual(range(2, 3, 33));
    expect(b.outSelection[0]).toEqual(range(34, 1, 33));
  });
  it("coordinate selections on a huge grid (more than 2^53 chunks) group correctly", () => {
    const p = planSelection([1e15, 1e15], [1, 1], coords([5, 1e15 - 1, 5], [7, 0, 7]));
    const t = Array.from(p.tasks()) as PointsTask[];
    expect(t.map((x) => x.chunkCoords)).toEqual([
      [5, 7],
      [1e15 - 1, 0],
    ]);
    expect(Array.from(t[0].outOffsets)).toEqual([0, 2]);
  });
});
