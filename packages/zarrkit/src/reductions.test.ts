/**
 * arr.stats / histogram / percentiles against numpy on arrays zarr-python 2.13 wrote
 * (NaNs, absent chunks, F order, blosc), through the worker pool and inline.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ChunkDecoder,
  createDecodePool,
  createWorkerDecoder,
  FileSystemStore,
  open,
  type Selection,
  slice,
  type WorkerPool,
  type ZarrArray,
} from "./index.js";

interface Summary {
  min: number;
  max: number;
  sum: number;
  mean: number;
  count: number;
  nanCount: number;
  histogram: number[];
  edges: number[];
  percentiles: number[];
}

const SCRIPT = fileURLToPath(new URL("./__fixtures__/make_reduce_data.py", import.meta.url));
let dir: string;
let expected: { ps: number[] } & Record<string, Summary>;
let pool: WorkerPool;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "zarrkit-reduce-"));
  expected = JSON.parse(execFileSync("/usr/bin/python3", [SCRIPT, dir], { encoding: "utf8" }));
  pool = await createDecodePool({ size: 2 });
});

afterAll(async () => {
  await pool?.terminate();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const CASES: {
  name: string;
  path: string;
  selection?: Selection;
  bins: number;
  range: [number, number];
}[] = [
  { name: "f32", path: "f32.zarr", bins: 50, range: [-100, 100] },
  {
    name: "f32_part",
    path: "f32.zarr",
    selection: [slice(10, 250), slice(33, 400)],
    bins: 17,
    range: [-60, 75],
  },
  { name: "i16", path: "i16.zarr", bins: 64, range: [-300, 900] },
  { name: "i16_part", path: "i16.zarr", selection: [slice(3, 170), 77], bins: 10, range: [0, 500] },
];

async function openWith(path: string, mode: "pool" | "inline"): Promise<ZarrArray> {
  const store = new FileSystemStore(dir);
  return mode === "pool"
    ? open(store, { kind: "array", path, workers: pool })
    : open(store, { kind: "array", path, workers: 0 });
}

type Progress = (progress: { done: number; total: number }) => void;

describe("reductions equal numpy's", () => {
  for (const mode of ["pool", "inline"] as const) {
    for (const c of CASES) {
      it(`${c.name} (${mode})`, async () => {
        const want = expected[c.name];
        const arr = await openWith(c.path, mode);
        const stats = await arr.stats(c.selection);
        expect(stats.count).toBe(want.count);
        expect(stats.nanCount).toBe(want.nanCount);
        expect(stats.min).toBe(want.min);
        expect(stats.max).toBe(want.max);
        // numpy's nansum over float64 is pairwise; ours is compensated: equal to ~1 ulp
        expect(stats.sum).toBeCloseTo(want.sum, 6);
        expect(stats.mean).toBeCloseTo(want.mean, 10);
        expect(await arr.min(c.selection)).toBe(want.min);
        const hist = await arr.histogram(c.bins, c.range, c.selection);
        expect([...hist.counts]).toEqual(want.histogram);
        expect([...hist.edges]).toEqual(want.edges);
        const ps = await arr.percentiles(expected.ps, c.selection);
        const width = (want.max - want.min) / 65536;
        const integer = c.name.startsWith("i16");
        ps.forEach((p, k) => {
          const target = want.percentiles[k];
          if (integer) expect(p, `p${expected.ps[k]}`).toBeCloseTo(target, 9);
          else expect(Math.abs(p - target), `p${expected.ps[k]}`).toBeLessThanOrEqual(width);
        });
      });
    }
  }

  it("reports progress, honours abort, and rejects non-numeric or bad requests", async () => {
    const arr = await openWith("f32.zarr", "pool");
    const seen: number[] = [];
    await arr.stats(undefined, { onProgress: ({ done }) => seen.push(done) });
    expect(seen.length).toBe(30);
    // two passes (min/max, then the histogram) count on as one: no restart at 0
    for (const run of [
      (onProgress: Progress) => arr.percentiles([1, 99], undefined, { onProgress }),
      (onProgress: Progress) => arr.histogram(16, undefined, undefined, { onProgress }),
    ]) {
      const steps: { done: number; total: number }[] = [];
      await run((p) => steps.push(p));
      expect(steps.length).toBe(60);
      expect(steps.every((p) => p.total === 60)).toBe(true);
      expect(steps.map((p) => p.done)).toEqual([...steps.map((p) => p.done)].sort((x, y) => x - y));
      expect(steps[59].done).toBe(60);
    }
    const controller = new AbortController();
    controller.abort();
    await expect(arr.stats(undefined, { signal: controller.signal })).rejects.toMatchObject({
      code: "aborted",
    });
    await expect(arr.histogram(0, [0, 1])).rejects.toMatchObject({ code: "selection" });
    await expect(arr.percentiles([101])).rejects.toMatchObject({ code: "selection" });
  });
});

describe("blocks()", () => {
  it("yields blocks that tile the selection, each equal to get() of its box", async () => {
    for (const mode of ["pool", "inline"] as const) {
      const arr = await openWith("f32.zarr", mode);
      const selection = [slice(10, 290), slice(50, 480)];
      const whole = await arr.get(selection);
      const [rows, cols] = whole.shape;
      const covered = new Uint8Array(rows * cols);
      let blocks = 0;
      for await (const block of arr.blocks(selection, { concurrency: 3 })) {
        blocks++;
        const [h, w] = block.shape;
        const [r0, c0] = block.offset;
        for (let r = 0; r < h; r++) {
          for (let c = 0; c < w; c++) {
            const at = (r0 + r) * cols + c0 + c;
            covered[at]++;
            expect(Object.is(block.data[r * w + c], whole.data[at])).toBe(true);
          }
        }
      }
      expect(blocks).toBe(5 * 5);
      expect(covered.every((n) => n === 1)).toBe(true);
    }
  });

  it("decodes at most `concurrency` blocks ahead of a slow consumer", async () => {
    const inner = createWorkerDecoder({ pool, inlineBelow: 0 });
    let decoded = 0;
    const decoder: ChunkDecoder = {
      ...inner,
      decode: async (bytes, job, signal) => {
        const chunk = await inner.decode(bytes, job, signal);
        decoded++;
        return chunk;
      },
    };
    const arr = await open(new FileSystemStore(dir), { kind: "array", path: "f32.zarr", decoder });
    let consumed = 0;
    let most = 0;
    for await (const _ of arr.blocks(undefined, { concurrency: 4 })) {
      consumed++;
      await new Promise((r) => setTimeout(r, 15));
      most = Math.max(most, decoded - consumed);
    }
    expect(consumed).toBe(30);
    expect(decoded).toBe(29); // one chunk is absent: filled, not decoded
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
  });

  it("stops reading when the consumer breaks out, and rejects on abort", async () => {
    const arr = await openWith("f32.zarr", "pool");
    for await (const _ of arr.blocks()) break;
    const controller = new AbortController();
    const blocks = arr.blocks(undefined, { signal: controller.signal });
    await blocks.next();
    controller.abort();
    await expect(blocks.next()).rejects.toMatchObject({ code: "aborted" });
  });

  it("drops integer-indexed axes and reverses negative steps like get()", async () => {
    const arr = await openWith("i16.zarr", "pool");
    const selection = [slice(180, 20, -1), 77];
    const whole = await arr.get(selection);
    const out = new Int16Array(whole.data.length);
    for await (const block of arr.blocks(selection)) {
      expect(block.shape.length).toBe(1);
      out.set(block.data as Int16Array, block.offset[0]);
    }
    expect([...out]).toEqual([...whole.data]);
  });
});
