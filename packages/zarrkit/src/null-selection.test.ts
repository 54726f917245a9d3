/** `null` selects everything in every method that takes a selection (issue 13, item 14). */
import { describe, expect, it } from "vitest";
import { create, MemoryStore, type ZarrArray } from "./index.js";

describe("a null selection", () => {
  it("means everything for get, set, blocks and the reductions", async () => {
    const arr = (await create(new MemoryStore(), {
      shape: [4, 6],
      chunks: [3, 4],
      dtype: "int32",
    })) as ZarrArray;
    const values = Int32Array.from({ length: 24 }, (_, i) => i);
    await arr.set(null, values);
    const all = await arr.get(null);
    expect(all.shape).toEqual([4, 6]);
    expect([...all.data]).toEqual([...values]);
    expect(await arr.get(null)).toEqual(await arr.get());
    let elements = 0;
    for await (const block of arr.blocks(null)) elements += block.data.length;
    expect(elements).toBe(24);
    expect((await arr.stats(null)).sum).toBe(276);
    expect([...(await arr.histogram(4, undefined, null)).counts]).toEqual([6, 6, 6, 6]);
    expect(await arr.percentiles([0, 100], null)).toEqual([0, 23]);
  });
});
