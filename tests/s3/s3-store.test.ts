import { HttpError, StoreError } from "@zarrkit/core";
import { S3Store } from "@zarrkit/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_KEY, type S3TestServer, SECRET_KEY, startS3Server } from "./s3-server.js";

let server: S3TestServer;
const credentials = { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY };

beforeAll(async () => {
  server = await startS3Server(["data", "many"]);
});
afterAll(async () => {
  await server?.stop();
});

function store(url = "s3://data/root", options: ConstructorParameters<typeof S3Store>[1] = {}) {
  return new S3Store(url, {
    endpoint: server.endpoint,
    credentials,
    useEnvironment: false,
    retries: 0,
    ...options,
  });
}

describe("S3Store against s3rver (SigV4 verified)", () => {
  it("writes, reads whole and by range, sizes and deletes, with signed requests", async () => {
    const s = store();
    const value = new Uint8Array(1000).map((_, i) => i % 251);
    await s.set("a b/c(1)!.bin", value);
    expect(await s.get("a b/c(1)!.bin")).toEqual(value);
    expect(await s.getRange("a b/c(1)!.bin", { offset: 10, length: 5 })).toEqual(
      value.slice(10, 15),
    );
    expect(await s.getRange("a b/c(1)!.bin", { suffixLength: 3 })).toEqual(value.slice(997));
    expect(
      await s.getRanges("a b/c(1)!.bin", [
        { offset: 0, length: 2 },
        { offset: 500, length: 2 },
      ]),
    ).toEqual([value.slice(0, 2), value.slice(500, 502)]);
    expect(await s.getSize("a b/c(1)!.bin")).toBe(1000);
    expect(await s.has("a b/c(1)!.bin")).toBe(true);
    expect(await s.get("missing")).toBeUndefined();
    await s.delete("a b/c(1)!.bin");
    expect(await s.get("a b/c(1)!.bin")).toBeUndefined();
    await s.delete("a b/c(1)!.bin"); // deleting a missing key is fine
  });

  it("a wrong secret fails with a clear 403 HttpError, on reads and writes", async () => {
    await store().set("secret.json", new TextEncoder().encode("{}"));
    const bad = store("s3://data/root", {
      credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: "wrong" },
    });
    const read = await bad.get("secret.json").catch((error: unknown) => error);
    expect(read).toBeInstanceOf(HttpError);
    expect((read as HttpError).status).toBe(403);
    expect((read as HttpError).message).toMatch(/403 Forbidden.*access denied/);
    const write = await bad.set("x", new Uint8Array(1)).catch((error: unknown) => error);
    expect((write as HttpError).status).toBe(403);
    expect((write as HttpError).message).toMatch(/SignatureDoesNotMatch/);
    const list = await (async () => {
      for await (const _ of bad.list()) return;
    })().catch((error: unknown) => error);
    expect((list as HttpError).status).toBe(403);
  });

  it("credentials may come from an async function, called for each request", async () => {
    let calls = 0;
    const s = store("s3://data/root", {
      credentials: async () => {
        calls++;
        return credentials;
      },
    });
    await s.set("fn.bin", new Uint8Array([1, 2, 3]));
    expect(await s.get("fn.bin")).toEqual(new Uint8Array([1, 2, 3]));
    expect(calls).toBe(2);
  });

  it("session tokens are sent and signed", async () => {
    const seen: string[] = [];
    const s = store("s3://data/root", {
      credentials: { ...credentials, sessionToken: "token/with+chars=" },
      fetch: (url, init) => {
        seen.push(new Headers(init.headers).get("x-amz-security-token") ?? "");
        return fetch(url, init);
      },
    });
    await s.set("token.bin", new Uint8Array([9]));
    expect(await s.get("token.bin")).toEqual(new Uint8Array([9]));
    expect(seen).toEqual(["token/with+chars=", "token/with+chars="]);
  });

  it("presigned URLs read with a plain fetch; a tampered one is refused", async () => {
    const s = store();
    await s.set("pre/signed.txt", new TextEncoder().encode("hello"));
    const url = await s.presign("pre/signed.txt", { expiresIn: 60 });
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("hello");
    const tampered = await fetch(url.replace(/X-Amz-Signature=[0-9a-f]/, "X-Amz-Signature=z"));
    expect(tampered.status).toBe(403);
    await tampered.body?.cancel();
  });

  it("lists more than 1,000 keys across pages, and one directory level", async () => {
    const s = store("s3://many/big.zarr");
    const keys = Array.from({ length: 1203 }, (_, i) => `c/${Math.floor(i / 100)}/${i % 100}`);
    await Promise.all(keys.map((key) => s.set(key, new Uint8Array([1]))));
    await s.set("zarr.json", new Uint8Array([2]));
    const requests: string[] = [];
    const counting = store("s3://many/big.zarr", {
      onRequest: () => {},
      fetch: (url, init) => {
        if (url.includes("list-type=2")) requests.push(url);
        return fetch(url, init);
      },
    });
    const listed: string[] = [];
    for await (const key of counting.list()) listed.push(key);
    expect(listed.sort()).toEqual([...keys, "zarr.json"].sort());
    expect(requests.length).toBe(2);
    expect(requests[1]).toMatch(/continuation-token=/);
    const dir = await counting.listDir("");
    expect(dir).toEqual({ keys: ["zarr.json"], prefixes: ["c/"] });
    const sub = await counting.listDir("c");
    expect(sub.prefixes).toHaveLength(13);
    expect(sub.keys).toEqual([]);
  });

  it("listing stops after maxListPages with a StoreError", async () => {
    const s = store("s3://many/big.zarr", { listPageSize: 100, maxListPages: 3 });
    const error = await (async () => {
      for await (const _ of s.list()) {
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/more than 3 pages/);
  });

  it("uploads a 64 MiB shard by multipart upload and reads it back", async () => {
    const requests: string[] = [];
    const s = store("s3://data/root", {
      fetch: (url, init) => {
        requests.push(`${init.method} ${new URL(url).search}`);
        return fetch(url, init);
      },
    });
    const shard = new Uint8Array(64 * 1024 * 1024);
    for (let i = 0; i < shard.length; i += 4096) shard[i] = (i / 4096) & 0xff;
    await s.set("arr/c/0/0", shard);
    expect(requests.filter((r) => r.startsWith("PUT ?partNumber="))).toHaveLength(8);
    expect(requests.some((r) => r.startsWith("POST ?uploads"))).toBe(true);
    expect(await s.getSize("arr/c/0/0")).toBe(shard.length);
    const back = await s.get("arr/c/0/0");
    expect(back?.length).toBe(shard.length);
    expect(Buffer.from(back as Uint8Array).equals(Buffer.from(shard))).toBe(true);
  });

  it("a failed multipart upload is aborted and leaves no object", async () => {
    const requests: string[] = [];
    let parts = 0;
    const s = store("s3://data/root", {
      multipartThreshold: 1024,
      partSize: 512,
      fetch: (url, init) => {
        requests.push(
          `${init.method} ${new URL(url).search.replace(/uploadId=[^&]+/, "uploadId=U")}`,
        );
        if (url.includes("partNumber=") && ++parts === 2) {
          return Promise.resolve(
            new Response("<Error><Code>InternalError</Code></Error>", { status: 400 }),
          );
        }
        return fetch(url, init);
      },
    });
    const error = await s.set("broken.bin", new Uint8Array(2000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(requests).toContain("DELETE ?uploadId=U");
    expect(await store().get("broken.bin")).toBeUndefined();
  });

  it("conditional writes detect conflicts: create-only and compare-and-swap", async () => {
    const s = store();
    const before = server.conflicts();
    const enc = (text: string) => new TextEncoder().encode(text);
    const created = { ifNoneMatch: "*" } as const;
    expect(await s.setIf("cas/zarr.json", enc('{"v":1}'), created)).toBe(true);
    expect(await s.setIf("cas/zarr.json", enc('{"v":9}'), created)).toBe(false);
    const v1 = (await s.getVersioned("cas/zarr.json"))?.version as string;
    expect(v1).toMatch(/^"[0-9a-f]{32}"$/);
    expect(await s.setIf("cas/zarr.json", enc('{"v":2}'), { ifMatch: v1 })).toBe(true);
    // a writer still holding v1 loses, and its update is not applied
    expect(await s.setIf("cas/zarr.json", enc('{"v":3}'), { ifMatch: v1 })).toBe(false);
    expect(new TextDecoder().decode(await s.get("cas/zarr.json"))).toBe('{"v":2}');
    expect(server.conflicts() - before).toBe(2);
  });

  it("concurrent read-modify-write counters lose no update", async () => {
    // retries on: s3rver writes in place, so a read racing a write may be cut off
    const s = store("s3://data/root", { retries: 5 });
    await s.set("counter", new TextEncoder().encode("0"));
    const increment = async () => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const current = await s.getVersioned("counter");
        const next = Number(new TextDecoder().decode(current?.value)) + 1;
        const condition = current ? { ifMatch: current.version } : ({ ifNoneMatch: "*" } as const);
        if (await s.setIf("counter", new TextEncoder().encode(String(next)), condition)) return;
      }
      throw new Error("no progress");
    };
    await Promise.all(Array.from({ length: 8 }, increment));
    expect(new TextDecoder().decode(await s.get("counter"))).toBe("8");
  });

  it("a conditional multipart completion reports the conflict and aborts", async () => {
    const s = store("s3://data/root", { multipartThreshold: 1024, partSize: 512 });
    const created = { ifNoneMatch: "*" } as const;
    expect(await s.setIf("big-once", new Uint8Array(3000).fill(1), created)).toBe(true);
    expect(await s.setIf("big-once", new Uint8Array(3000).fill(2), created)).toBe(false);
    expect((await s.get("big-once"))?.[0]).toBe(1);
  });
});
