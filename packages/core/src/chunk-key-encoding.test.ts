import { describe, expect, it } from "vitest";
import { RegularChunkGrid } from "./chunk-grid.js";
import { chunkKey, joinPath, parseChunkKey } from "./chunk-key-encoding.js";

describe("chunkKey", () => {
  it("v3 default encoding", () => {
    expect(chunkKey({ name: "default", separator: "/" }, [0, 1, 2])).toBe("c/0/1/2");
    expect(chunkKey({ name: "default", separator: "." }, [3, 4])).toBe("c.3.4");
    expect(chunkKey({ name: "default", separator: "/" }, [])).toBe("c");
  });
  it("v2 encoding", () => {
    expect(chunkKey({ name: "v2", separator: "." }, [0, 1])).toBe("0.1");
    expect(chunkKey({ name: "v2", separator: "/" }, [0, 1])).toBe("0/1");
    expect(chunkKey({ name: "v2", separator: "." }, [])).toBe("0");
  });
  it("parses keys back and rejects others", () => {
    expect(parseChunkKey({ name: "default", separator: "/" }, "c/10/2", 2)).toEqual([10, 2]);
    expect(parseChunkKey({ name: "default", separator: "/" }, "c/1", 2)).toBeUndefined();
    expect(parseChunkKey({ name: "default", separator: "/" }, "zarr.json", 2)).toBeUndefined();
    expect(parseChunkKey({ name: "default", separator: "/" }, "c", 0)).toEqual([]);
    expect(parseChunkKey({ name: "v2", separator: "." }, "3.04", 2)).toBeUndefined();
    expect(parseChunkKey({ name: "v2", separator: "." }, "3.4", 2)).toEqual([3, 4]);
    expect(parseChunkKey({ name: "v2", separator: "." }, ".zarray", 1)).toBeUndefined();
    expect(parseChunkKey({ name: "v2", separator: "." }, "0", 0)).toEqual([]);
  });
  it("joins paths", () => {
    expect(joinPath("", "zarr.json")).toBe("zarr.json");
    expect(joinPath("a/b", "c/0")).toBe("a/b/c/0");
  });
});

describe("RegularChunkGrid", () => {
  it("counts chunks, edges included", () => {
    const g = new RegularChunkGrid([10, 7], [5, 3]);
    expect(g.gridShape).toEqual([2, 3]);
    expect(g.chunkCount).toBe(6);
    expect(g.chunkSize).toBe(15);
    expect(g.chunkExtent([1, 2])).toEqual([5, 1]);
    expect(g.chunkOrigin([1, 2])).toEqual([5, 6]);
    expect([...g.chunks()]).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(g.contains([1, 2])).toBe(true);
    expect(g.contains([2, 0])).toBe(false);
    expect(g.contains([0])).toBe(false);
  });
  it("handles 0-d and empty arrays", () => {
    const scalar = new RegularChunkGrid([], []);
    expect(scalar.chunkCount).toBe(1);
    expect([...scalar.chunks()]).toEqual([[]]);
    const empty = new RegularChunkGrid([0, 4], [2, 2]);
    expect(empty.gridShape).toEqual([0, 2]);
    expect(empty.chunkCount).toBe(0);
    expect([...empty.chunks()]).toEqual([]);
  });
  it("is exact for large shapes", () => {
    const g = new RegularChunkGrid([2 ** 52 + 1], [2 ** 20]);
    expect(g.gridShape).toEqual([2 ** 32 + 1]);
  });
});
