/**
 * Reads over real HTTP from nginx: every fixture array read through FetchStore must equal
 * the same array read from disk, and the access log proves what a read costs in requests
 * (consolidated open = 1, a sharded inner chunk = index + chunk, then chunk alone).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChunkData, open, type Store, slice, ZarrError, type ZarrGroup } from "@zarrkit/core";
import { FetchStore, FileSystemStore, ZipStore } from "@zarrkit/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARED_FIXTURES } from "../support/shared-fixtures.js";
import { type ArrayCase, fixtureArrays } from "./fixture-arrays.js";
import {
  type NginxLogEntry,
  type NginxServer,
  nginxUnavailableReason,
  startNginx,
} from "./nginx.js";
import {
  PLAIN,
  plainExpected,
  SHARDED,
  type ShardedHierarchy,
  shardedExpected,
  shardedValue,
  writeShardedHierarchy,
} from "./sharded-hierarchy.js";
import { testRegistry } from "./test-registry.js";

const FIXTURES = `${SHARED_FIXTURES}`;
const skipReason = nginxUnavailableReason();
if (skipReason) console.warn(`skipping nginx HTTP tests: ${skipReason}`);

const registry = testRegistry();

type ReadOutcome =
  | { ok: true; dtype: string; shape: number[]; data: ChunkData }
  | { ok: false; error: unknown };

async function readArray(store: Store, c: ArrayCase): Promise<ReadOutcome> {
  try {
    const arr = await open(store, {
      kind: "array",
      path: c.path,
      registry,
      ...(c.zarrFormat && { zarrFormat: c.zarrFormat }),
    });
    const { data, shape } = await arr.get();
    return { ok: true, dtype: arr.dtype, shape, data };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Null when equal (bit for bit for typed arrays, so NaNs compare), else what differs. */
function diffData(a: ChunkData, b: ChunkData): string | null {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return "one is an Array, the other is not";
    if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      const same =
        typeof x === "string" || typeof y === "string"
          ? x === y
          : Buffer.from(x).equals(Buffer.from(y));
      if (!same) return `element ${i} differs`;
    }
    return null;
  }
  if (a.constructor !== b.constructor) return `${a.constructor.name} vs ${b.constructor.name}`;
  const x = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const y = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return x.equals(y) ? null : "bytes differ";
}

function codeOf(error: unknown): string {
  return error instanceof ZarrError ? error.code : `not a ZarrError: ${String(error)}`;
}

function counts(log: readonly NginxLogEntry[]): string {
  return log.map((e) => `${e.method} ${e.uri} ${e.range ?? "-"} ${e.status}`).join("\n");
}

