/**
 * blocks() and the reductions on a sharded array go by inner chunk: each is read through
 * the shard reader (byte ranges, never a whole shard) and decoded on its own, so memory
 * follows the inner chunk. Results match get() and an unsharded array of the same data.
 */
import { describe, expect, it } from "vitest";
import {
  type Block,
  create,
  MemoryStore,
  type OrthogonalSelection,
  slice,
  type ZarrArray,
} from "./index.js";

const SHAPE = [100, 90];
const values = Float32Array.from({ length: SHAPE[0] * SHAPE[1] }, (_, i) =>
  i % 97 === 0 ? Number.NaN : Math.sin(i / 7) * 100 + (i % 13),
);

/** Whole-shard reads the store saw (keys under c/ read with get, not by range). */
interface CountingStore extends MemoryStore {
  wholeShardReads: number;
}

async function arrays(): Promise<{ sharded: ZarrArray; plain: ZarrArray; store: CountingStore }> {
  const store = Object.assign(new MemoryStore(), { wholeShardReads: 0 }) as CountingStore;
  const get = store.get.bind(store);
  store.get = async (key, options) => {
    if (key.startsWith("s/c/")) store.wholeShardReads++;
    return get(key, options);
  };
  const base = { shape: SHAPE, dtype: "float32", fillValue: -1 } as const;
  const sharded = await create(store, {
    ...base,
    path: "s",
    chunks: [25, 30],
    shards: [50, 90],
  });
  const plain = await create(store, { ...base, path: "p", chunks: [25, 30] });
  for (const arr of [sharded, plain]) {
    // the last row of inner chunks stays absent: the fill value
    await arr.set([slice(0, 75), null], { data: values.subarray(0, 75 * 90), shape: [75, 90] });
  }
  store.wholeShardReads = 0;
  return { sharded, plain, store };
}

/** The blocks of a selection, placed into one array of the selection's shape. */
async function assemble(arr: ZarrArray, selection: OrthogonalSelection, shape: number[]) {
  const out = new Float32Array(shape[0] * shape[1]).fill(Number.POSITIVE_INFINITY);
  const blocks: Block[] = [];
  for await (const block of arr.blocks(selection, { concurrency: 3 })) {
    blocks.push(block);
    const data = block.data as Float32Array;
    for (let y = 0; y < block.shape[0]; y++) {
      for (let x = 0; x < block.shape[1]; x++) {
        out[(block.offset[0] + y) * shape[1] + block.offset[1] + x] = data[y * block.shape[1] + x];
      }
    }
  }
  return { out, blocks };
}

describe("a sharded array's blocks and reductions go by inner chunk", () => {
  it("blocks are inner chunks, read by range, and assemble to get()", async () => {
    const { sharded, store } = await arrays();
    for (const [selection, shape] of [
      [[null, null], SHAPE],
      [
        [slice(10, 95), slice(5, 80)],
        [85, 75],
      ],
      [
        [slice(99, 0, -3), slice(null, null, 2)],
        [33, 45],
      ],
    ] as [OrthogonalSelection, number[]][]) {
      // (a whole-array get() may read whole shards; blocks must not)
      const expected = (await sharded.get(selection)).data as Float32Array;
      store.wholeShardReads = 0;
      const { out, blocks } = await assemble(sharded, selection, shape);
      expect(store.wholeShardReads).toBe(0);
      expect(Array.from(out)).toEqual(Array.from(expected));
      expect(blocks.every((b) => b.shape[0] <= 25 && b.shape[1] <= 30)).toBe(true);
    }
    const whole = await assemble(sharded, [null, null], SHAPE);
    expect(whole.blocks.length).toBe(4 * 3);
    expect(whole.blocks.map((b) => b.chunkCoords)).toContainEqual([3, 2]);
  });

  it("stats, histograms and percentiles equal those of the same data unsharded", async () => {
    const { sharded, plain, store } = await arrays();
    for (const selection of [undefined, [slice(3, 97), slice(7, 88)]]) {
      store.wholeShardReads = 0;
      expect(await sharded.stats(selection)).toEqual(await plain.stats(selection));
      expect(await sharded.histogram(32, undefined, selection)).toEqual(
        await plain.histogram(32, undefined, selection),
      );
      expect(await sharded.percentiles([1, 50, 99], selection)).toEqual(
        await plain.percentiles([1, 50, 99], selection),
      );
    }
    expect(store.wholeShardReads).toBe(0);
  });
});
