/** "No array here" names where "here" is: the folder or URL, not "the store root". */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createGroup, FetchStore, MemoryStore, NodeNotFoundError, open } from "./index.js";

describe("NodeNotFoundError messages", () => {
  it("name the folder of a path that holds no array", async () => {
    const dir = mkdtempSync(join(tmpdir(), "zarrkit-empty-"));
    const error = await open(dir, { kind: "array" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeNotFoundError);
    expect((error as Error).message).toContain(dir);
  });

  it("name the URL of a store with no array at its root, or below it", async () => {
    // a fetch that finds nothing: every key is a 404
    const fetch = async () => new Response(null, { status: 404 });
    const store = new FetchStore("https://data.example/nothing.zarr", { fetch });
    const error = await open(store, { kind: "array" }).catch((e: unknown) => e);
    expect((error as Error).message).toContain("https://data.example/nothing.zarr");
    const below = await open(store, { path: "a/b" }).catch((e: unknown) => e);
    expect((below as Error).message).toContain("https://data.example/nothing.zarr/a/b");
  });

  it("name the path in a store that has no location (memory)", async () => {
    const store = new MemoryStore();
    await createGroup(store);
    const group = await open(store, { kind: "group" });
    const error = await group.open("missing").catch((e: unknown) => e);
    expect((error as Error).message).toContain("'missing'");
    const wrongKind = await open(store, { kind: "array" }).catch((e: unknown) => e);
    expect((wrongKind as Error).message).toContain("the store root");
  });
});
