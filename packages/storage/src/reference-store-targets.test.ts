/**
 * Hostile reference documents (docs/security-local.md): references loaded over HTTP
 * reach neither local files nor other origins, whole-target reads are bounded, ranged
 * reads give exactly the bytes asked for, and "gen" cannot expand without limit.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidKeyError, StoreError } from "@zarrkit/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestHttpServer } from "./http-server.test-helper.js";
import { ReferenceStore } from "./reference-store.js";

const server = new TestHttpServer();
const other = new TestHttpServer(); // another port: another origin
let dir: string;
const secret = new TextEncoder().encode("local secret");
const blob = new Uint8Array(100).map((_, i) => i);
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

beforeAll(async () => {
  await server.start();
  await other.start();
  server.files.set("/data/blob.bin", blob);
  other.files.set("/internal.bin", new TextEncoder().encode("internal service"));
  dir = await mkdtemp(join(tmpdir(), "zarrkit-ref-targets-"));
  await writeFile(join(dir, "secret.txt"), secret);
});
afterAll(async () => {
  await server.stop();
  await other.stop();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.reset();
  other.reset();
});

/** References served at /data/refs.json, loaded from there. */
async function remote(refs: Record<string, unknown>, options = {}) {
  server.files.set("/data/refs.json", json(refs));
  return ReferenceStore.load(`${server.url}data/refs.json`, options);
}

describe("references loaded over HTTP", () => {
  it("never read local files through file:// targets", async () => {
    const store = await remote({ k: [`file://${join(dir, "secret.txt")}`] });
    const error = await store.get("k").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidKeyError);
    expect((error as Error).message).toContain(`file://${join(dir, "secret.txt")}`);
  });

  it("read plain paths from their own server, never the local disk", async () => {
    const path = join(dir, "secret.txt");
    const store = await remote({ abs: [path], rel: ["blob.bin", 2, 3] });
    await expect(store.get("abs")).rejects.toThrow(/points at missing http:\/\/127\.0\.0\.1/);
    expect(server.log.map((r) => r.path)).toContain(path);
    expect(await store.get("rel")).toEqual(blob.subarray(2, 5));
  });

  it("never reach another origin unless it is allowed", async () => {
    const refs = { k: [`${other.url}internal.bin`], p: ["//127.0.0.1:1/x"] };
    const store = await remote(refs);
    await expect(store.get("k")).rejects.toThrow(InvalidKeyError);
    await expect(store.get("k")).rejects.toThrow(/allowedOrigins/);
    await expect(store.get("p")).rejects.toThrow(InvalidKeyError);
    expect(other.log).toHaveLength(0);
    const allowed = await remote(refs, { allowedOrigins: [other.url] });
    expect(new TextDecoder().decode(await allowed.get("k"))).toBe("internal service");
    const any = await remote(refs, { allowedOrigins: ["*"] });
    expect(await any.get("k")).toBeDefined();
    expect(() => new ReferenceStore({}, { allowedOrigins: ["ftp://x"] })).toThrow(StoreError);
  });

  it("read local files only when the caller opts in", async () => {
    const store = await remote(
      { k: [`file://${join(dir, "secret.txt")}`] },
      { allowLocalTargets: true },
    );
    expect(await store.get("k")).toEqual(secret);
  });

  it("send a bounded range for a whole-target read", async () => {
    server.files.set("/data/big.bin", new Uint8Array(5000));
    const store = await remote({ k: ["big.bin"], small: ["blob.bin"] }, { maxTargetBytes: 1000 });
    await expect(store.get("k")).rejects.toThrow(/longer than the 1000 bytes/);
    expect(server.log.at(-1)?.range).toBe("bytes=0-1000");
    expect(await store.get("small")).toEqual(blob);
  });
});

