import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { StoreError, ZarrError } from "@zarrkit/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SHARED_FIXTURES } from "../../../tests/support/shared-fixtures.js";
import { FetchRangeSource } from "./fetch-range-source.js";
import { FetchStore } from "./fetch-store.js";
import { TestHttpServer } from "./http-server.test-helper.js";
import { ZipStore } from "./zip-store.js";
import { pythonZip, writeZip64 } from "./zip-test-fixtures.test-helper.js";

const FIXTURES = `${SHARED_FIXTURES}`;
const ZARRITA_V2 = join(FIXTURES, "zarrita/v2");
const ZARRITA_V3 = join(FIXTURES, "zarrita/v3");
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

async function keysOf(store: ZipStore, prefix = ""): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list(prefix)) keys.push(key);
  return keys.sort();
}

/** Every value of the zip equals the file of the same key in the unzipped folder. */
async function expectMatchesFolder(store: ZipStore, folder: string): Promise<number> {
  const keys = await keysOf(store);
  for (const key of keys) {
    const fromZip = await store.get(key);
    const fromDisk = new Uint8Array(await readFile(join(folder, key)));
    expect(Buffer.compare(fromZip!, fromDisk), key).toBe(0);
  }
  return keys.length;
}

describe("ZipStore on fixtures", () => {
  it("reads zarr-python's zarr.zip", async () => {
    const store = ZipStore.fromFile(join(FIXTURES, "zarrs/zarr_python_compat/zarr.zip"));
    const keys = await keysOf(store);
    expect(keys).toContain("zarr.json");
    expect(keys).toContain("foo/zarr.json");
    expect(JSON.parse(text(await store.get("zarr.json"))).node_type).toBe("group");
    expect(JSON.parse(text(await store.get("foo/zarr.json"))).node_type).toBe("array");
    expect((await store.get("foo/c/0/0"))?.length).toBe(100);
    expect(await store.get("nope")).toBeUndefined();
    expect(await store.listDir("")).toEqual({ keys: ["zarr.json"], prefixes: ["foo/"] });
  });

  it("reads zarrita's zips, from within and (with a prefix) from the parent", async () => {
    const within = ZipStore.fromFile(join(ZARRITA_V2, "data.zipped_from_within.zarr.zip"));
    const parent = ZipStore.fromFile(join(ZARRITA_V2, "data.zipped_from_parent.zarr.zip"), {
      prefix: "data.zarr",
    });
    const auto = ZipStore.fromFile(join(ZARRITA_V2, "data.zipped_from_parent.zarr.zip"), {
      autoPrefix: true,
    });
    const keys = await keysOf(within);
    expect(keys).toContain("my group with spaces/.zgroup");
    expect(await keysOf(parent)).toEqual(keys);
    expect(await keysOf(auto)).toEqual(keys);
    expect(await expectMatchesFolder(within, join(ZARRITA_V2, "data.zarr"))).toBe(keys.length);
    expect(await expectMatchesFolder(parent, join(ZARRITA_V2, "data.zarr"))).toBe(keys.length);
    const unprefixed = ZipStore.fromFile(join(ZARRITA_V2, "data.zipped_from_parent.zarr.zip"));
    expect(await unprefixed.has("data.zarr/.zgroup")).toBe(true);
    expect(await unprefixed.has(".zgroup")).toBe(false);
  });

  it("reads the v3 zips, stored and deflated", async () => {
    for (const name of ["data.uncompressed.zarr.zip", "data.zipped_from_within.zarr.zip"]) {
      const store = ZipStore.fromFile(join(ZARRITA_V3, name));
      expect(await expectMatchesFolder(store, join(ZARRITA_V3, "data.zarr"))).toBeGreaterThan(50);
      expect(JSON.parse(text(await store.get("zarr.json"))).zarr_format).toBe(3);
      // sizes from the central directory match what a read returns
      for (const key of (await keysOf(store)).slice(0, 20)) {
        expect(await store.getSize(key)).toBe((await store.get(key))?.length);
      }
      expect(await store.getSize("no/such/key")).toBeUndefined();
    }
  });

  it("reads ranges of stored and deflated entries", async () => {
    for (const name of ["data.uncompressed.zarr.zip", "data.zipped_from_within.zarr.zip"]) {
      const store = ZipStore.fromFile(join(ZARRITA_V3, name));
      const whole = (await store.get("zarr.json"))!;
      expect(await store.getRange("zarr.json", { offset: 3, length: 10 })).toEqual(
        whole.subarray(3, 13),
      );
      expect(await store.getRange("zarr.json", { suffixLength: 5 })).toEqual(
        whole.subarray(whole.length - 5),
      );
      expect(await store.getRange("zarr.json", { offset: whole.length + 1, length: 5 })).toEqual(
        new Uint8Array(0),
      );
      expect(
        await store.getRanges("zarr.json", [{ suffixLength: 1 }, { offset: 0, length: 1 }]),
      ).toEqual([whole.subarray(whole.length - 1), whole.subarray(0, 1)]);
    }
  });

  it("reads from a Blob and from bytes", async () => {
    const bytes = await readFile(join(ZARRITA_V2, "data.zipped_from_within.zarr.zip"));
    const fromBlob = await ZipStore.open(new Blob([bytes]));
    const fromBytes = new ZipStore(new Uint8Array(bytes));
    expect(text(await fromBlob.get(".zgroup"))).toBe(text(await fromBytes.get(".zgroup")));
  });
});

