import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AbortError,
  InvalidKeyError,
  ReadOnlyError,
  StoreError,
  type ZarrError,
} from "@zarrkit/core";
import { zlibSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { METHOD_DEFLATE, METHOD_STORED } from "./zip-format.js";
import type { ZipSink } from "./zip-sink.js";
import { ZipStore } from "./zip-store.js";
import { ZipWriterStore } from "./zip-writer-store.js";

const PYTHON = "/usr/bin/python3";
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined) => new TextDecoder().decode(value);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zarrkit-zip-writer-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs a Python snippet with `sys.argv[1]` = path and returns its parsed JSON output. */
function python(script: string, path: string): unknown {
  const out = execFileSync(PYTHON, ["-c", script, path], { stdio: ["ignore", "pipe", "pipe"] });
  return JSON.parse(out.toString());
}

/** Names, sizes, methods and timestamps as Python's zipfile sees them, after testzip(). */
function pythonListing(path: string) {
  return python(
    `
import sys, json, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    print(json.dumps([[i.filename, i.file_size, i.compress_type, list(i.date_time), z.read(i).hex()]
                      for i in z.infolist()]))
`,
    path,
  ) as [string, number, number, number[], string][];
}

/** Byte equality without vitest's slow element-by-element diff of large arrays. */
function same(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && Buffer.compare(a, b) === 0;
}

async function keysOf(store: { list(prefix?: string): AsyncIterable<string> }, prefix = "") {
  const keys: string[] = [];
  for await (const key of store.list(prefix)) keys.push(key);
  return keys.sort();
}

async function rejection(promise: Promise<unknown>): Promise<ZarrError> {
  try {
    await promise;
  } catch (error) {
    return error as ZarrError;
  }
  throw new Error("expected a rejection");
}

function randomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe("ZipWriterStore to a file", () => {
  it("streams entries to a temp file and renames it into place on close", async () => {
    const path = join(dir, "basic.zip");
    await writeFile(path, "old content");
    const store = await ZipWriterStore.toFile(path);
    await store.set("a.txt", bytes("alpha"));
    await store.set("sub/dir/b.bin", randomBytes(1000, 7));
    await store.set("empty", new Uint8Array(0));
    await store.set("ünïcode/ключ", bytes("utf8"));
    // nothing replaced yet: the zip lives in a hidden temp file beside the target
    expect(await readFile(path, "utf8")).toBe("old content");
    expect((await readdir(dir)).some((name) => name.startsWith(".basic.zip.zarrkit-tmp-"))).toBe(
      true,
    );
    // reads see what was written so far
    expect(text(await store.get("a.txt"))).toBe("alpha");
    expect(await store.get("missing")).toBeUndefined();
    expect(await store.has("sub/dir/b.bin")).toBe(true);
    expect(await store.has("sub")).toBe(false);
    expect(await keysOf(store)).toEqual(["a.txt", "empty", "sub/dir/b.bin", "ünïcode/ключ"]);
    expect(await keysOf(store, "sub/")).toEqual(["sub/dir/b.bin"]);
    expect(await store.listDir("")).toEqual({
      keys: ["a.txt", "empty"],
      prefixes: ["sub/", "ünïcode/"],
    });
    expect(store.size).toBe(4);

    const info = await store.close();
    expect(info.path).toBe(path);
    expect(info.size).toBe((await readFile(path)).length);
    expect(await store.close()).toBe(info); // idempotent
    expect((await readdir(dir)).filter((name) => name.includes("zarrkit-tmp"))).toEqual([]);

    const reader = await ZipStore.open(await readFile(path), { verifyChecksums: true });
    expect(await keysOf(reader)).toEqual(["a.txt", "empty", "sub/dir/b.bin", "ünïcode/ключ"]);
    expect(text(await reader.get("a.txt"))).toBe("alpha");
    expect(same(await reader.get("sub/dir/b.bin"), randomBytes(1000, 7))).toBe(true);
    expect((await reader.get("empty"))?.length).toBe(0);

    const listing = pythonListing(path);
    expect(listing.map(([name]) => name)).toEqual([
      "a.txt",
      "sub/dir/b.bin",
      "empty",
      "ünïcode/ключ",
    ]);
    expect(listing[0]).toEqual(["a.txt", 5, 0, [1980, 1, 1, 0, 0, 0], "616c706861"]);
    expect(listing[3][4]).toBe("75746638");
  });

  it("is read by zarr-python 2.13's zarr.ZipStore (v2 array, raw and zlib chunks)", async () => {
    const path = join(dir, "v2-array.zip");
    const store = await ZipWriterStore.toFile(path);
    // int32 array of shape (6, 4) in chunks of (4, 4): chunk 0.0 zlib-compressed, 1.0 missing
    const zarray = {
      zarr_format: 2,
      shape: [6, 4],
      chunks: [4, 4],
      dtype: "<i4",
      compressor: { id: "zlib", level: 1 },
      fill_value: -1,
      order: "C",
      filters: null,
    };
    await store.set(".zarray", bytes(JSON.stringify(zarray)));
    await store.set(".zattrs", bytes(JSON.stringify({ units: "m" })));
    const chunk = new Int32Array(16).map((_, i) => i * 10);
    await store.set("0.0", zlibSync(new Uint8Array(chunk.buffer)));
    // chunk 1.0 absent: zarr fills it with -1
    await store.close();

    const result = python(
      `
import sys, json, zarr
z = zarr.open(zarr.ZipStore(sys.argv[1], mode="r"), mode="r")
print(json.dumps({"values": z[:].tolist(), "attrs": dict(z.attrs), "dtype": str(z.dtype)}))
`,
      path,
    ) as { values: number[][]; attrs: unknown; dtype: string };
    expect(result.dtype).toBe("int32");
    expect(result.attrs).toEqual({ units: "m" });
    expect(result.values).toEqual([
      [0, 10, 20, 30],
      [40, 50, 60, 70],
      [80, 90, 100, 110],
      [120, 130, 140, 150],
      [-1, -1, -1, -1],
      [-1, -1, -1, -1],
    ]);
  });

  it("writes keys under a prefix folder, read back with ZipStore's prefix and by zarr-python", async () => {
    const path = join(dir, "prefixed.zip");
    const store = await ZipWriterStore.toFile(path, { prefix: "data.zarr", fsync: true });
    await store.set(".zgroup", bytes('{"zarr_format":2}'));
    await store.set(
      "x/.zarray",
      bytes(
        JSON.stringify({
          zarr_format: 2,
          shape: [3],
          chunks: [3],
          dtype: "|u1",
          compressor: null,
          fill_value: 0,
          order: "C",
          filters: null,
        }),
      ),
    );
    await store.set("x/0", new Uint8Array([7, 8, 9]));
    expect(await keysOf(store)).toEqual([".zgroup", "x/.zarray", "x/0"]);
    await store.close();
    const reader = ZipStore.fromFile(path, { prefix: "data.zarr" });
    expect(await keysOf(reader)).toEqual([".zgroup", "x/.zarray", "x/0"]);
    const values = python(
      `
import sys, json, zarr
g = zarr.open_group(zarr.ZipStore(sys.argv[1], mode="r"), mode="r", path="data.zarr")
print(json.dumps(g["x"][:].tolist()))
`,
      path,
    );
    expect(values).toEqual([7, 8, 9]);
  });

  it("keeps the last write of a key and drops deleted keys from the central directory", async () => {
    const path = join(dir, "overwrite.zip");
    const store = await ZipWriterStore.toFile(path);
    await store.set("k", bytes("first"));
    await store.set("gone", bytes("deleted"));
    await store.set("k", bytes("second, longer"));
    expect(text(await store.get("k"))).toBe("second, longer");
    await store.delete("gone");
    await store.delete("never-written"); // not an error, as for every store
    expect(await store.get("gone")).toBeUndefined();
    expect(await keysOf(store)).toEqual(["k"]);
    // a delete queued after a set of the same key wins
    const pending = store.set("late", bytes("x"));
    await store.delete("late");
    await pending;
    expect(await store.has("late")).toBe(false);
    await store.close();
    const listing = pythonListing(path);
    expect(listing.map(([name, , , , hex]) => [name, Buffer.from(hex, "hex").toString()])).toEqual([
      ["k", "second, longer"],
    ]);
    expect(text(await ZipStore.fromFile(path).get("k"))).toBe("second, longer");
  });

  it("serializes concurrent sets into one valid zip", async () => {
    const path = join(dir, "concurrent.zip");
    const store = await ZipWriterStore.toFile(path);
    const values = Array.from({ length: 200 }, (_, i) => randomBytes(50 + i * 13, i + 1));
    await Promise.all(values.map((value, i) => store.set(`c/${i}`, value)));
    const reads = await Promise.all(values.map((_, i) => store.get(`c/${i}`)));
    expect(reads.every((read, i) => same(read, values[i]))).toBe(true);
    await store.close();
    const reader = ZipStore.fromFile(path, { verifyChecksums: true });
    for (let i = 0; i < values.length; i++) {
      expect(same(await reader.get(`c/${i}`), values[i]), `c/${i}`).toBe(true);
    }
    expect(pythonListing(path)).toHaveLength(200);
  });

  it("deflates when asked, storing values deflate does not shrink", async () => {
    const path = join(dir, "deflate.zip");
    const store = await ZipWriterStore.toFile(path, { compression: "deflate", level: 9 });
    const compressible = bytes("zarr ".repeat(2000));
    const noise = randomBytes(4096, 3);
    await store.set("text", compressible);
    await store.set("noise", noise);
    expect(await store.get("text")).toEqual(compressible);
    expect(await store.getRange("text", { offset: 5, length: 4 })).toEqual(bytes("zarr"));
    expect(await store.getRange("text", { suffixLength: 3 })).toEqual(bytes("rr "));
    const { size } = await store.close();
    expect(size).toBeLessThan(compressible.length);
    const reader = ZipStore.fromFile(path, { verifyChecksums: true });
    const entries = await reader.entries();
    expect(entries.get("text")?.method).toBe(METHOD_DEFLATE);
    expect(entries.get("noise")?.method).toBe(METHOD_STORED);
    expect(await reader.get("text")).toEqual(compressible);
    const listing = pythonListing(path);
    expect(listing.map(([name, fileSize, method]) => [name, fileSize, method])).toEqual([
      ["text", compressible.length, 8],
      ["noise", 4096, 0],
    ]);
  });

  it("writes Zip64 records everywhere when forced, readable by both readers", async () => {
    const path = join(dir, "zip64.zip");
    const store = await ZipWriterStore.toFile(path, { forceZip64: true, compression: "deflate" });
    await store.set("a", bytes("alpha ".repeat(100)));
    await store.set("b/c", randomBytes(300, 5));
    expect(text(await store.get("a"))).toBe("alpha ".repeat(100));
    await store.close();
    const raw = await readFile(path);
    expect(raw.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true); // Zip64 end record
    const reader = ZipStore.fromFile(path, { verifyChecksums: true });
    expect(text(await reader.get("a"))).toBe("alpha ".repeat(100));
    expect(await reader.get("b/c")).toEqual(randomBytes(300, 5));
    expect(pythonListing(path).map(([name, size]) => [name, size])).toEqual([
      ["a", 600],
      ["b/c", 300],
    ]);
  });

  it("reads ranges of stored entries straight from the file, clamped like HTTP", async () => {
    const store = await ZipWriterStore.toFile(join(dir, "ranges.zip"));
    await store.set("r", bytes("0123456789"));
    expect(text(await store.getRange("r", { offset: 2, length: 3 }))).toBe("234");
    expect(text(await store.getRange("r", { offset: 8, length: 10 }))).toBe("89");
    expect(text(await store.getRange("r", { offset: 20, length: 1 }))).toBe("");
    expect(text(await store.getRange("r", { suffixLength: 4 }))).toBe("6789");
    expect(text(await store.getRange("r", { suffixLength: 40 }))).toBe("0123456789");
    expect(await store.getRange("missing", { offset: 0, length: 1 })).toBeUndefined();
    await store.abort();
  });

  it("writes the same bytes for the same content; `date` sets every timestamp", async () => {
    const write = async (name: string, date?: Date) => {
      const store = await ZipWriterStore.toFile(join(dir, name), date ? { date } : {});
      await store.set("x/.zarray", bytes("{}"));
      await store.set("x/0", randomBytes(64, 9));
      await store.close();
      return readFile(join(dir, name));
    };
    expect(Buffer.compare(await write("r1.zip"), await write("r2.zip"))).toBe(0);
    await write("dated.zip", new Date("2024-05-06T07:08:10Z"));
    expect(pythonListing(join(dir, "dated.zip"))[0][3]).toEqual([2024, 5, 6, 7, 8, 10]);
  });
});