describe("local references", () => {
  it("may read local files and any host", async () => {
    const store = new ReferenceStore({
      f: [`file://${join(dir, "secret.txt")}`],
      h: [`${other.url}internal.bin`],
    });
    expect(await store.get("f")).toEqual(secret);
    expect(await store.get("h")).toBeDefined();
  });

  it("bound whole-target reads of files", async () => {
    const big = join(dir, "sparse.bin");
    const handle = await open(big, "w");
    await handle.truncate(2 * 1024 * 1024); // sparse: costs no disk
    await handle.close();
    const store = new ReferenceStore({ k: [big] }, { maxTargetBytes: 1024 * 1024 });
    await expect(store.get("k")).rejects.toThrow(/longer than the 1048576 bytes/);
  });

  it("refuse devices and FIFOs instead of reading forever or hanging", async () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const store = new ReferenceStore({ zero: ["/dev/zero"], fifo: [fifo], r: ["/dev/zero", 0, 4] });
    await expect(store.get("zero")).rejects.toThrow(/not a regular file/);
    await expect(store.get("fifo")).rejects.toThrow(/not a regular file/);
    await expect(store.get("r")).rejects.toThrow(StoreError);
  });
});

describe("ranged targets", () => {
  it("must give exactly the bytes asked for", async () => {
    const store = new ReferenceStore(
      { k: ["s3://bucket/key", 10, 5] },
      { readTarget: async () => new Uint8Array(50) },
    );
    await expect(store.get("k")).rejects.toThrow(/reading 5 bytes of s3:\/\/bucket\/key gave 50/);
  });
});

describe("kerchunk gen entries", () => {
  const gen = (stop: number) => ({
    version: 1,
    gen: [
      {
        key: "a/{{i}}.{{j}}",
        url: "x",
        dimensions: { i: { stop }, j: { stop } },
      },
    ],
  });

  it("fail before generating more keys than allowed", () => {
    const started = performance.now();
    expect(() => new ReferenceStore(gen(1_000_000))).toThrow(/10{12} keys.*maxGeneratedKeys/);
    expect(
      () =>
        new ReferenceStore({
          version: 1,
          gen: [{ key: "k{{i}}", url: "x", dimensions: { i: 1e15 } }],
        }),
    ).toThrow(StoreError);
    expect(performance.now() - started).toBeLessThan(5000); // immediate, not 10^12 steps
    expect(() => new ReferenceStore(gen(10), { maxGeneratedKeys: 99 })).toThrow(StoreError);
    expect(new ReferenceStore(gen(10), { maxGeneratedKeys: 100 }).refs.size).toBe(100);
  });

  it("count keys across entries and refuse non-numeric ranges", () => {
    const two = { ...gen(10), gen: [gen(10).gen[0], { ...gen(10).gen[0], key: "b/{{i}}.{{j}}" }] };
    expect(() => new ReferenceStore(two, { maxGeneratedKeys: 150 })).toThrow(StoreError);
    const bad = {
      version: 1,
      gen: [{ key: "k{{i}}", url: "x", dimensions: { i: { stop: "9" } } }],
    };
    expect(() => new ReferenceStore(bad)).toThrow(StoreError);
    const inf = {
      version: 1,
      gen: [{ key: "k{{i}}", url: "x", dimensions: { i: { stop: 1, step: 1e-300 } } }],
    };
    expect(() => new ReferenceStore(inf)).toThrow(StoreError);
  });
});

describe("kerchunk templates from a hostile document", () => {
  it("fail on deep nesting with a StoreError, not a stack overflow", () => {
    const deep = `{{${"(".repeat(100_000)}1${")".repeat(100_000)}}}`;
    expect(() => new ReferenceStore({ version: 1, refs: { k: [deep] } })).toThrow(StoreError);
    const signs = `{{${"-".repeat(100_000)}1}}`;
    expect(() => new ReferenceStore({ version: 1, refs: { k: [signs] } })).toThrow(/nests deeper/);
  });

  it("tokenize long expressions in linear time", () => {
    const long = `{{${"1+".repeat(200_000)}1}}`;
    const store = new ReferenceStore({ version: 1, refs: { k: [long] } });
    const target = store.refs.get("k");
    expect(target?.kind === "target" && target.url).toBe("200001");
  });

  it("read only the document's own templates, not Object.prototype", () => {
    const refs = { version: 1, refs: { k: ["{{constructor}}"] } };
    expect(() => new ReferenceStore(refs)).toThrow(/unknown variable "constructor"/);
  });
});
