/**
 * No server can hold a read (issue 13 item 9): a silent server and one that drips
 * bytes both trip the idle window, attempts that stall are retried within the budget,
 * and `timeoutMs` bounds a whole read. Timeouts here are short but their margins wide:
 * a stalled server sends nothing at all, a healthy one sends megabytes per window.
 */
import { StoreError } from "@zarrkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchStore, type FetchStoreOptions } from "./fetch-store.js";
import { HostileServer, stream } from "./hostile-server.test-helper.js";
import { HttpTimeoutError } from "./http-errors.js";

const server = new HostileServer();
const fast: FetchStoreOptions = { baseDelayMs: 1, maxDelayMs: 2, idleTimeoutMs: 150 };

beforeAll(() => server.start());
afterAll(() => server.stop());

const store = (options: FetchStoreOptions = {}) =>
  new FetchStore(`${server.url}/data`, { ...fast, ...options });

/** Answers with headers, then one byte every `everyMs`, forever. */
function drip(everyMs: number): void {
  server.reset((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    const tick = () => {
      if (res.destroyed) return;
      res.write("x");
      server.later(everyMs, tick);
    };
    tick();
  });
}

describe("timeouts", () => {
  it("gives up on a server that never answers, after its retries (old code: hung)", async () => {
    server.reset(() => {}); // accept, never answer
    const error = await store({ retries: 2 })
      .get("a")
      .catch((e) => e);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ kind: "idle", timeoutMs: 150, url: `${server.url}/data/a` });
    expect(server.requests).toHaveLength(3);
  }, 20_000);

  it("gives up on a server that drips a byte at a time (old code: hung)", async () => {
    drip(10);
    const error = await store({ retries: 0 })
      .get("a")
      .catch((e) => e);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(String(error)).toMatch(/minimum transfer rate/);
  }, 20_000);

  it("retries an attempt that stalled, and reads a slow but steady body", async () => {
    server.reset((_req, res) => {
      if (server.requests.length === 1) return; // the first attempt stalls
      res.writeHead(200);
      // 4 MiB in 64 KiB pieces, 5 ms apart: far above the minimum rate
      let sent = 0;
      const next = () => {
        if (res.destroyed) return;
        if (sent === 64) return void res.end();
        sent++;
        res.write(Buffer.alloc(64 * 1024, 7));
        server.later(5, next);
      };
      next();
    });
    // a wide window: the server shares this thread, which a busy machine may pause
    const bytes = await store({ idleTimeoutMs: 1000 }).get("a");
    expect(bytes?.length).toBe(4 * 1024 * 1024);
    expect(server.requests).toHaveLength(2);
  }, 20_000);

  it("ends a whole read at timeoutMs, waits for Retry-After included", async () => {
    server.reset((_req, res) => void res.writeHead(503, { "Retry-After": "3600" }).end());
    const error = await store({ timeoutMs: 300, retries: 50, maxRetryAfterMs: 60_000 })
      .get("a")
      .catch((e) => e);
    expect(error).toBeInstanceOf(HttpTimeoutError);
    expect(error).toMatchObject({ kind: "deadline", timeoutMs: 300 });
    expect(server.requests).toHaveLength(1);
  }, 20_000);

  it("refuses unbounded or invalid retry and timeout options", () => {
    for (const bad of [
      { retries: Number.POSITIVE_INFINITY },
      { retries: 1e6 },
      { retries: -1 },
      { idleTimeoutMs: Number.NaN },
      { timeoutMs: 0 },
      { maxBodyBytes: -5 },
      { maxRedirects: 1.5 },
    ]) {
      expect(() => store(bad), JSON.stringify(bad)).toThrow(StoreError);
    }
  });

  it("idleTimeoutMs: 0 turns the watchdog off", async () => {
    server.reset((_req, res) => {
      res.writeHead(200);
      server.later(300, () => stream(res, 10));
    });
    expect((await store({ idleTimeoutMs: 0, retries: 0 }).get("a"))?.length).toBe(10);
  });
});
