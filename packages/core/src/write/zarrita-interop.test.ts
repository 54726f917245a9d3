// zarrita.js reads the v3 arrays zarrkit writes: default codecs (bytes + zstd), gzip,
// order F (transpose), sharding, and a consolidated v3 hierarchy.
import { registerPureCodecs, registerWasmCodecs } from "@zarrkit/codecs";
import { MemoryStore } from "@zarrkit/storage";
import { beforeAll, describe, expect, it } from "vitest";
import * as zarrita from "zarrita";
import { defaultCodecRegistry } from "../codec-registry.js";
import { create, createGroup } from "./create.js";
import type { CreateArrayOptions } from "./create-options.js";

beforeAll(() => {
  registerWasmCodecs(registerPureCodecs(defaultCodecRegistry));
});

/** zarrita asks for "/path/key"; our stores use "path/key". */
function asZarritaStore(store: MemoryStore) {
  return {
    get: (key: string) => store.get(key.replace(/^\//, "")),
    getRange: (key: string, range: { offset: number; length: number } | { suffixLength: number }) =>
      store.getRange(key.replace(/^\//, ""), range),
  };
}

describe("zarrita.js reads what zarrkit writes (v3)", () => {
  const cases: [string, Partial<CreateArrayOptions>][] = [
    ["default", {}],
    ["gzip", { compressor: { id: "gzip", level: 5 } }],
    ["F", { order: "F" }],
    ["sharded", { shards: [4, 6] }],
    ["nocomp", { compressor: null }],
  ];
  for (const [name, extra] of cases) {
    it(name, async () => {
      const store = new MemoryStore();
      await createGroup(store);
      const arr = await create(store, {
        path: "a",
        shape: [7, 6],
        chunks: [2, 3],
        dtype: "int32",
        fillValue: -1,
        ...extra,
      });
      const data = Int32Array.from({ length: 42 }, (_, i) => i * 11 - 7);
      await arr.set(null, { data, shape: [7, 6] });
      await arr.set([3, 4], -1);
      data[3 * 6 + 4] = -1;
      const z = await zarrita.open.v3(zarrita.root(asZarritaStore(store)).resolve("a"), {
        kind: "array",
      });
      const got = await zarrita.get(z);
      expect(got.shape).toEqual([7, 6]);
      // zarrita may hand back another memory order: read through its strides
      const values = got.data as Int32Array;
      const inC = Array.from({ length: 42 }, (_, i) => {
        const [r, c] = [Math.floor(i / 6), i % 6];
        return values[r * got.stride[0] + c * got.stride[1]];
      });
      expect(inC).toEqual(Array.from(data));
    });
  }
});
