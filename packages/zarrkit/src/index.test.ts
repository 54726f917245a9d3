import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CodecRegistry,
  coords,
  defaultCodecRegistry,
  FetchStore,
  FileSystemStore,
  MemoryStore,
  NodeNotFoundError,
  open,
  registerAllCodecs,
  slice,
  ZarrArray,
  ZarrGroup,
} from "./index.js";

const FIXTURES = fileURLToPath(new URL("../../../tests/fixtures/zarr-python/v2/", import.meta.url));

describe("the zarrkit entry point", () => {
  it("registers the pure and WASM codecs in the default registry", () => {
    for (const name of ["bytes", "gzip", "numcodecs.zlib", "numcodecs.delta", "numcodecs.blosc"]) {
      expect(defaultCodecRegistry.has(name), name).toBe(true);
    }
    expect(defaultCodecRegistry.has("zstd")).toBe(true);
  });

  it("fills a registry of your own", () => {
    const registry = registerAllCodecs(new CodecRegistry());
    expect(registry.has("numcodecs.lz4")).toBe(true);
    expect(registry.has("vlen-utf8")).toBe(true);
  });

  it("opens a path string, a store, and a store with a path", async () => {
    const arr = await open(join(FIXTURES, "shapes.zarr/3d_i4.C.dot"), { kind: "array" });
    expect(arr).toBeInstanceOf(ZarrArray);
    const { data, shape } = await arr.get([1, slice(2, 4), null]);
    expect(shape).toEqual([2, 8]);
    expect(Array.from(data as Int32Array).slice(0, 3)).toEqual([-28, -27, -26]);

    const group = await open(new FileSystemStore(join(FIXTURES, "hierarchy.zarr")));
    expect(group).toBeInstanceOf(ZarrGroup);
    const y = await open(new FileSystemStore(join(FIXTURES, "hierarchy.zarr")), {
      kind: "array",
      path: "a/y",
    });
    expect(Array.from((await y.get()).data as Float32Array)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("reads points with coords()", async () => {
    const arr = await open(join(FIXTURES, "shapes.zarr/3d_i4.C.dot"), { kind: "array" });
    const { data } = await arr.get(coords([0, 5], [0, 6], [0, 7]));
    expect(Array.from(data as Int32Array)).toEqual([-100, 235]);
  });

  it("opens a MemoryStore", async () => {
    const store = new MemoryStore();
    await store.set("zarr.json", new TextEncoder().encode('{"zarr_format":3,"node_type":"group"}'));
    const node = await open(store);
    expect(node.kind).toBe("group");
  });

  it("fails with NodeNotFoundError where nothing is", async () => {
    await expect(open(join(FIXTURES, "no-such.zarr"))).rejects.toBeInstanceOf(NodeNotFoundError);
  });

  describe("over HTTP", () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      const store = new FileSystemStore(FIXTURES);
      server = createServer((req, res) => {
        const key = decodeURIComponent((req.url ?? "/").slice(1).split("?")[0]);
        store.get(key).then(
          (bytes) => {
            if (!bytes) {
              res.writeHead(404).end();
              return;
            }
            res.writeHead(200, { "content-length": bytes.length }).end(bytes);
          },
          () => res.writeHead(500).end(),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("opens a URL string through FetchStore", async () => {
      const arr = await open(`${base}/codecs.zarr/zlib`, { kind: "array" });
      expect(arr.store).toBeInstanceOf(FetchStore);
      const { data, shape } = await arr.get([0, slice(0, 3)]);
      expect(shape).toEqual([3]);
      expect(Array.from(data as Int32Array)).toEqual([-50, -47, -44]);
    });
  });
});
