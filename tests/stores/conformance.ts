/**
 * The behaviour every writable, listable zarrkit store shares, as one suite run against
 * each store (conformance.test.ts): missing keys, whole and ranged reads, overwrites,
 * deletes, listing and one-level listing, sizes, awkward key characters, and that a
 * store keeps no alias to the bytes it was given.
 */
import { type ByteRange, readRange, type Store } from "@zarrkit/core";
import { describe, expect, it } from "vitest";

export interface StoreUnderTest {
  store: Store;
  cleanup?: () => Promise<void>;
}

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);

async function collect(iterable: AsyncIterable<string> | undefined): Promise<string[]> {
  if (!iterable) throw new Error("the store cannot list");
  const out: string[] = [];
  for await (const key of iterable) out.push(key);
  return out.sort();
}

/** Registers the suite; `make` gives a fresh, empty store for each test. */
export function describeStoreConformance(name: string, make: () => Promise<StoreUnderTest>): void {
  const withStore = (title: string, body: (store: Store) => Promise<void>) =>
    it(title, async () => {
      const { store, cleanup } = await make();
      try {
        await body(store);
      } finally {
        await cleanup?.();
      }
    });

  describe(`store conformance: ${name}`, () => {
    withStore("a missing key reads undefined, everywhere", async (store) => {
      expect(await store.get("nope/zarr.json")).toBeUndefined();
      expect(await readRange(store, "nope", { offset: 0, length: 4 })).toBeUndefined();
      if (store.has) expect(await store.has("nope")).toBe(false);
      if (store.getSize) expect(await store.getSize("nope")).toBeUndefined();
    });

    withStore("set, get, overwrite and delete", async (store) => {
      const value = bytes(1, 2, 3, 4, 5);
      await store.set?.("a/b/c", value);
      value[0] = 99; // the store must not keep the caller's buffer
      expect(await store.get("a/b/c")).toEqual(bytes(1, 2, 3, 4, 5));
      await store.set?.("a/b/c", bytes(7));
      expect(await store.get("a/b/c")).toEqual(bytes(7));
      if (store.has) expect(await store.has("a/b/c")).toBe(true);
      await store.delete?.("a/b/c");
      expect(await store.get("a/b/c")).toBeUndefined();
      await store.delete?.("a/b/c"); // deleting a missing key is not an error
    });

    withStore("empty values and awkward key characters", async (store) => {
      const keys = ["empty", "sp ace/x", "uni/été", "punct/a+b=c&d(1)!~'*.json", "dots/.zattrs"];
      for (const key of keys) await store.set?.(key, key === "empty" ? bytes() : text(key));
      for (const key of keys)
        expect(await store.get(key), key).toEqual(key === "empty" ? bytes() : text(key));
      expect(await collect(store.list?.(""))).toEqual([...keys].sort());
    });

    withStore("ranges and suffixes, clamped at the end", async (store) => {
      const value = new Uint8Array(300).map((_, i) => i & 0xff);
      await store.set?.("r", value);
      const cases: [ByteRange, Uint8Array][] = [
        [{ offset: 0, length: 10 }, value.slice(0, 10)],
        [{ offset: 290, length: 50 }, value.slice(290)],
        [{ suffixLength: 7 }, value.slice(293)],
        [{ suffixLength: 1000 }, value],
      ];
      for (const [range, want] of cases) {
        expect(await readRange(store, "r", range), JSON.stringify(range)).toEqual(want);
      }
      if (store.getSize) expect(await store.getSize("r")).toBe(300);
    });

    withStore("list and listDir", async (store) => {
      for (const key of [
        "zarr.json",
        "g/zarr.json",
        "g/a/zarr.json",
        "g/a/c/0/0",
        "g/a/c/0/1",
        "h/x",
      ]) {
        await store.set?.(key, bytes(1));
      }
      expect(await collect(store.list?.("g/"))).toEqual([
        "g/a/c/0/0",
        "g/a/c/0/1",
        "g/a/zarr.json",
        "g/zarr.json",
      ]);
      expect(await collect(store.list?.(""))).toHaveLength(6);
      expect(await store.listDir?.("")).toEqual({ keys: ["zarr.json"], prefixes: ["g/", "h/"] });
      expect(await store.listDir?.("g")).toEqual({ keys: ["g/zarr.json"], prefixes: ["g/a/"] });
      expect(await store.listDir?.("g/a/c/0/")).toEqual({
        keys: ["g/a/c/0/0", "g/a/c/0/1"],
        prefixes: [],
      });
      expect(await store.listDir?.("none/")).toEqual({ keys: [], prefixes: [] });
    });
  });
}
