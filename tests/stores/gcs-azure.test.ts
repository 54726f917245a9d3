/**
 * GcsStore and AzureBlobStore against local fakes of their protocols (object-store-fakes.ts:
 * they check the bearer token / SAS query but are not the services): credentials sent on
 * every request, refused ones a clear HttpError, listing across pages, zarrkit writing
 * and reading a hierarchy, Azure's conditional writes.
 */
import { HttpError, ZarrError } from "@zarrkit/core";
import { AzureBlobStore, GcsStore, resolveStore } from "@zarrkit/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, createGroup, open, type ZarrArray } from "zarrkit";
import { type FakeObjectServer, startFakeObjectServer } from "./object-store-fakes.js";

const SAS = "sv=2021-08-06&sp=racwdl&sig=abc%2B%2F%3D";
let gcs: FakeObjectServer;
let azure: FakeObjectServer;

beforeAll(async () => {
  gcs = await startFakeObjectServer({ kind: "gcs", token: "ya29.good" });
  azure = await startFakeObjectServer({ kind: "azure", account: "acct", sas: SAS });
});
afterAll(async () => {
  await Promise.all([gcs?.stop(), azure?.stop()]);
});

async function writeAndRead(store: Parameters<typeof create>[0]) {
  await createGroup(store, { attributes: { by: "zarrkit" } });
  const a = await create(store, {
    path: "x/temp",
    shape: [50, 40],
    chunks: [10, 10],
    dtype: "int32",
  });
  await a.set(
    null,
    Int32Array.from({ length: 2000 }, (_, i) => i * 3),
  );
  const back = (await open(store, { path: "x/temp", kind: "array" })) as ZarrArray;
  expect((await back.get()).data).toEqual(Int32Array.from({ length: 2000 }, (_, i) => i * 3));
}

describe("GcsStore (gs://, XML API, bearer token) against a local fake", () => {
  it("writes and reads a hierarchy with a token from a function; lists it in pages", async () => {
    let calls = 0;
    const store = new GcsStore("gs://bucket/data.zarr", {
      endpoint: gcs.url,
      token: async () => {
        calls++;
        return "ya29.good";
      },
      listPageSize: 7,
    });
    await writeAndRead(store);
    expect(calls).toBeGreaterThan(20);
    const keys: string[] = [];
    for await (const key of store.list("x/")) keys.push(key);
    expect(keys).toHaveLength(22); // group + array metadata + 20 chunks
    expect(
      gcs.log.filter((line) => line.includes("continuation-token=")).length,
    ).toBeGreaterThanOrEqual(3);
    expect((await store.listDir("")).prefixes).toEqual(["x/"]);
  });

  it("a wrong token is an HttpError; conditional writes are refused, not ignored", async () => {
    const bad = resolveStore("gs://bucket/data.zarr", {
      gcs: { endpoint: gcs.url, token: "ya29.bad" },
    });
    const error = await bad.get("zarr.json").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(401);
    const store = new GcsStore("gs://bucket/cas", { endpoint: gcs.url, token: "ya29.good" });
    await expect(store.setIf("k", new Uint8Array(1), { ifNoneMatch: "*" })).rejects.toBeInstanceOf(
      ZarrError,
    );
    // so partial-chunk writers do not take it for a compare-and-swap store
    expect(store.conditionalWrites).toBe(false);
  });
});

describe("AzureBlobStore (SAS) against a local fake", () => {
  it("writes and reads a hierarchy, the SAS on every request; lists in pages", async () => {
    const store = new AzureBlobStore(`${azure.url}/acct/container/data.zarr`, {
      sas: SAS,
      listPageSize: 5,
    });
    await writeAndRead(store);
    expect(azure.log.every((line) => line.includes("sig=abc%2B%2F%3D"))).toBe(true);
    const keys: string[] = [];
    for await (const key of store.list("")) keys.push(key);
    expect(keys).toHaveLength(23);
    expect(azure.log.filter((line) => line.includes("marker=")).length).toBeGreaterThanOrEqual(4);
  });

  it("a missing SAS is a 403 HttpError; conditional writes detect conflicts", async () => {
    const noSas = new AzureBlobStore(`${azure.url}/acct/container/data.zarr`);
    expect(((await noSas.get("zarr.json").catch((e: unknown) => e)) as HttpError).status).toBe(403);
    const store = new AzureBlobStore(`${azure.url}/acct/container/cas?${SAS}`);
    const enc = (text: string) => new TextEncoder().encode(text);
    expect(await store.setIf("meta", enc("1"), { ifNoneMatch: "*" })).toBe(true);
    expect(await store.setIf("meta", enc("x"), { ifNoneMatch: "*" })).toBe(false);
    const v1 = await store.getVersioned("meta");
    expect(new TextDecoder().decode(v1?.value)).toBe("1");
    const ifMatch = v1?.version as string;
    expect(await store.setIf("meta", enc("2"), { ifMatch })).toBe(true);
    expect(await store.setIf("meta", enc("3"), { ifMatch })).toBe(false);
    expect(new TextDecoder().decode(await store.get("meta"))).toBe("2");
  });

  it("resolveStore picks AzureBlobStore for *.blob.core.windows.net URLs", () => {
    const store = resolveStore(
      `https://acct.blob.core.windows.net/c/a/b.zarr?${SAS}`,
    ) as AzureBlobStore;
    expect(store).toBeInstanceOf(AzureBlobStore);
    expect(store.containerUrl).toBe("https://acct.blob.core.windows.net/c");
    expect(store.prefix).toBe("a/b.zarr/");
    expect(store.resolve("c/0")).toBe(`https://acct.blob.core.windows.net/c/a/b.zarr/c/0?${SAS}`);
  });
});
