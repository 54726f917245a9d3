/**
 * Two open()s of one folder, writing disjoint halves of the same chunks at once, in one
 * process (issue 13, item 5: the chunk lock was keyed by store object, so each half
 * overwrote the other in every chunk). Also the lock files and the compare-and-swap
 * path a store with conditional writes takes.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  create,
  FileSystemStore,
  MemoryStore,
  open,
  StoreError,
  slice,
  type WriteCondition,
  type ZarrArray,
} from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "zarrkit-concurrent-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHUNKS = 100;

describe("two open()s of one folder", () => {
  it("writing disjoint halves of the same chunks lose nothing", async () => {
    const path = join(dir, "halves.zarr");
    await create(path, { shape: [CHUNKS * 8], chunks: [8], dtype: "int32", zarrFormat: 2 });
    const a = (await open(path, { kind: "array" })) as ZarrArray;
    const b = (await open(join(dir, ".", "halves.zarr"), { kind: "array" })) as ZarrArray;
    expect(a.store).not.toBe(b.store);
    const evens = Array.from({ length: CHUNKS * 4 }, (_, i) => 2 * i + 1);
    const odds = Array.from({ length: CHUNKS * 4 }, (_, i) => 2 * i + 2);
    // each writes every other element: every chunk is read, merged and written by both
    await Promise.all([
      a.set([slice(0, null, 2)], Int32Array.from(evens)),
      b.set([slice(1, null, 2)], Int32Array.from(odds)),
    ]);
    const { data } = await a.get(null);
    expect([...data]).toEqual(Array.from({ length: CHUNKS * 8 }, (_, i) => i + 1));
    // no lock file or temp file is left behind
    expect(readdirSync(path).filter((n) => n.includes("zarrkit-tmp"))).toEqual([]);
  });

  it("a lock left by a dead process is broken, a live one is waited for", async () => {
    const root = join(dir, "locks");
    const store = new FileSystemStore(root, { locks: { timeoutMs: 200 } });
    const held = await store.lock("a/0");
    // the same file through another store object: waits, then times out naming the holder
    const other = new FileSystemStore(root, { locks: { timeoutMs: 200 } });
    await expect(other.lock("a/0")).rejects.toThrow(/held by pid/);
    await held.release();
    const again = await other.lock("a/0");
    await again.release();
    // a lock whose holder is gone (a pid that is not running) does not block
    const { writeFileSync } = await import("node:fs");
    const { hostname } = await import("node:os");
    const lockFile = join(root, "a", ".0.zarrkit-tmp-lock");
    writeFileSync(lockFile, JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), token: "x" }));
    const taken = await other.lock("a/0");
    await taken.release();
    expect(readdirSync(join(root, "a"))).toEqual([]);
    expect(await other.storageId()).toBe(await store.storageId());
    // locks: false takes no lock file (a folder only one process writes)
    const unlocked = new FileSystemStore(root, { locks: false });
    const first = await unlocked.lock("a/0");
    const second = await unlocked.lock("a/0");
    expect(readdirSync(join(root, "a"))).toEqual([]);
    await Promise.all([first.release(), second.release()]);
  });
});

/** A MemoryStore with versions and conditional writes, and a rival writer. */
class CasStore extends MemoryStore {
  versions = new Map<string, number>();
  conflicts = 0;
  /** Runs once before the next conditional write: another writer slipping in. */
  rival: (() => void) | undefined;

  async getVersioned(key: string) {
    const value = await this.get(key);
    return value && { value, version: String(this.versions.get(key) ?? 0) };
  }

  async setIf(key: string, value: Uint8Array, condition: WriteCondition): Promise<boolean> {
    const rival = this.rival;
    this.rival = undefined;
    rival?.();
    const now = this.map.has(key) ? String(this.versions.get(key) ?? 0) : undefined;
    const ok = "ifMatch" in condition ? now === condition.ifMatch : now === undefined;
    if (!ok) {
      this.conflicts++;
      return false;
    }
    await this.set(key, value);
    return true;
  }

  override async set(key: string, value: Uint8Array): Promise<void> {
    await super.set(key, value);
    this.versions.set(key, (this.versions.get(key) ?? 0) + 1);
  }
}

describe("a store with conditional writes", () => {
  it("redoes a read-modify-write whose chunk changed meanwhile", async () => {
    const options = { shape: [8], chunks: [8], dtype: "int32" } as const;
    // the chunk another writer will store: elements 0..3 = 5
    const scratch = new CasStore();
    await (await create(scratch, options)).set([slice(0, 4)], 5);
    const store = new CasStore();
    const arr = (await create(store, options)) as ZarrArray;
    await arr.set([slice(0, 4)], 1);
    const key = "c/0";
    expect(store.map.has(key)).toBe(true);
    // it lands between our read of the chunk and our conditional write
    store.rival = () => {
      store.map.set(key, scratch.map.get(key)!);
      store.versions.set(key, (store.versions.get(key) ?? 0) + 1);
    };
    await arr.set([slice(4, 8)], 2);
    expect(store.conflicts).toBe(1);
    expect([...(await arr.get(null)).data]).toEqual([5, 5, 5, 5, 2, 2, 2, 2]);
  });

  it("gives up with a StoreError when the chunk keeps changing", async () => {
    const store = new CasStore();
    const arr = (await create(store, { shape: [8], chunks: [8], dtype: "int32" })) as ZarrArray;
    await arr.set([slice(0, 4)], 1);
    const origSetIf = store.setIf.bind(store);
    store.setIf = async (key, value, condition) => {
      store.versions.set(key, (store.versions.get(key) ?? 0) + 1);
      return origSetIf(key, value, condition);
    };
    await expect(arr.set([slice(4, 8)], 2)).rejects.toThrow(StoreError);
  });
});