describe("ZipStore formats", () => {
  const files = {
    "zarr.json": new TextEncoder().encode('{"zarr_format":3,"node_type":"group"}'),
    "a/c/0": new Uint8Array(5000).map((_, i) => (i * 7) % 256),
    "ünïcode/key": new TextEncoder().encode("utf-8 names"),
  };

  it("reads Zip64 end records, Zip64 extra fields and data descriptors", async () => {
    for (const deflate of [false, true]) {
      const store = await ZipStore.open(writeZip64(files, deflate), { verifyChecksums: true });
      expect(await keysOf(store)).toEqual(Object.keys(files).sort());
      for (const [key, value] of Object.entries(files)) expect(await store.get(key)).toEqual(value);
      expect(await store.getRange("a/c/0", { offset: 4990, length: 100 })).toEqual(
        files["a/c/0"].subarray(4990),
      );
    }
  });

  it("reads zips that Python streamed with force_zip64", async () => {
    const content = { "x/zarr.json": "{}", "x/c/0": "data ".repeat(1000) };
    for (const compression of ["stored", "deflated"]) {
      const store = new ZipStore(pythonZip(content, compression), { verifyChecksums: true });
      expect(text(await store.get("x/c/0"))).toBe(content["x/c/0"]);
      expect(text(await store.getRange("x/c/0", { offset: 5, length: 4 }))).toBe("data");
    }
  });

  it("fails clearly on unsupported methods, corrupt data and non-zips", async () => {
    const bzip = new ZipStore(pythonZip({ k: "hello" }, "bzip2"));
    const error = await bzip.get("k").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZarrError);
    expect((error as ZarrError).code).toBe("unsupported");
    expect((error as Error).message).toMatch(/method 12/);
    await expect(
      ZipStore.open(
        new TextEncoder().encode("not a zip at all, but long enough to hold an end record"),
      ),
    ).rejects.toThrow(/no end-of-central-directory/);
    await expect(ZipStore.open(new Uint8Array(3))).rejects.toBeInstanceOf(StoreError);
    const zip = writeZip64(files, true);
    zip[65] ^= 0xff; // inside the deflated data of the first entry
    const corrupt = new ZipStore(zip, { verifyChecksums: true });
    await expect(corrupt.get("zarr.json")).rejects.toBeInstanceOf(StoreError);
    await expect(ZipStore.fromFile("/nonexistent/x.zip").get("k")).rejects.toBeInstanceOf(
      StoreError,
    );
  });
});

describe("ZipStore over HTTP", () => {
  const server = new TestHttpServer();
  let zipBytes: Uint8Array;
  beforeAll(async () => {
    await server.start();
    zipBytes = new Uint8Array(await readFile(join(ZARRITA_V3, "data.zipped_from_within.zarr.zip")));
    server.files.set("/data.zip", zipBytes);
  });
  afterAll(() => server.stop());
  beforeEach(() => server.reset());

  it("reads only the index, then one range request per value", async () => {
    const store = ZipStore.fromUrl(`${server.url}data.zip`, { tailBytes: 4096 });
    const keys = await keysOf(store);
    const afterIndex = server.log.length;
    expect(afterIndex).toBeLessThanOrEqual(3);
    const local = new ZipStore(zipBytes);
    for (const key of keys.slice(0, 10)) {
      expect(await store.get(key)).toEqual(await local.get(key));
    }
    expect(server.log.length).toBe(afterIndex + 10);
    expect(server.log.every((r) => r.range !== undefined)).toBe(true);
    const biggest = Math.max(
      ...server.log.map((r) => {
        const [a, b] = r.range!.slice(6).split("-");
        return a === "" ? Number(b) : Number(b) - Number(a) + 1;
      }),
    );
    expect(biggest).toBeLessThan(zipBytes.length / 2);
  });

  it("answers everything from the first request when the zip fits the tail", async () => {
    const store = ZipStore.fromUrl(`${server.url}data.zip`);
    await keysOf(store);
    await store.get("zarr.json");
    expect(server.log.map((r) => r.range)).toEqual([`bytes=-${128 * 1024}`]);
  });

  it("reads through a FetchStore key as its range source", async () => {
    const source = new FetchRangeSource(new FetchStore(server.url), "data.zip");
    const store = new ZipStore(source);
    expect(JSON.parse(text(await store.get("zarr.json"))).zarr_format).toBe(3);
    expect(source.url).toBe(`${server.url}data.zip`);
  });

  it("reports a missing zip", async () => {
    await expect(ZipStore.fromUrl(`${server.url}nope.zip`).get("zarr.json")).rejects.toThrow(
      /not found/,
    );
  });
});
