import { AbortError, InvalidKeyError, isListable, isWritable } from "@zarrkit/core";
import { describe, expect, it } from "vitest";
import { MemoryStore } from "./memory-store.js";

const bytes = (...values: number[]) => new Uint8Array(values);

describe("MemoryStore", () => {
  it("gets, sets, deletes and reports has", async () => {
    const store = new MemoryStore({ "a/zarr.json": bytes(1, 2) });
    expect(isWritable(store) && isListable(store)).toBe(true);
    expect(await store.get("a/zarr.json")).toEqual(bytes(1, 2));
    expect(await store.get("b")).toBeUndefined();
    await store.set("b", bytes(3));
    expect(await store.has("b")).toBe(true);
    await store.delete("b");
    await store.delete("b"); // missing is fine
    expect(await store.has("b")).toBe(false);
    expect(await store.getSize("a/zarr.json")).toBe(2);
    expect(await store.getSize("b")).toBeUndefined();
  });

  it("copies values in and out", async () => {
    const value = bytes(1, 2, 3);
    const store = new MemoryStore();
    await store.set("k", value);
    value[0] = 9;
    const out = await store.get("k");
    out![1] = 9;
    expect(await store.get("k")).toEqual(bytes(1, 2, 3));
  });

  it("reads ranges", async () => {
    const store = new MemoryStore([["k", bytes(0, 1, 2, 3, 4)]]);
    expect(await store.getRange("k", { offset: 1, length: 2 })).toEqual(bytes(1, 2));
    expect(await store.getRange("k", { suffixLength: 2 })).toEqual(bytes(3, 4));
    expect(await store.getRange("k", { offset: 4, length: 9 })).toEqual(bytes(4));
    expect(await store.getRanges("k", [{ suffixLength: 1 }, { offset: 0, length: 1 }])).toEqual([
      bytes(4),
      bytes(0),
    ]);
    expect(await store.getRange("x", { offset: 0, length: 1 })).toBeUndefined();
  });

  it("lists keys and directories", async () => {
    const store = new MemoryStore({
      "zarr.json": bytes(),
      "a/zarr.json": bytes(),
      "a/c/0/0": bytes(),
      "ab/zarr.json": bytes(),
    });
    const keys: string[] = [];
    for await (const key of store.list("a/")) keys.push(key);
    expect(keys.sort()).toEqual(["a/c/0/0", "a/zarr.json"]);
    expect(await store.listDir("")).toEqual({ keys: ["zarr.json"], prefixes: ["a/", "ab/"] });
    expect(await store.listDir("a/")).toEqual({ keys: ["a/zarr.json"], prefixes: ["a/c/"] });
    expect(await store.listDir("a")).toEqual({ keys: ["a/zarr.json"], prefixes: ["a/c/"] });
  });

  it("rejects bad keys and aborted reads", async () => {
    const store = new MemoryStore();
    for (const key of ["/a", "a/../b", "a//b", "a\\b", "", "a/", "c:/x", "a\0"]) {
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidKeyError);
    }
    await expect(store.set("../x", bytes())).rejects.toThrow(/"\.\." segment/);
    await expect(store.get("a", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
  });
});