describe("ZipWriterStore to a Blob", () => {
  it("builds a Blob that ZipStore reads, values above the staging size included", async () => {
    const store = ZipWriterStore.toBlob();
    const big = randomBytes(5 << 20, 11); // larger than the 4 MiB staging buffer
    await store.set("small/1", bytes("one"));
    await store.set("big", big);
    await store.set("small/2", bytes("two"));
    expect(text(await store.get("small/1"))).toBe("one");
    expect(same(await store.get("big"), big)).toBe(true);
    expect(text(await store.get("small/2"))).toBe("two");
    await store.set("small/3", bytes("three")); // written after reads flushed the staging
    expect(text(await store.get("small/3"))).toBe("three");
    const blob = await store.close();
    expect(blob.type).toBe("application/zip");
    const reader = await ZipStore.open(blob, { verifyChecksums: true });
    expect(await keysOf(reader)).toEqual(["big", "small/1", "small/2", "small/3"]);
    expect(same(await reader.get("big"), big)).toBe(true);
    expect(text(await reader.get("small/3"))).toBe("three");
  });

  it("switches to Zip64 end records past 65534 entries", async () => {
    const store = ZipWriterStore.toBlob();
    const count = 65_600;
    const value = new Uint8Array([1]);
    const writes: Promise<void>[] = [];
    for (let i = 0; i < count; i++) writes.push(store.set(`k${i}`, value));
    await Promise.all(writes);
    const blob = await store.close();
    const path = join(dir, "many.zip");
    await writeFile(path, new Uint8Array(await blob.arrayBuffer()));
    const reader = ZipStore.fromFile(path);
    expect((await reader.entries()).size).toBe(count);
    expect(await reader.get("k65599")).toEqual(value);
    const seen = python(
      `
import sys, json, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    names = z.namelist()
    print(json.dumps([len(names), names[-1], z.read(names[-1]).hex()]))
`,
      path,
    );
    expect(seen).toEqual([count, "k65599", "01"]);
  });
});

