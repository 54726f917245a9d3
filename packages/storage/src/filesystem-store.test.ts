import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidKeyError, StoreError } from "@zarrkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileSystemStore } from "./filesystem-store.js";

let dir: string;
let root: string;
const text = (s: string) => new TextEncoder().encode(s);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "zarrkit-fs-"));
  root = join(dir, "root");
  await mkdir(join(root, "a", "c"), { recursive: true });
  await writeFile(join(root, "zarr.json"), "{}");
  await writeFile(join(root, "a", "zarr.json"), '{"a":1}');
  await writeFile(
    join(root, "a", "c", "0"),
    new Uint8Array(100).map((_, i) => i),
  );
  await writeFile(join(dir, "secret"), "outside");
  await mkdir(join(dir, "outdir"));
  await writeFile(join(dir, "outdir", "x"), "outside");
  await symlink(join(dir, "secret"), join(root, "link-out"));
  await symlink(join(dir, "outdir"), join(root, "dirlink-out"));
  await symlink(join(root, "zarr.json"), join(root, "link-in"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("FileSystemStore", () => {
  it("reads files, and undefined for missing keys and directories", async () => {
    const store = new FileSystemStore(root);
    expect(new TextDecoder().decode(await store.get("a/zarr.json"))).toBe('{"a":1}');
    expect(await store.get("nope")).toBeUndefined();
    expect(await store.get("zarr.json/below")).toBeUndefined(); // ENOTDIR
    expect(await store.get("a")).toBeUndefined(); // a directory
    expect(await store.has("a/zarr.json")).toBe(true);
    expect(await store.has("a")).toBe(false);
    expect(await new FileSystemStore(join(dir, "no-root")).get("x")).toBeUndefined();
  });

  it("gives sizes by stat, and undefined for missing keys, directories and escapes", async () => {
    const store = new FileSystemStore(root);
    expect(await store.getSize("a/c/0")).toBe(100);
    expect(await store.getSize("a/zarr.json")).toBe(7);
    expect(await store.getSize("nope")).toBeUndefined();
    expect(await store.getSize("a")).toBeUndefined();
    await expect(store.getSize("../secret")).rejects.toThrow(InvalidKeyError);
  });

  it("reads a whole file into a buffer the caller allocates", async () => {
    const store = new FileSystemStore(root);
    const given = new Uint8Array(256).fill(255);
    const sizes: number[] = [];
    const bytes = await store.get("a/c/0", {
      allocate: (size) => {
        sizes.push(size);
        return given;
      },
    });
    expect(sizes).toEqual([100]);
    expect(bytes?.buffer).toBe(given.buffer);
    expect(Array.from(bytes ?? [])).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(given[100]).toBe(255); // nothing written past the file
  });

  it("reads ranges at an offset", async () => {
    const store = new FileSystemStore(root);
    expect(await store.getRange("a/c/0", { offset: 10, length: 3 })).toEqual(
      new Uint8Array([10, 11, 12]),
    );
    expect(await store.getRange("a/c/0", { suffixLength: 2 })).toEqual(new Uint8Array([98, 99]));
    expect(await store.getRange("a/c/0", { offset: 98, length: 10 })).toEqual(
      new Uint8Array([98, 99]),
    );
    expect(await store.getRange("a/c/0", { offset: 200, length: 10 })).toEqual(new Uint8Array(0));
    expect(await store.getRanges("a/c/0", [{ suffixLength: 1 }, { offset: 1, length: 1 }])).toEqual(
      [new Uint8Array([99]), new Uint8Array([1])],
    );
    expect(await store.getRange("missing", { offset: 0, length: 1 })).toBeUndefined();
  });

  it("rejects keys that escape the root", async () => {
    const store = new FileSystemStore(root);
    for (const key of ["../x", "a/../../x", "/etc/passwd", "a\\..\\x", "a//b", "a/./b", "x\0"]) {
      await expect(store.get(key), key).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.set(key, text("no")), key).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(store.delete(key), key).rejects.toBeInstanceOf(InvalidKeyError);
    }
    await expect(store.get("../secret")).rejects.toThrow(/"\.\.\/secret"/);
  });

  it("rejects symlinks that lead outside the root, unless allowed", async () => {
    const store = new FileSystemStore(root);
    await expect(store.get("link-out")).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.get("dirlink-out/x")).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.set("dirlink-out/y", text("no"))).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.set("dirlink-out/new/y", text("no"))).rejects.toBeInstanceOf(
      InvalidKeyError,
    );
    expect(await readdir(join(dir, "outdir"))).toEqual(["x"]);
    expect(new TextDecoder().decode(await store.get("link-in"))).toBe("{}");
    const lax = new FileSystemStore(root, { allowSymlinksOutsideRoot: true });
    expect(new TextDecoder().decode(await lax.get("link-out"))).toBe("outside");
  });

  it("writes atomically, creating folders, and deletes", async () => {
    const store = new FileSystemStore(join(dir, "w"), { fsync: true });
    await store.set("g/arr/c/0/0", text("one"));
    await store.set("g/arr/c/0/0", text("two"));
    expect(await readFile(join(dir, "w", "g", "arr", "c", "0", "0"), "utf8")).toBe("two");
    expect(await readdir(join(dir, "w", "g", "arr", "c", "0"))).toEqual(["0"]); // no temp files
    await store.delete("g/arr/c/0/0");
    await store.delete("g/arr/c/0/0");
    await store.delete("never/was");
    expect(await store.get("g/arr/c/0/0")).toBeUndefined();
  });

  it("many concurrent writes of one key leave one whole value", async () => {
    const store = new FileSystemStore(join(dir, "race"));
    const values = Array.from({ length: 20 }, (_, i) => text(String(i).repeat(1000)));
    await Promise.all(values.map((v) => store.set("k", v)));
    const got = new TextDecoder().decode(await store.get("k"));
    expect(values.map((v) => new TextDecoder().decode(v))).toContain(got);
    expect(await readdir(join(dir, "race"))).toEqual(["k"]);
  });

  it("lists recursively and by directory", async () => {
    const store = new FileSystemStore(root);
    const all: string[] = [];
    for await (const key of store.list()) all.push(key);
    expect(all.sort()).toEqual(["a/c/0", "a/zarr.json", "link-in", "zarr.json"]);
    const some: string[] = [];
    for await (const key of store.list("a/c")) some.push(key);
    expect(some).toEqual(["a/c/0"]);
    expect(await store.listDir("")).toEqual({
      keys: ["link-in", "zarr.json"],
      prefixes: ["a/"],
    });
    const lax = new FileSystemStore(root, { allowSymlinksOutsideRoot: true });
    expect((await lax.listDir("")).keys).toEqual(["link-in", "link-out", "zarr.json"]);
    expect(await store.listDir("a/")).toEqual({ keys: ["a/zarr.json"], prefixes: ["a/c/"] });
    expect(await store.listDir("nope/")).toEqual({ keys: [], prefixes: [] });
    await expect(store.listDir("../")).rejects.toBeInstanceOf(InvalidKeyError);
  });

  it.skipIf(process.getuid?.() === 0)("reports other errors as StoreError", async () => {
    const locked = join(dir, "locked");
    await mkdir(locked);
    await writeFile(join(locked, "k"), "x");
    await chmod(join(locked, "k"), 0);
    await expect(new FileSystemStore(locked).get("k")).rejects.toBeInstanceOf(StoreError);
  });

  it("reports a symlink loop as StoreError", async () => {
    await symlink("loop", join(root, "loop"));
    const store = new FileSystemStore(root);
    await expect(store.get("loop")).rejects.toBeInstanceOf(StoreError);
    await rm(join(root, "loop"));
  });

  it("reports a file where a folder must go as StoreError", async () => {
    const store = new FileSystemStore(root);
    await expect(store.set("zarr.json/x", text("no"))).rejects.toBeInstanceOf(StoreError);
  });
});