describe.skipIf(skipReason !== undefined)("nginx: real HTTP reads", () => {
  let server: NginxServer;
  let genDir: string;
  let hierarchy: ShardedHierarchy;

  beforeAll(async () => {
    genDir = await mkdtemp(join(tmpdir(), "zarrkit-http-gen-"));
    hierarchy = await writeShardedHierarchy(join(genDir, "hier.zarr"));
    server = await startNginx({ mounts: { "/fixtures/": FIXTURES, "/gen/": genDir } });
  });

  afterAll(async () => {
    await server?.stop();
    if (genDir) await rm(genDir, { recursive: true, force: true });
  });

  describe("fixture arrays read the same over HTTP as from disk", () => {
    const cases = fixtureArrays(FIXTURES);
    const skipped: string[] = [];
    let compared = 0;

    afterAll(() => {
      console.info(
        `nginx fixture reads: ${compared} arrays identical over HTTP and disk; ` +
          `${skipped.length} skipped, codec not registered: ${skipped.join(", ") || "none"}`,
      );
    });

    it("finds the fixture arrays", () => {
      expect(cases.length).toBeGreaterThan(40);
    });

    for (const c of cases) {
      it(c.label, async () => {
        const disk = await readArray(new FileSystemStore(c.dir), c);
        const http = await readArray(new FetchStore(`${server.url}/fixtures/${c.urlPath}`), c);
        if (!disk.ok) {
          // the same failure either way; unknown codecs are counted as skipped
          expect(http.ok, `${c.label}: read over HTTP but not from disk`).toBe(false);
          if (!http.ok) expect(codeOf(http.error)).toBe(codeOf(disk.error));
          if (codeOf(disk.error) !== "unknown-codec") throw disk.error;
          skipped.push(`${c.label} (${(disk.error as Error).message})`);
          return;
        }
        if (!http.ok) throw http.error;
        expect(http.dtype).toBe(disk.dtype);
        expect(http.shape).toEqual(disk.shape);
        expect(diffData(http.data, disk.data), c.label).toBeNull();
        compared++;
      });
    }
  });

  it("answers CORS preflights and exposes Content-Range", async () => {
    const url = `${server.url}/fixtures/zarrs/v3/array_none.zarr/zarr.json`;
    const preflight = await fetch(url, {
      method: "OPTIONS",
      headers: { Origin: "http://example.test", "Access-Control-Request-Headers": "range" },
      signal: AbortSignal.timeout(5000),
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("range");
    const ranged = await fetch(url, {
      headers: { Range: "bytes=0-9" },
      signal: AbortSignal.timeout(5000),
    });
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(10);
    expect(ranged.headers.get("access-control-expose-headers")).toContain("Content-Range");
  });

  describe("request counts on a consolidated hierarchy with a sharded array", () => {
    const shardKey = `${SHARDED.path}/c/0/0`;
    const shardUri = `/gen/hier.zarr/${shardKey}`;
    let root: ZarrGroup;

    beforeAll(async () => {
      root = await open(new FetchStore(`${server.url}/gen/hier.zarr`), { kind: "group", registry });
    });

    function range(inner: [number, number], shard: [number, number] = [0, 0]) {
      const r = hierarchy.ranges.get(`${shard}/${inner}`);
      if (!r) throw new Error(`no inner chunk ${inner} in shard ${shard}`);
      return r;
    }

    function expectValues(
      data: ChunkData,
      rows: [number, number],
      cols: [number, number],
      label: string,
    ): void {
      const width = cols[1] - cols[0];
      let bad = 0;
      for (let r = rows[0]; r < rows[1]; r++) {
        for (let c = cols[0]; c < cols[1]; c++) {
          if (data[(r - rows[0]) * width + c - cols[0]] !== shardedValue(r, c)) bad++;
        }
      }
      expect(bad, `${label}: wrong values`).toBe(0);
    }

    it("opens the consolidated root with one request", async () => {
      const store = new FetchStore(`${server.url}/gen/hier.zarr`);
      await server.clearLog();
      const fresh = await open(store, { kind: "group", registry });
      const log = await server.accessLog();
      expect(log, counts(log)).toEqual([
        {
          method: "GET",
          uri: "/gen/hier.zarr/zarr.json",
          status: 200,
          range: undefined,
          bytes: expect.any(Number),
        },
      ]);
      expect(fresh.consolidated?.size).toBe(2);
      // children named in the consolidated metadata open with no request
      await server.clearLog();
      await fresh.open(SHARDED.path, { kind: "array" });
      await fresh.open(PLAIN.path, { kind: "array" });
      expect(await server.accessLog()).toEqual([]);
    });

    it("reads one inner chunk with two requests: index by suffix range, then the chunk", async () => {
      const arr = await root.open(SHARDED.path, { kind: "array" });
      await server.clearLog();
      const { data, shape } = await arr.get([slice(0, 64), slice(64, 128)]);
      const log = await server.accessLog();
      expect(shape).toEqual([64, 64]);
      expectValues(data, [0, 64], [64, 128], "inner chunk (0,1)");
      const chunk = range([0, 1]);
      expect(log, counts(log)).toEqual([
        {
          method: "GET",
          uri: shardUri,
          range: `bytes=-${SHARDED.indexBytes}`,
          status: 206,
          bytes: SHARDED.indexBytes,
        },
        {
          method: "GET",
          uri: shardUri,
          range: `bytes=${chunk.offset}-${chunk.offset + chunk.length - 1}`,
          status: 206,
          bytes: chunk.length,
        },
      ]);

      // the index is cached: another inner chunk of the same shard costs one request
      await server.clearLog();
      const second = await arr.get([slice(128, 192), slice(0, 64)]);
      const log2 = await server.accessLog();
      expectValues(second.data, [128, 192], [0, 64], "inner chunk (2,0)");
      const chunk2 = range([2, 0]);
      expect(log2, counts(log2)).toEqual([
        {
          method: "GET",
          uri: shardUri,
          range: `bytes=${chunk2.offset}-${chunk2.offset + chunk2.length - 1}`,
          status: 206,
          bytes: chunk2.length,
        },
      ]);

      // neighbouring inner chunks are stored next to each other: one coalesced request
      await server.clearLog();
      const pair = await arr.get([slice(0, 64), slice(128, 256)]);
      const log3 = await server.accessLog();
      expectValues(pair.data, [0, 64], [128, 256], "inner chunks (0,2),(0,3)");
      const a = range([0, 2]);
      const b = range([0, 3]);
      expect(
        log3.map((e) => [e.range, e.status]),
        counts(log3),
      ).toEqual([[`bytes=${a.offset}-${b.offset + b.length - 1}`, 206]]);
    });

    it("a missing shard costs one request (404) and reads as the fill value", async () => {
      const arr = await root.open(SHARDED.path, { kind: "array" });
      await server.clearLog();
      const { data } = await arr.get([slice(512, 576), slice(600, 700)]);
      const log = await server.accessLog();
      expect(
        log.map((e) => [e.uri, e.range, e.status]),
        counts(log),
      ).toEqual([["/gen/hier.zarr/sharded/c/1/1", `bytes=-${SHARDED.indexBytes}`, 404]]);
      expect((data as Uint16Array).every((v) => v === 0)).toBe(true);
    });

    it("an empty inner chunk costs only the index request", async () => {
      const arr = await root.open(SHARDED.path, { kind: "array" });
      await server.clearLog();
      const { data } = await arr.get([slice(192, 256), slice(512 + 192, 512 + 256)]);
      const log = await server.accessLog();
      expect(
        log.map((e) => [e.uri, e.range, e.status]),
        counts(log),
      ).toEqual([["/gen/hier.zarr/sharded/c/0/1", `bytes=-${SHARDED.indexBytes}`, 206]]);
      expect((data as Uint16Array).every((v) => v === 0)).toBe(true);
    });

    it("reads the whole sharded array as written, and as from disk", async () => {
      const arr = await root.open(SHARDED.path, { kind: "array" });
      const { data, shape } = await arr.get();
      expect(shape).toEqual([...SHARDED.shape]);
      expect(diffData(data, shardedExpected())).toBeNull();
      const disk = await open(new FileSystemStore(hierarchy.dir), {
        kind: "array",
        path: SHARDED.path,
        registry,
      });
      expect(diffData(data, (await disk.get()).data)).toBeNull();
    });

    it("reads the plain chunked array with one whole-object request per chunk", async () => {
      const arr = await root.open(PLAIN.path, { kind: "array" });
      await server.clearLog();
      const { data } = await arr.get();
      const log = await server.accessLog();
      expect(diffData(data, plainExpected())).toBeNull();
      expect(log).toHaveLength(16);
      expect(log.every((e) => e.status === 200 && e.range === undefined)).toBe(true);
      expect(new Set(log.map((e) => e.uri)).size).toBe(16);
    });
  });

  describe("ZipStore over HTTP", () => {
    const zipPath = join(FIXTURES, "zarrs/zarr_python_compat/zarr.zip");

    it.each([
      ["default tail", {}],
      ["small tail, more ranges", { tailBytes: 1024 }],
    ])("reads zarr.zip/foo with range requests only (%s)", async (_label, options) => {
      await server.clearLog();
      const store = ZipStore.fromUrl(
        `${server.url}/fixtures/zarrs/zarr_python_compat/zarr.zip`,
        options,
      );
      const arr = await open(store, { kind: "array", path: "foo", registry });
      const { data, shape } = await arr.get();
      const log = await server.accessLog();
      const local = await open(ZipStore.fromFile(zipPath), {
        kind: "array",
        path: "foo",
        registry,
      });
      expect(shape).toEqual([100, 100]);
      expect(diffData(data, (await local.get()).data)).toBeNull();
      expect((data as Uint8Array).every((v) => v === 42)).toBe(true);
      expect(log.length, counts(log)).toBeGreaterThan(0);
      for (const entry of log) {
        expect(entry.uri).toBe("/fixtures/zarrs/zarr_python_compat/zarr.zip");
        expect(entry.range, counts(log)).toMatch(/^bytes=(\d+-\d+|-\d+)$/);
        expect(entry.status, counts(log)).toBe(206);
      }
      if ("tailBytes" in options) expect(log.length).toBeGreaterThan(1);
    });
  });
});
