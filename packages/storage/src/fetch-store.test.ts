import { AbortError, type ByteRange, HttpError, InvalidKeyError, StoreError } from "@zarrkit/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sleep } from "./abortable.js";
import { FetchStore, type FetchStoreOptions } from "./fetch-store.js";
import type { FetchFunction, HttpRequestEvent } from "./http-client.js";
import { TestHttpServer } from "./http-server.test-helper.js";

const server = new TestHttpServer();
const big = new Uint8Array(200_000).map((_, i) => i % 251);
const fast: FetchStoreOptions = { baseDelayMs: 5, maxDelayMs: 20 };

beforeAll(async () => {
  await server.start();
  server.files.set("/data/a.bin", big);
  server.files.set("/data/my group/.zattrs", new TextEncoder().encode('{"x":1}'));
  server.files.set("/data/empty", new Uint8Array(0));
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

/** toEqual on 200 kB compares element by element, slowly: compare as Buffers instead. */
function expectBig(bytes: Uint8Array | undefined): void {
  expect(bytes && Buffer.compare(bytes, big)).toBe(0);
}

const store = (options: FetchStoreOptions = {}) =>
  new FetchStore(`${server.url}data`, { ...fast, ...options });

/** The real fetch, after a pause chosen by the request's Range header. */
const delayedFetch =
  (delays: Record<string, number>): FetchFunction =>
  async (input, init) => {
    await sleep(delays[new Headers(init.headers).get("Range") ?? ""] ?? 0);
    return fetch(input, init);
  };

/** Waits (bounded) until the server has no request open. */
async function serverIdle(withinMs = 1000): Promise<number> {
  const started = performance.now();
  while (server.inFlight > 0 && performance.now() - started < withinMs) await sleep(5);
  return server.inFlight;
}

describe("FetchStore reads", () => {
  it("gets bytes, and undefined for 404", async () => {
    const s = store();
    expectBig(await s.get("a.bin"));
    expect(await s.get("missing")).toBeUndefined();
    expect(server.log.map((r) => r.path)).toEqual(["/data/a.bin", "/data/missing"]);
  });

  it("percent-encodes key segments and keeps the base query", async () => {
    const s = new FetchStore(`${server.url}data/?token=abc`);
    expect(s.resolve("my group/.zattrs")).toBe(`${server.url}data/my%20group/.zattrs?token=abc`);
    expect(new TextDecoder().decode(await s.get("my group/.zattrs"))).toBe('{"x":1}');
  });

  it("rejects keys that escape the base URL", async () => {
    const s = store();
    for (const key of ["../x", "a/../../x", "/etc/passwd", "a//b", ""]) {
      await expect(s.get(key)).rejects.toBeInstanceOf(InvalidKeyError);
    }
    expect(server.log).toHaveLength(0);
  });

  it("raises HttpError for 403 and other 4xx without retrying", async () => {
    server.queueFaults({ status: 403 });
    const error = await store()
      .get("a.bin")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(403);
    expect((error as HttpError).url).toBe(`${server.url}data/a.bin`);
    server.queueFaults({ status: 400 });
    await expect(store().get("a.bin")).rejects.toMatchObject({ status: 400 });
    expect(server.log).toHaveLength(2);
  });

  it("reads 403 as missing with treat403AsMissing", async () => {
    server.queueFaults({ status: 403 });
    expect(await store({ treat403AsMissing: true }).get("a.bin")).toBeUndefined();
  });

  it("has() uses HEAD", async () => {
    const s = store();
    expect(await s.has("a.bin")).toBe(true);
    expect(await s.has("nope")).toBe(false);
    expect(server.log.map((r) => r.method)).toEqual(["HEAD", "HEAD"]);
  });

  it("sends headers from an object or a function per request, and calls a custom fetch", async () => {
    let calls = 0;
    const s = store({
      headers: async ({ url }) => ({ Authorization: `Bearer ${url.length}` }),
      credentials: "include",
      mode: "cors",
      fetch: (input, init) => {
        calls++;
        expect(init).toMatchObject({ credentials: "include", mode: "cors", method: "GET" });
        return fetch(input, { ...init, credentials: undefined, mode: undefined });
      },
    });
    await s.get("a.bin");
    expect(server.log[0].headers.authorization).toBe(`Bearer ${`${server.url}data/a.bin`.length}`);
    expect(calls).toBe(1);
    await store({ headers: { "X-Test": "yes" } }).get("a.bin");
    expect(server.log[1].headers["x-test"]).toBe("yes");
  });

  it("reports requests through onRequest and stats", async () => {
    const events: HttpRequestEvent[] = [];
    const s = store({ onRequest: (e) => events.push(e) });
    await s.getRange("a.bin", { offset: 10, length: 100 });
    expect(events).toEqual([
      expect.objectContaining({ status: 206, bytes: 100, range: "bytes=10-109", attempt: 0 }),
    ]);
    expect(s.stats).toMatchObject({ requests: 1, bytesReceived: 100, retries: 0 });
  });
});

describe("FetchStore ranges", () => {
  it("reads offset and suffix ranges with Range headers", async () => {
    const s = store();
    expect(await s.getRange("a.bin", { offset: 5, length: 10 })).toEqual(big.subarray(5, 15));
    expect(await s.getRange("a.bin", { suffixLength: 7 })).toEqual(big.subarray(big.length - 7));
    expect(server.log.map((r) => r.range)).toEqual(["bytes=5-14", "bytes=-7"]);
    const read = await s.readRange("a.bin", { suffixLength: 7 });
    expect(read?.size).toBe(big.length);
  });

  it("clamps ranges past the end and answers 416 with empty bytes", async () => {
    const s = store();
    const tail = await s.getRange("a.bin", { offset: big.length - 3, length: 10 });
    expect(tail).toEqual(big.subarray(big.length - 3));
    expect(await s.getRange("a.bin", { offset: big.length + 5, length: 10 })).toEqual(
      new Uint8Array(0),
    );
    expect(await s.getRange("empty", { suffixLength: 4 })).toEqual(new Uint8Array(0));
    expect(await s.getRange("missing", { offset: 0, length: 1 })).toBeUndefined();
    expect(await s.getRange("a.bin", { offset: 3, length: 0 })).toEqual(new Uint8Array(0));
  });

  it("slices the body when the server ignores Range", async () => {
    server.queueFaults({ ignoreRange: true }, { ignoreRange: true });
    const s = store();
    expect(await s.getRange("a.bin", { offset: 100, length: 50 })).toEqual(big.subarray(100, 150));
    expect(await s.getRange("a.bin", { suffixLength: 50 })).toEqual(big.subarray(big.length - 50));
  });

  it("copies the asked range out of a whole body, so the body is not kept alive", async () => {
    server.queueFaults({ ignoreRange: true }, { ignoreRange: true }, { ignoreRange: true });
    const s = store();
    const part = await s.getRange("a.bin", { offset: 100, length: 50 });
    expect(part).toEqual(big.subarray(100, 150));
    expect(part?.buffer.byteLength).toBe(50);
    const tail = await s.readRange("a.bin", { suffixLength: 50 });
    expect(tail?.bytes).toEqual(big.subarray(big.length - 50));
    expect(tail?.bytes.buffer.byteLength).toBe(50);
    expect(tail?.size).toBe(big.length);
    // past the end: what a server that honours Range gives (416: empty bytes and the size)
    const past = await s.readRange("a.bin", { offset: big.length + 5, length: 10 });
    expect(past).toEqual({ bytes: new Uint8Array(0), size: big.length });
    expect(await s.readRange("a.bin", { offset: big.length + 5, length: 10 })).toEqual(past);
    expect(server.log.map((r) => r.range)).toEqual([
      "bytes=100-149",
      "bytes=-50",
      `bytes=${big.length + 5}-${big.length + 14}`,
      `bytes=${big.length + 5}-${big.length + 14}`,
    ]);
  });

  it("copies a 206 body longer than asked (no Content-Range)", async () => {
    const long: FetchFunction = async () => new Response(new Uint8Array(1000), { status: 206 });
    const part = await store({ fetch: long }).getRange("a.bin", { offset: 0, length: 10 });
    expect(part?.length).toBe(10);
    expect(part?.buffer.byteLength).toBe(10);
  });

  it("rejects malformed ranges with StoreError before sending a request", async () => {
    const s = store();
    for (const range of [
      { offset: -5, length: 10 },
      { offset: 1.5, length: 10 },
      { offset: 0, length: Number.NaN },
      { offset: 2 ** 53, length: 1 },
      { suffixLength: 2.5 },
    ]) {
      await expect(s.getRange("a.bin", range)).rejects.toBeInstanceOf(StoreError);
    }
    await expect(
      s.getRanges("a.bin", [
        { offset: 0, length: 1 },
        { offset: -1, length: 1 },
      ]),
    ).rejects.toBeInstanceOf(StoreError);
    expect(server.log).toHaveLength(0);
  });

  it("coalesces close ranges and returns them in the caller's order", async () => {
    const s = store({ coalesceGapBytes: 1000 });
    const ranges: ByteRange[] = [
      { offset: 150_000, length: 10 },
      { offset: 20, length: 10 },
      { offset: 0, length: 10 },
      { suffixLength: 5 },
      { offset: 500, length: 100 },
      { offset: 25, length: 10 }, // overlaps
    ];
    const parts = await s.getRanges("a.bin", ranges);
    expect(parts).toEqual(
      ranges.map((r) =>
        "suffixLength" in r
          ? big.subarray(big.length - r.suffixLength)
          : big.subarray(r.offset, r.offset + r.length),
      ),
    );
    expect(server.log.map((r) => r.range).sort()).toEqual([
      "bytes=-5",
      "bytes=0-599",
      "bytes=150000-150009",
    ]);
    expect(await s.getRanges("missing", ranges)).toBeUndefined();
  });

  // three requests: bytes=0-9, bytes=100000-100009 and bytes=-5
  const spread: ByteRange[] = [
    { offset: 0, length: 10 },
    { offset: 100_000, length: 10 },
    { suffixLength: 5 },
  ];

  it("cancels the sibling requests as soon as one finds the key missing", async () => {
    server.fault = (r) => (r.range === "bytes=0-9" ? { status: 404 } : { delayMs: 3000 });
    // the 404 comes last, once the slow siblings have reached the server
    const s = store({ fetch: delayedFetch({ "bytes=0-9": 100 }) });
    const started = performance.now();
    expect(await s.getRanges("a.bin", spread)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
    // only this key's: the previous test's cancelled requests for "missing" can still
    // reach the server after the reset (they do under Node 24)
    expect(server.log.filter((r) => r.path === "/data/a.bin")).toHaveLength(3);
    expect(await serverIdle()).toBe(0); // the slow requests were cut, not left running
  });

  it("lets a missing key win over an error on a sibling request, in either order", async () => {
    server.fault = (r) => (r.range === "bytes=0-9" ? { status: 404 } : { status: 400 });
    for (const [first, second] of [
      ["bytes=0-9", "bytes=100000-100009"],
      ["bytes=100000-100009", "bytes=0-9"],
    ]) {
      const s = store({ fetch: delayedFetch({ [first]: 0, [second]: 80, "bytes=-5": 40 }) });
      expect(await s.getRanges("a.bin", spread)).toBeUndefined();
    }
  });

  it("throws the error when no request finds the key missing, leaving no request behind", async () => {
    server.fault = (r) => (r.range === "bytes=-5" ? { status: 400 } : { delayMs: 100 });
    await expect(store().getRanges("a.bin", spread)).rejects.toMatchObject({ status: 400 });
    expect(await serverIdle()).toBe(0);
  });

  it("rejects with AbortError when the caller aborts, whatever the requests answered", async () => {
    server.fault = (r) => (r.range === "bytes=0-9" ? { status: 404 } : { delayMs: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const s = store({ fetch: delayedFetch({ "bytes=0-9": 200 }) });
    const started = performance.now();
    await expect(
      s.getRanges("a.bin", spread, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await serverIdle()).toBe(0);
  });

  it("caps the size of a merged request", async () => {
    const s = store({ coalesceGapBytes: 1000, maxCoalescedBytes: 150 });
    await s.getRanges("a.bin", [
      { offset: 0, length: 100 },
      { offset: 100, length: 100 },
      { offset: 200, length: 10 },
    ]);
    expect(server.log.map((r) => r.range).sort()).toEqual(["bytes=0-99", "bytes=100-209"]);
  });
});

describe("FetchStore retries", () => {
  it("retries 5xx and 429, then succeeds", async () => {
    server.queueFaults({ status: 500 }, { status: 502 }, { status: 429 });
    const s = store();
    expectBig(await s.get("a.bin"));
    expect(server.log).toHaveLength(4);
    expect(s.stats.retries).toBe(3);
  });

  it("does not retry statuses that never succeed on retry (501, 505, 511)", async () => {
    for (const status of [501, 505, 511]) {
      server.reset();
      server.queueFaults({ status });
      const s = store();
      await expect(s.get("a.bin")).rejects.toMatchObject({ status });
      expect(server.log).toHaveLength(1);
      expect(s.stats.retries).toBe(0);
    }
    server.reset();
    server.queueFaults({ status: 504 }, { status: 408 }, { status: 522 });
    expectBig(await store().get("a.bin"));
    expect(server.log).toHaveLength(4);
  });

  it("gives up after `retries` with the last HttpError, in bounded time", async () => {
    server.fault = () => ({ status: 503 });
    const started = performance.now();
    const error = await store({ retries: 2 })
      .get("a.bin")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(503);
    expect(server.log).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("honours Retry-After in seconds and as a date", async () => {
    server.queueFaults({ status: 429, retryAfter: "1" });
    let started = performance.now();
    await store().get("a.bin");
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    const date = new Date(Date.now() + 1500).toUTCString(); // whole seconds: 0.5-1.5 s away
    server.queueFaults({ status: 503, retryAfter: date });
    started = performance.now();
    await store().get("a.bin");
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
    expect(server.log).toHaveLength(4);
  });

  it("retries connection resets and truncated bodies", async () => {
    server.queueFaults({ reset: true }, { truncate: 1000 }, { truncate: 10 });
    const s = store();
    expectBig(await s.get("a.bin"));
    expect(server.log).toHaveLength(4);
    server.reset();
    server.queueFaults({ truncate: 3 });
    expect(await s.getRange("a.bin", { offset: 0, length: 100 })).toEqual(big.subarray(0, 100));
    expect(server.log).toHaveLength(2);
  });

  it("fails with StoreError when every attempt is cut off", async () => {
    server.fault = () => ({ reset: true });
    await expect(store({ retries: 1 }).get("a.bin")).rejects.toBeInstanceOf(StoreError);
    server.fault = () => ({ truncate: 10 });
    await expect(store({ retries: 1 }).get("a.bin")).rejects.toBeInstanceOf(StoreError);
    expect(server.log).toHaveLength(4);
  });

  it("detects a body shorter than Content-Length from a custom fetch", async () => {
    const short: FetchStoreOptions["fetch"] = async () =>
      new Response(new Uint8Array(5), { status: 200, headers: { "Content-Length": "10" } });
    await expect(store({ fetch: short, retries: 1 }).get("a.bin")).rejects.toThrow(/truncated/);
    const shortRange: FetchStoreOptions["fetch"] = async () =>
      new Response(new Uint8Array(5), {
        status: 206,
        headers: { "Content-Range": "bytes 0-4/100" },
      });
    const s = store({ fetch: shortRange, retries: 2 });
    await expect(s.getRange("a.bin", { offset: 0, length: 10 })).rejects.toThrow(/truncated/);
    expect(s.stats.requests).toBe(3);
  });
});

describe("FetchStore aborts and concurrency", () => {
  it("rejects promptly when aborted during a slow response", async () => {
    server.fault = () => ({ delayMs: 3000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await expect(store().get("a.bin", { signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("rejects promptly when aborted during a backoff sleep", async () => {
    server.fault = () => ({ status: 500 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const s = store({ baseDelayMs: 10_000, maxDelayMs: 10_000 });
    await expect(s.get("a.bin", { signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(500);
    expect(server.log).toHaveLength(1);
  });

  it("rejects promptly even with a fetch that ignores the signal", async () => {
    const never: FetchStoreOptions["fetch"] = () => new Promise(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    await expect(
      store({ fetch: never }).get("a.bin", { signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortError);
    await expect(store().get("a.bin", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
  });

  it("keeps at most `concurrency` requests in flight", async () => {
    server.fault = () => ({ delayMs: 30 });
    const s = store({ concurrency: 2 });
    const reads = Array.from({ length: 6 }, (_, i) =>
      s.getRange("a.bin", { offset: i, length: 1 }),
    );
    expect((await Promise.all(reads)).map((b) => b?.[0])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(server.maxInFlight).toBe(2);
    expect(server.log).toHaveLength(6);
  });

  it("an aborted waiter leaves the queue", async () => {
    server.fault = () => ({ delayMs: 50 });
    const s = store({ concurrency: 1 });
    const first = s.get("a.bin");
    const controller = new AbortController();
    const second = s.get("a.bin", { signal: controller.signal });
    controller.abort();
    await expect(second).rejects.toBeInstanceOf(AbortError);
    await first;
    expect(server.log).toHaveLength(1);
  });
});
