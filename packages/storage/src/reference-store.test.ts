import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StoreError } from "@zarrkit/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { TestHttpServer } from "./http-server.test-helper.js";
import { ReferenceStore } from "./reference-store.js";
import { renderTemplate } from "./reference-template.js";

const server = new TestHttpServer();
let dir: string;
const blob = new Uint8Array(1000).map((_, i) => i % 256);
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

beforeAll(async () => {
  await server.start();
  server.files.set("/remote/blob.bin", blob);
  dir = await mkdtemp(join(tmpdir(), "zarrkit-refs-"));
  await writeFile(join(dir, "blob.bin"), blob);
});
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => server.reset());

describe("ReferenceStore version 0", () => {
  const refs = () => ({
    ".zgroup": '{"zarr_format":2}',
    "a/.zarray": { zarr_format: 2, shape: [4] },
    "a/0": "base64:AAECAw==",
    "a/1": [join(dir, "blob.bin"), 100, 10],
    "a/2": [`${server.url}remote/blob.bin`, 500, 20],
    "a/3": [`file://${join(dir, "blob.bin")}`],
    "a/4": [join(dir, "missing.bin")],
  });

  it("reads inline text, JSON objects and base64", async () => {
    const store = new ReferenceStore(refs());
    expect(text(await store.get(".zgroup"))).toBe('{"zarr_format":2}');
    expect(JSON.parse(text(await store.get("a/.zarray")))).toEqual({ zarr_format: 2, shape: [4] });
    expect(await store.get("a/0")).toEqual(new Uint8Array([0, 1, 2, 3]));
    expect(await store.get("nope")).toBeUndefined();
    expect(await store.has("a/0")).toBe(true);
  });

  it("reads ranges of local files and of HTTP targets", async () => {
    const store = new ReferenceStore(refs());
    expect(await store.get("a/1")).toEqual(blob.subarray(100, 110));
    expect(await store.get("a/2")).toEqual(blob.subarray(500, 520));
    expect(server.log.map((r) => r.range)).toEqual(["bytes=500-519"]);
    expect(await store.get("a/3")).toEqual(blob);
  });

  it("reads ranges inside a referenced range", async () => {
    const store = new ReferenceStore(refs());
    expect(await store.getRange("a/2", { offset: 5, length: 3 })).toEqual(blob.subarray(505, 508));
    expect(await store.getRange("a/2", { suffixLength: 4 })).toEqual(blob.subarray(516, 520));
    expect(await store.getRange("a/2", { offset: 15, length: 100 })).toEqual(
      blob.subarray(515, 520),
    );
    expect(server.log.map((r) => r.range)).toEqual([
      "bytes=505-507",
      "bytes=516-519",
      "bytes=515-519",
    ]);
    expect(await store.getRange("a/1", { offset: 2, length: 2 })).toEqual(blob.subarray(102, 104));
    expect(await store.getRange("a/3", { suffixLength: 2 })).toEqual(blob.subarray(998));
    expect(await store.getRange("a/0", { offset: 1, length: 2 })).toEqual(new Uint8Array([1, 2]));
    expect(await store.getRanges("a/1", [{ suffixLength: 1 }, { offset: 0, length: 1 }])).toEqual([
      blob.subarray(109, 110),
      blob.subarray(100, 101),
    ]);
  });

  it("lists keys", async () => {
    const store = new ReferenceStore(refs());
    expect(await store.listDir("")).toEqual({ keys: [".zgroup"], prefixes: ["a/"] });
    const keys: string[] = [];
    for await (const key of store.list("a/")) keys.push(key);
    expect(keys).toHaveLength(6);
  });

  it("fails clearly on broken references", async () => {
    const store = new ReferenceStore({ ...refs(), s3: ["s3://bucket/key", 0, 1] });
    await expect(store.get("a/4")).rejects.toThrow(/missing/);
    await expect(store.get("s3")).rejects.toThrow(/no reader for s3:/);
    expect(() => new ReferenceStore({ k: ["u", -1, 5] })).toThrow(StoreError);
    expect(() => new ReferenceStore({ k: 5 })).toThrow(/key "k"/);
    expect(() => new ReferenceStore([])).toThrow(StoreError);
    expect(() => new ReferenceStore({ version: 2, refs: {} })).toThrow(/version 2/);
    const short = new ReferenceStore({ k: [join(dir, "blob.bin"), 995, 10] });
    await expect(short.get("k")).rejects.toThrow(/ends before byte 1005/);
  });

  it("uses a custom target reader", async () => {
    const seen: string[] = [];
    const store = new ReferenceStore(
      { k: ["s3://bucket/key", 10, 5] },
      {
        readTarget: async (url, range) => {
          seen.push(`${url} ${JSON.stringify(range)}`);
          return new Uint8Array(5);
        },
      },
    );
    expect(await store.get("k")).toEqual(new Uint8Array(5));
    expect(seen).toEqual(['s3://bucket/key {"offset":10,"length":5}']);
  });
});

describe("ReferenceStore version 1", () => {
  it("expands templates and gen entries", async () => {
    const store = new ReferenceStore({
      version: 1,
      templates: { u: `${server.url}remote`, f: "blob.bin" },
      gen: [
        {
          key: "gen/{{i}}.{{j}}",
          url: "{{u}}/{{f}}",
          offset: "{{(i * 2 + j) * 100}}",
          length: "{{50 + j}}",
          dimensions: { i: { stop: 3 }, j: [0, 1] },
        },
      ],
      refs: { ".zgroup": '{"zarr_format":2}', "x/0": ["{{u}}/{{f}}", 10, 2] },
    });
    expect(store.refs.size).toBe(8);
    expect(await store.get("gen/2.1")).toEqual(blob.subarray(500, 551));
    expect(await store.get("gen/0.0")).toEqual(blob.subarray(0, 50));
    expect(await store.get("x/0")).toEqual(blob.subarray(10, 12));
  });

  it("loads references from a URL and resolves relative targets against it", async () => {
    server.files.set(
      "/remote/refs.json",
      new TextEncoder().encode(JSON.stringify({ version: 1, refs: { k: ["blob.bin", 1, 2] } })),
    );
    const store = await ReferenceStore.load(`${server.url}remote/refs.json`);
    expect(await store.get("k")).toEqual(blob.subarray(1, 3));
    await writeFile(join(dir, "refs.json"), JSON.stringify({ k: ["blob.bin", 3, 2] }));
    const local = await ReferenceStore.load(join(dir, "refs.json"));
    expect(await local.get("k")).toEqual(blob.subarray(3, 5));
    await expect(ReferenceStore.load(`${server.url}remote/none.json`)).rejects.toThrow(/not found/);
  });
});

describe("renderTemplate", () => {
  it("evaluates jinja-style expressions", () => {
    expect(renderTemplate("{{u}}/x", { u: "http://h" })).toBe("http://h/x");
    expect(renderTemplate("{{ i * 10 + 1 }}-{{(i+1)//2}}-{{ -7 % 3 }}", { i: 4 })).toBe("41-2-2");
    expect(renderTemplate("{{ 'a' + n }}{{2 ** 3}}", { n: "b" })).toBe("ab8");
    expect(() => renderTemplate("{{ x }}", {})).toThrow(/unknown variable "x"/);
    expect(() => renderTemplate("{{ 1 + }}", {})).toThrow(StoreError);
    expect(() => renderTemplate("{{ (1 }}", {})).toThrow(/missing "\)"/);
  });
});
