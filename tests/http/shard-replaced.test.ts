/**
 * A shard replaced while it is being read (issue 13 item 6). The shard reader reads
 * the index, then inner chunks by range; if the shard changes in between, the offsets
 * of the old index point into the new file and decode to values of neither version.
 * Reads now carry the index's version (ETag or Last-Modified) as If-Match /
 * If-Unmodified-Since and compare the answer's validator: a change drops the cached
 * index and reads the shard again, once. Servers without validators read as before.
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { FetchStore } from "@zarrkit/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, MemoryStore, open, slice } from "zarrkit";

type Validators = "etag" | "weak-etag" | "last-modified" | "none";

interface Version {
  bytes: Uint8Array;
  etag: string;
  modified: string;
}

/** Serves `files` with single ranges and the chosen validators; honours preconditions. */
class VersionedServer {
  readonly files = new Map<string, Version>();
  readonly log: { path: string; range?: string; status: number; precondition?: string }[] = [];
  validators: Validators = "etag";
  /** Runs after each answer (to replace a file between requests). */
  afterServe: (path: string, range: string | undefined) => void = () => {};
  url = "";
  #server: Server | undefined;

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const range = req.headers.range;
      const ifMatch = req.headers["if-match"];
      const ifUnmodified = req.headers["if-unmodified-since"];
      const entry: (typeof this.log)[number] = { path, status: 200 };
      if (range) entry.range = range;
      if (ifMatch ?? ifUnmodified) entry.precondition = String(ifMatch ?? ifUnmodified);
      this.log.push(entry);
      const file = this.files.get(path);
      const answer = (status: number, headers: Record<string, string>, body?: Uint8Array) => {
        entry.status = status;
        res.writeHead(status, headers).end(body);
        this.afterServe(path, range);
      };
      if (!file) return answer(404, {});
      const headers: Record<string, string> = {};
      if (this.validators === "etag") headers.ETag = file.etag;
      if (this.validators === "weak-etag") headers.ETag = `W/${file.etag}`;
      if (this.validators === "last-modified") headers["Last-Modified"] = file.modified;
      const stale =
        (ifMatch !== undefined && ifMatch !== file.etag) ||
        (ifUnmodified !== undefined && Date.parse(file.modified) > Date.parse(ifUnmodified));
      if (stale) return answer(412, {});
      const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range) : null;
      if (!m) return answer(200, headers, file.bytes);
      const size = file.bytes.length;
      const start = m[1] === "" ? Math.max(0, size - Number(m[2])) : Number(m[1]);
      const end = m[1] === "" || m[2] === "" ? size - 1 : Math.min(size - 1, Number(m[2]));
      headers["Content-Range"] = `bytes ${start}-${end}/${size}`;
      answer(206, headers, file.bytes.subarray(start, end + 1));
    });
    const server = this.#server;
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.#server?.closeAllConnections();
    return new Promise((r) => this.#server?.close(() => r()));
  }
}

const server = new VersionedServer();
const SHARD = "/a/c/0/0";
/** Two versions of the same array: different values, so different inner chunk layouts. */
const versions: Map<string, Version>[] = [];

async function version(fill: (i: number) => number, second: number): Promise<Map<string, Version>> {
  const store = new MemoryStore();
  const arr = await create(store, {
    shape: [64, 64],
    chunks: [16, 16],
    shards: [32, 32],
    dtype: "uint16",
    workers: 0,
  });
  await arr.set(null, {
    data: Uint16Array.from({ length: 64 * 64 }, (_, i) => fill(i)),
    shape: [64, 64],
  });
  const files = new Map<string, Version>();
  for (const [key, bytes] of store.map) {
    const etag = `"${createHash("sha256").update(bytes).digest("hex").slice(0, 16)}"`;
    files.set(`/a/${key}`, {
      bytes,
      etag,
      modified: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toUTCString(),
    });
  }
  return files;
}

beforeAll(async () => {
  await server.start();
  versions.push(await version((i) => (i * 7919) % 65521, 0)); // busy values: large chunks
  versions.push(await version(() => 7, 30)); // constant: small chunks
  expect(versions[0]?.get(SHARD)?.bytes.length).not.toBe(versions[1]?.get(SHARD)?.bytes.length);
});
afterAll(() => server.stop());

function serve(v: number): void {
  for (const [path, file] of versions[v] as Map<string, Version>) server.files.set(path, file);
}

/** Reads the first inner chunk of shard (0, 0): index by suffix range, then one range. */
async function readCorner(arr: Awaited<ReturnType<typeof openArray>>): Promise<number[]> {
  const { data } = await arr.get([slice(0, 16), slice(0, 16)]);
  return [...new Set(data as Uint16Array)].slice(0, 3);
}

const openArray = () =>
  open(new FetchStore(`${server.url}/a`, { baseDelayMs: 1, maxDelayMs: 2 }), {
    kind: "array",
    workers: 0,
  });

describe("a shard replaced during reads", () => {
  for (const validators of ["etag", "weak-etag", "last-modified"] as const) {
    it(`between the index read and the range read (${validators}): reads the new version (old code: garbage or an error)`, async () => {
      server.validators = validators;
      serve(0);
      server.log.length = 0;
      server.afterServe = (path, range) => {
        if (path === SHARD && range?.startsWith("bytes=-")) {
          server.files.set(SHARD, versions[1]?.get(SHARD) as Version); // swap after the index
          server.afterServe = () => {};
        }
      };
      const arr = await openArray();
      expect(await readCorner(arr)).toEqual([7]);
      const shardRequests = server.log.filter((r) => r.path === SHARD);
      // index (v1), a chunk refused or found changed, index again (v2), chunk (v2)
      expect(shardRequests).toHaveLength(4);
      if (validators === "weak-etag") expect(shardRequests[1]?.precondition).toBeUndefined();
      else expect(shardRequests[1]).toMatchObject({ status: 412 });
    });
  }

  it("after the index was cached: drops the stale index (old code: kept it, read garbage)", async () => {
    server.validators = "etag";
    serve(0);
    const arr = await openArray();
    const first = await readCorner(arr);
    expect(first).not.toEqual([7]);
    serve(1); // every file replaced; the array's metadata is the same
    expect(await readCorner(arr)).toEqual([7]);
    expect(await readCorner(arr)).toEqual([7]); // the new index is cached now
  });

  it("a server without validators is read as before, with no precondition headers", async () => {
    server.validators = "none";
    serve(0);
    server.log.length = 0;
    const arr = await openArray();
    expect((await readCorner(arr)).length).toBeGreaterThan(1);
    expect(server.log.every((r) => r.precondition === undefined)).toBe(true);
  });
});
