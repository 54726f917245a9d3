import { AbortError } from "@zarrkit/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sleep } from "./abortable.js";
import { FetchRangeSource } from "./fetch-range-source.js";
import { TestHttpServer } from "./http-server.test-helper.js";

const server = new TestHttpServer();
const file = new Uint8Array(1000).map((_, i) => i % 251);

beforeAll(async () => {
  await server.start();
  server.files.set("/blob.bin", file);
});
afterAll(() => server.stop());
beforeEach(() => server.reset());

/** Waits (bounded) until the server has seen `count` requests. */
async function requestsSeen(count: number): Promise<void> {
  const started = performance.now();
  while (server.log.length < count && performance.now() - started < 1000) await sleep(2);
}

const source = () => new FetchRangeSource(`${server.url}blob.bin`, { tailBytes: 100 });

describe("FetchRangeSource", () => {
  it("reads the tail once, then ranges before it", async () => {
    const s = source();
    expect(await s.size()).toBe(1000);
    expect(await s.read(950, 10)).toEqual(file.subarray(950, 960));
    expect(await s.read(10, 20)).toEqual(file.subarray(10, 30));
    expect(server.log.map((r) => r.range)).toEqual(["bytes=-100", "bytes=10-29"]);
  });

  it("one caller's abort does not fail the others sharing the tail request", async () => {
    server.queueFaults({ delayMs: 100 });
    const s = source();
    const controller = new AbortController();
    const aborted = s.size({ signal: controller.signal });
    const other = s.read(990, 10);
    await requestsSeen(1);
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    expect(await other).toEqual(file.subarray(990));
    expect(server.log).toHaveLength(1);
  });

  it("cancels the tail request when every caller aborted, and tries again later", async () => {
    server.queueFaults({ delayMs: 3000 });
    const s = source();
    const controller = new AbortController();
    const first = s.size({ signal: controller.signal });
    const second = s.size({ signal: controller.signal });
    await requestsSeen(1);
    const started = performance.now();
    controller.abort();
    await expect(first).rejects.toBeInstanceOf(AbortError);
    await expect(second).rejects.toBeInstanceOf(AbortError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await s.size()).toBe(1000);
    expect(server.log).toHaveLength(2);
  });
});
