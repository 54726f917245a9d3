/**
 * A folder store whose folder holds symlinks to the outside (docs/security-local.md):
 * no operation — delete, a fill-value write that deletes, listing — acts outside it.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidKeyError, StoreError } from "@zarrkit/core";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { FileSystemStore } from "./filesystem-store.js";

let dir: string;
let root: string;
let outside: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "zarrkit-fs-links-"));
  root = join(dir, "root");
  outside = join(dir, "outside");
  await mkdir(join(outside, "deep"), { recursive: true });
  await writeFile(join(outside, "victim"), "keep me");
  await writeFile(join(outside, "deep", "victim"), "keep me too");
  await mkdir(root);
  await writeFile(join(root, "zarr.json"), "{}");
  await symlink(outside, join(root, "out"));
  await symlink(join(outside, "victim"), join(root, "file-link"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("FileSystemStore and symlinked folders", () => {
  it("never deletes through a symlinked folder", async () => {
    const store = new FileSystemStore(root);
    await expect(store.delete("out/victim")).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.delete("out/deep/victim")).rejects.toThrow(/symlink outside the store root/);
    expect((await readdir(outside)).sort()).toEqual(["deep", "victim"]);
    expect(await readdir(join(outside, "deep"))).toEqual(["victim"]);
    await rm(dir, { recursive: true, force: true });
  });

  it("removes a symlink at the key itself, not what it points at", async () => {
    const store = new FileSystemStore(root);
    await store.delete("file-link");
    expect(await readdir(root)).not.toContain("file-link");
    expect(await readdir(outside)).toContain("victim");
    await store.delete("out-missing/x"); // a missing folder is a missing key
  });

  it("deletes through an outside symlink only when allowed", async () => {
    const lax = new FileSystemStore(root, { allowSymlinksOutsideRoot: true });
    await lax.delete("out/victim");
    expect(await readdir(outside)).toEqual(["deep"]);
  });

  it("never lists through a symlinked folder", async () => {
    const store = new FileSystemStore(root);
    await expect(store.listDir("out")).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(store.listDir("out/deep/")).rejects.toBeInstanceOf(InvalidKeyError);
    const listed = async (prefix: string) => {
      const keys: string[] = [];
      for await (const key of store.list(prefix)) keys.push(key);
      return keys;
    };
    await expect(listed("out/")).rejects.toBeInstanceOf(InvalidKeyError);
    expect(await listed("")).toEqual(["zarr.json"]);
    const lax = new FileSystemStore(root, { allowSymlinksOutsideRoot: true });
    expect((await lax.listDir("out")).keys).toEqual(["out/victim"]);
  });
});

describe("FileSystemStore and special files", () => {
  it("refuses a FIFO at a key instead of hanging, in every read path", async () => {
    execFileSync("mkfifo", [join(root, "fifo")]);
    const store = new FileSystemStore(root);
    await expect(store.get("fifo")).rejects.toThrow(/store key "fifo" is not a regular file/);
    await expect(store.getRange("fifo", { offset: 0, length: 4 })).rejects.toBeInstanceOf(
      StoreError,
    );
    const sync = new FileSystemStore(root, { syncReads: true });
    await expect(sync.get("fifo")).rejects.toBeInstanceOf(StoreError);
    expect(await store.has("fifo")).toBe(false);
    expect(await store.getSize("fifo")).toBeUndefined();
  });
});