describe("ZipWriterStore errors", () => {
  it("rejects bad keys with InvalidKeyError", async () => {
    const store = ZipWriterStore.toBlob();
    for (const key of ["", "/abs", "a/../b", "a//b", "./a", "c:x", "a\\b", "nul\0"]) {
      expect(await rejection(store.set(key, bytes("x")))).toBeInstanceOf(InvalidKeyError);
      expect(await rejection(store.get(key))).toBeInstanceOf(InvalidKeyError);
      expect(await rejection(store.delete(key))).toBeInstanceOf(InvalidKeyError);
    }
    expect(await rejection(keysOf(store, "../"))).toBeInstanceOf(InvalidKeyError);
    expect(await rejection(store.listDir("/x"))).toBeInstanceOf(InvalidKeyError);
    expect(store.size).toBe(0);
  });

  it("refuses writes and deletes once closed (read-only) and reads once closed", async () => {
    const store = ZipWriterStore.toBlob();
    await store.set("a", bytes("x"));
    await store.close();
    const set = await rejection(store.set("b", bytes("y")));
    expect(set).toBeInstanceOf(ReadOnlyError);
    expect(set.code).toBe("read-only");
    expect(set.message).toMatch(/cannot set key "b": zip a zip Blob is closed/);
    expect(await rejection(store.delete("a"))).toBeInstanceOf(ReadOnlyError);
    const get = await rejection(store.get("a"));
    expect(get).toBeInstanceOf(StoreError);
    expect(get.message).toMatch(/open the finished zip with ZipStore/);
    expect(await rejection(store.abort())).toBeInstanceOf(ReadOnlyError);
  });

  it("abort removes the temp file and leaves the target alone", async () => {
    const path = join(dir, "aborted.zip");
    await writeFile(path, "keep me");
    const store = await ZipWriterStore.toFile(path);
    await store.set("a", bytes("x"));
    await store.abort();
    await store.abort(); // twice is fine
    expect(await readFile(path, "utf8")).toBe("keep me");
    expect((await readdir(dir)).some((name) => name.startsWith(".aborted.zip"))).toBe(false);
    expect(await rejection(store.close())).toBeInstanceOf(ReadOnlyError);
    expect((await rejection(store.set("b", bytes("y")))).message).toMatch(/is aborted/);
    expect(await rejection(store.get("a"))).toBeInstanceOf(StoreError);
  });

  it("fails toFile in a missing folder, and close when the target cannot be replaced", async () => {
    const missing = await rejection(ZipWriterStore.toFile(join(dir, "no/such/dir/x.zip")));
    expect(missing).toBeInstanceOf(StoreError);
    expect(missing.message).toMatch(/cannot create zip file .*x\.zip/);
    expect(await rejection(ZipWriterStore.toFile(""))).toBeInstanceOf(StoreError);

    const target = join(dir, "is-a-folder.zip");
    await mkdir(join(target, "child"), { recursive: true });
    const store = await ZipWriterStore.toFile(target);
    await store.set("a", bytes("x"));
    const failed = await rejection(store.close());
    expect(failed).toBeInstanceOf(StoreError);
    expect(failed.message).toMatch(/cannot finish zip file/);
    expect((await readdir(dir)).some((name) => name.startsWith(".is-a-folder.zip"))).toBe(false);
  });

  it("rejects bad options and values", async () => {
    expect(() => ZipWriterStore.toBlob({ compression: "lzma" as "store" })).toThrow(
      /compression must be "store" or "deflate"/,
    );
    expect(() => ZipWriterStore.toBlob({ level: 12 as 9 })).toThrow(
      /level must be an integer 0..9/,
    );
    expect(() => ZipWriterStore.toBlob({ date: new Date("1970-01-01T00:00:00Z") })).toThrow(
      /1980..2107/,
    );
    expect(() => ZipWriterStore.toBlob({ date: new Date("nope") })).toThrow(/invalid Date/);
    expect(() => ZipWriterStore.toBlob({ prefix: "../up" })).toThrow(InvalidKeyError);
    // toFile removes the temp file it made when the options are bad
    await expect(
      ZipWriterStore.toFile(join(dir, "bad-opts.zip"), { level: -1 as 0 }),
    ).rejects.toThrow(StoreError);
    expect((await readdir(dir)).some((name) => name.startsWith(".bad-opts.zip"))).toBe(false);
    const store = ZipWriterStore.toBlob();
    const notBytes = await rejection(store.set("a", "text" as unknown as Uint8Array));
    expect(notBytes).toBeInstanceOf(StoreError);
    expect(notBytes.message).toMatch(/must be a Uint8Array/);
    const longName = await rejection(store.set("n".repeat(70_000), bytes("x")));
    expect(longName.message).toMatch(/longer than 65535 bytes/);
  });

  it("honours an aborted signal on reads", async () => {
    const store = ZipWriterStore.toBlob();
    await store.set("a", bytes("x"));
    const signal = AbortSignal.abort();
    expect(await rejection(store.get("a", { signal }))).toBeInstanceOf(AbortError);
    expect(
      await rejection(store.getRange("a", { offset: 0, length: 1 }, { signal })),
    ).toBeInstanceOf(AbortError);
    expect(await rejection(store.has("a", { signal }))).toBeInstanceOf(AbortError);
  });

  it("fails every later write and the close after a sink failure, and discards the output", async () => {
    let aborted = false;
    let writes = 0;
    const sink: ZipSink<string> = {
      name: "flaky sink",
      async write() {
        writes++;
        if (writes === 2) throw new StoreError("disk full");
      },
      async read() {
        return new Uint8Array(0);
      },
      async finish() {
        return "done";
      },
      async abort() {
        aborted = true;
      },
    };
    const store = new ZipWriterStore(sink);
    await store.set("a", bytes("1"));
    expect((await rejection(store.set("b", bytes("2")))).message).toBe("disk full");
    const later = await rejection(store.set("c", bytes("3")));
    expect(later).toBeInstanceOf(StoreError);
    expect(later.message).toMatch(/cannot be written after an earlier failure/);
    expect(await keysOf(store)).toEqual(["a"]);
    expect((await rejection(store.close())).message).toBe("disk full");
    expect(aborted).toBe(true);
  });
});
