/**
 * Bundled for the browser by opfs-store.test.ts: runs OpfsStore (and the Blob zip
 * writer) against the real Origin Private File System and reports what it saw as JSON.
 * Imports the package index, so the bundle also proves the index is browser-safe.
 */
import { OpfsStore, ZipStore, ZipWriterStore } from "@zarrkit/storage";

type ErrorInfo = { name: string; code?: string; message: string } | "no error";

const encode = (text: string) => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

async function errorOf(work: () => Promise<unknown>): Promise<ErrorInfo> {
  try {
    await work();
    return "no error";
  } catch (error) {
    const e = error as { name: string; code?: string; message: string };
    return { name: e.name, code: e.code, message: e.message };
  }
}

async function keysOf(store: OpfsStore, prefix = ""): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list(prefix)) keys.push(key);
  return keys.sort();
}

/** Every file under a raw OPFS folder, as "a/b/c" paths, straight from the browser API. */
async function rawFiles(dir: FileSystemDirectoryHandle, base = ""): Promise<string[]> {
  const out: string[] = [];
  const iterable = dir as unknown as {
    values(): AsyncIterable<FileSystemDirectoryHandle | FileSystemFileHandle>;
  };
  for await (const entry of iterable.values()) {
    if (entry.kind === "directory") out.push(...(await rawFiles(entry, `${base}${entry.name}/`)));
    else out.push(base + entry.name);
  }
  return out.sort();
}

async function run() {
  const store = await OpfsStore.open("stores/test");
  await store.set("zarr.json", encode('{"node_type":"group"}'));
  await store.set("arr/c/0/0", encode("0123456789"));
  await store.set("arr/c/0/1", encode("chunk01"));
  await store.set("arr/c/1/0", encode("chunk10"));
  await store.set("arrays/x", encode("not under arr/"));
  await store.set("arr/c/0/1", encode("short")); // overwrite with a shorter value truncates

  const get = {
    group: decode(await store.get("zarr.json")),
    overwritten: decode(await store.get("arr/c/0/1")),
    missing: await store.get("nope"),
    missingDeep: await store.get("no/such/key"),
    underAFile: await store.get("zarr.json/x"), // a file where a folder would be
    aFolder: await store.get("arr"), // a folder where a file would be
    has: [await store.has("arr/c/1/0"), await store.has("arr"), await store.has("nope")],
  };
  const ranges = {
    middle: decode(await store.getRange("arr/c/0/0", { offset: 2, length: 3 })),
    pastEnd: decode(await store.getRange("arr/c/0/0", { offset: 8, length: 10 })),
    beyond: decode(await store.getRange("arr/c/0/0", { offset: 20, length: 5 })),
    suffix: decode(await store.getRange("arr/c/0/0", { suffixLength: 4 })),
    longSuffix: decode(await store.getRange("arr/c/0/0", { suffixLength: 40 })),
    missing: await store.getRange("nope", { offset: 0, length: 1 }),
    many: (
      await store.getRanges("arr/c/0/0", [{ offset: 0, length: 2 }, { suffixLength: 2 }])
    )?.map(decode),
  };
  const list = {
    all: await keysOf(store),
    arr: await keysOf(store, "arr/"),
    partial: await keysOf(store, "arr"), // mid-segment prefix: arr/... and arrays/...
    c0: await keysOf(store, "arr/c/0/"),
    none: await keysOf(store, "zzz/"),
    rootDir: await store.listDir(""),
    cDir: await store.listDir("arr/c"),
    missingDir: await store.listDir("nope/"),
  };

  // concurrent writes to sibling keys in new folders
  await Promise.all(
    Array.from({ length: 20 }, (_, i) => store.set(`many/${i % 3}/${i}`, encode(String(i)))),
  );
  const concurrent = await keysOf(store, "many/");

  await store.delete("arr/c/1/0");
  await store.delete("arr/c/1/0"); // again: not an error
  await store.delete("never/was");
  await store.delete("arr"); // a folder's name: not a key, nothing removed
  const afterDelete = {
    gone: await store.get("arr/c/1/0"),
    keys: await keysOf(store, "arr/"),
  };

  const escapes: Record<string, ErrorInfo> = {};
  for (const key of ["../outside", "a/../../outside", "/abs", "a//b", "./x", "a\\b", "", "c:x"]) {
    escapes[JSON.stringify(key)] = await errorOf(() => store.set(key, encode("x")));
  }
  const otherErrors = {
    getEscape: await errorOf(() => store.get("../outside")),
    deleteEscape: await errorOf(() => store.delete("..")),
    listEscape: await errorOf(() => keysOf(store, "../")),
    fileAsFolder: await errorOf(() => store.set("zarr.json/child", encode("x"))),
    folderAsFile: await errorOf(() => store.set("arr", encode("x"))),
    notBytes: await errorOf(() => store.set("k", "text" as unknown as Uint8Array)),
    aborted: await errorOf(() => store.get("zarr.json", { signal: AbortSignal.abort() })),
    openMissing: await errorOf(() => OpfsStore.open("no/such/folder", { create: false })),
    openEscape: await errorOf(() => OpfsStore.open("../up")),
  };
  const root = await navigator.storage.getDirectory();
  const raw = await rawFiles(root);

  // the write path's other store: a zip built as a Blob, kept in OPFS, read back by range
  const zip = ZipWriterStore.toBlob({ compression: "deflate" });
  await zip.set("zarr.json", encode('{"node_type":"group"}'));
  await zip.set("a/c/0", encode("zipped ".repeat(50)));
  const blob = await zip.close();
  await store.set("copy.zip", new Uint8Array(await blob.arrayBuffer()));
  const fileHandle = await (
    await (await root.getDirectoryHandle("stores")).getDirectoryHandle("test")
  ).getFileHandle("copy.zip");
  const reader = await ZipStore.open(await fileHandle.getFile(), { verifyChecksums: true });
  const zipped = {
    group: decode(await reader.get("zarr.json")),
    chunkLength: (await reader.get("a/c/0"))?.length,
  };

  return { get, ranges, list, concurrent, afterDelete, escapes, otherErrors, raw, zipped };
}

(window as unknown as { __run: typeof run }).__run = run;
(window as unknown as { __ready: boolean }).__ready = true;

export type OpfsReport = Awaited<ReturnType<typeof run>>;
