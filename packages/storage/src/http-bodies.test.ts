/**
 * Response bodies are read as streams and bounded (issue 13 items 10 and 14): a read
 * takes what it asked for and cancels the rest, a whole read stops at maxBodyBytes, and
 * answers that lie about ranges or sizes are errors, not data. Where it matters, the
 * bound is checked on the bytes the server managed to write before the client closed.
 */
import { gzipSync } from "node:zlib";
import { HttpError, StoreError } from "@zarrkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FetchStore, type FetchStoreOptions } from "./fetch-store.js";
import { HostileServer, stream } from "./hostile-server.test-helper.js";
import { HttpClient } from "./http-client.js";
import { ResponseTooLargeError } from "./http-errors.js";

const server = new HostileServer();
const fast: FetchStoreOptions = { baseDelayMs: 1, maxDelayMs: 2 };
const MiB = 1024 * 1024;

beforeAll(() => server.start());
afterAll(() => server.stop());

const store = (options: FetchStoreOptions = {}) =>
  new FetchStore(`${server.url}/data`, { ...fast, ...options });

/** A fetch that answers every request with `make()`, for header-level lies. */
const answering = (make: () => Response): HttpClient =>
  new HttpClient({ ...fast, fetch: async () => make() });

/** Waits until the server has no socket left open (the client closed it). */
async function socketsClosed(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const before = server.bytesWritten;
    await new Promise((r) => setTimeout(r, 10));
    if (server.bytesWritten === before) return;
  }
}

describe("bounded bodies", () => {
  it("takes 16 bytes of a 256 MiB answer to a 16-byte range, and closes (old code: read it all)", async () => {
    server.reset((_req, res) => {
      res.writeHead(200, { "Content-Length": 256 * MiB });
      stream(res, 256 * MiB);
    });
    const bytes = await store().getRange("a", { offset: 100, length: 16 });
    expect(bytes).toEqual(new Uint8Array(16).fill(0x61));
    await socketsClosed();
    // what the socket buffers held when the client cancelled, far below the body
    expect(server.bytesWritten).toBeLessThan(16 * MiB);
  });

  it("keeps only the asked part of a 206 that runs on past its range", async () => {
    server.reset((_req, res) => {
      res.writeHead(206, { "Content-Range": "bytes 0-15/1000" }); // then never stops
      stream(res, Number.POSITIVE_INFINITY);
    });
    const bytes = await store().getRange("a", { offset: 0, length: 16 });
    expect(bytes?.length).toBe(16);
    await socketsClosed();
    expect(server.bytesWritten).toBeLessThan(16 * MiB);
  });

  it("stops a gzip bomb at maxBodyBytes, without retrying (old code: inflated all, 4 times)", async () => {
    // 16 gzip members of 16 MiB of zeros each: 256 MiB inflated from ~260 KB
    const member = gzipSync(Buffer.alloc(16 * MiB));
    const bomb = Buffer.concat(Array.from({ length: 16 }, () => member));
    server.reset((_req, res) => {
      res.writeHead(200, { "Content-Encoding": "gzip", "Content-Length": bomb.length });
      res.end(bomb);
    });
    const error = await store({ maxBodyBytes: 4 * MiB })
      .get("a")
      .catch((e) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ limit: 4 * MiB });
    expect(server.requests).toHaveLength(1);
  });

  it("refuses a whole value whose Content-Length passes maxBodyBytes before reading it", async () => {
    server.reset((_req, res) => {
      res.writeHead(200, { "Content-Length": 64 * MiB });
      stream(res, 64 * MiB);
    });
    await expect(store({ maxBodyBytes: MiB }).get("a")).rejects.toThrow(/Content-Length is/);
    expect(server.requests).toHaveLength(1);
    // and a range longer than the limit is not even asked for
    await expect(
      store({ maxBodyBytes: MiB }).getRange("a", { offset: 0, length: 2 * MiB }),
    ).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(server.requests).toHaveLength(1);
  });

  it("bounds a body without Content-Length that never ends", async () => {
    server.reset((_req, res) => {
      res.writeHead(200); // chunked, endless
      stream(res, Number.POSITIVE_INFINITY);
    });
    await expect(store({ maxBodyBytes: 2 * MiB }).get("a")).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
    await socketsClosed();
    expect(server.bytesWritten).toBeLessThan(32 * MiB);
  });

  it("keeps the suffix asked for when a server answers it with the whole value", async () => {
    server.reset((_req, res) => {
      res.writeHead(200, { "Content-Length": 3 * MiB + 5 });
      res.write(Buffer.alloc(3 * MiB, 0x61));
      res.end("hello");
    });
    const read = await store().readRange("a", { suffixLength: 5 });
    expect(new TextDecoder().decode(read?.bytes)).toBe("hello");
    expect(read?.size).toBe(3 * MiB + 5);
  });
});

describe("416 and Content-Range", () => {
  it("a 416 to a request without Range is an HttpError (old code: empty bytes)", async () => {
    const client = answering(() => new Response(null, { status: 416 }));
    await expect(client.read("http://h/a")).rejects.toBeInstanceOf(HttpError);
  });

  it("a 416 to a suffix of an empty value is the empty value; of a longer one, an error", async () => {
    const empty = answering(
      () => new Response(null, { status: 416, headers: { "Content-Range": "bytes */0" } }),
    );
    expect(await empty.read("http://h/a", { suffixLength: 8 })).toEqual({
      bytes: new Uint8Array(0),
      size: 0,
    });
    const full = answering(
      () => new Response(null, { status: 416, headers: { "Content-Range": "bytes */100" } }),
    );
    await expect(full.read("http://h/a", { suffixLength: 8 })).rejects.toBeInstanceOf(HttpError);
    await expect(full.read("http://h/a", { offset: 10, length: 8 })).rejects.toThrow(/100/);
    expect(await full.read("http://h/a", { offset: 100, length: 8 })).toMatchObject({ size: 100 });
  });

  it("refuses a Content-Range that is not the range asked for", async () => {
    for (const contentRange of [
      "bytes 0-15/10", // ends past the size
      "bytes 9-3/100", // backwards
      "bytes 0-15/99999999999999999999999", // not a safe integer
      "bytes 0-15", // malformed
      "bytes 5-20/100", // starts elsewhere
    ]) {
      const client = answering(
        () =>
          new Response(new Uint8Array(16), {
            status: 206,
            headers: { "Content-Range": contentRange },
          }),
      );
      const error = await client.read("http://h/a", { offset: 0, length: 16 }).catch((e) => e);
      expect(error, contentRange).toBeInstanceOf(StoreError);
      expect(String(error), contentRange).toMatch(/Content-Range/);
    }
  });

  it("reads a huge Content-Length on HEAD as no usable size, and on GET as too large", async () => {
    const huge = { "Content-Length": "99999999999999999999" };
    const client = answering(() => new Response(null, { headers: huge }));
    expect((await client.head("http://h/a"))?.size).toBe(Number.MAX_SAFE_INTEGER);
    await expect(client.read("http://h/a")).rejects.toBeInstanceOf(ResponseTooLargeError);
  });
});