describe("FileSystemStore with syncReads (as workers open it)", () => {
  const sync = () => new FileSystemStore(root, { syncReads: true });

  it("reads the same values, and undefined for missing keys and directories", async () => {
    const store = sync();
    expect(new TextDecoder().decode(await store.get("a/zarr.json"))).toBe('{"a":1}');
    expect(await store.get("a/c/0")).toEqual(await new FileSystemStore(root).get("a/c/0"));
    expect(await store.get("nope")).toBeUndefined();
    expect(await store.get("zarr.json/below")).toBeUndefined();
    expect(await store.get("a")).toBeUndefined();
    expect(
      await new FileSystemStore(join(dir, "no-root"), { syncReads: true }).get("x"),
    ).toBeUndefined();
  });

  it("applies the same key and symlink checks", async () => {
    const store = sync();
    for (const key of ["../x", "a/../../x", "/etc/passwd", "a//b", "x\0"]) {
      await expect(store.get(key), key).rejects.toBeInstanceOf(InvalidKeyError);
    }
    await expect(store.get("link-out")).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.get("dirlink-out/x")).rejects.toBeInstanceOf(InvalidKeyError);
    expect(new TextDecoder().decode(await store.get("link-in"))).toBe("{}");
    const lax = new FileSystemStore(root, { allowSymlinksOutsideRoot: true, syncReads: true });
    expect(new TextDecoder().decode(await lax.get("link-out"))).toBe("outside");
    await symlink("loop2", join(root, "loop2"));
    await expect(store.get("loop2")).rejects.toBeInstanceOf(StoreError);
    await rm(join(root, "loop2"));
  });

  it("reads into a caller's buffer, and is what workerRef() describes", async () => {
    const given = new Uint8Array(128);
    const bytes = await sync().get("a/c/0", { allocate: () => given });
    expect(bytes?.buffer).toBe(given.buffer);
    expect(bytes?.length).toBe(100);
    expect(bytes?.[99]).toBe(99);
    const ref = new FileSystemStore(root, { allowSymlinksOutsideRoot: true }).workerRef();
    expect(structuredClone(ref)).toEqual({
      kind: "filesystem",
      root,
      options: { allowSymlinksOutsideRoot: true, syncReads: true },
    });
  });
});
