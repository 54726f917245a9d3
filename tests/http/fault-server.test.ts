/**
 * Full reads (open + get) through FetchStore against a server that misbehaves: each
 * read either succeeds after retries with the right values, or fails with a ZarrError
 * that says what went wrong, within a bounded time. Nothing may hang.
 */
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AbortError,
  type ChunkData,
  HttpError,
  open,
  type Selection,
  StoreError,
  slice,
  ZarrError,
} from "@zarrkit/core";
import { FetchStore, type FetchStoreOptions } from "@zarrkit/storage";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHARED_FIXTURES } from "../support/shared-fixtures.js";
import {
  always,
  type Fault,
  type FaultPlan,
  type FaultRequest,
  type FaultServer,
  failFirst,
  startFaultServer,
} from "./fault-server.js";
import { SHARDED, shardedValue, writeShardedHierarchy } from "./sharded-hierarchy.js";
import { testRegistry } from "./test-registry.js";

const FIXTURES = `${SHARED_FIXTURES}`;
const registry = testRegistry();

/** Small delays so every retry path finishes well inside the time bounds below. */
const RETRY: FetchStoreOptions = {
  retries: 3,
  baseDelayMs: 5,
  maxDelayMs: 20,
  maxRetryAfterMs: 50,
};

/** Silence longer than any retry delay above: no client is still retrying (ms). */
const QUIET_MS = 150;

/** What a read of any target must stay under, failures included (ms). */
const BOUND_MS = 3000;

interface Target {
  name: string;
  /** Store root, as a URL path below the server root. */
  urlPath: string;
  path: string;
  selection?: Selection;
  /** Expected element at flat index i of the result. */
  expected: (i: number) => number;
  size: number;
  /** Whether the read uses Range requests. */
  ranged: boolean;
}

const TARGETS: Target[] = [
  {
    name: "chunked v3 array (zarrs v3_zarr_python/array_gzip)",
    urlPath: "fixtures/zarrs/v3_zarr_python/array_gzip.zarr",
    path: "",
    expected: (i) => i, // row*10 + col over [10, 10]
    size: 100,
    ranged: false,
  },
  {
    name: "sharded array, whole shards (zarrs sharded_array_write_read)",
    urlPath: "fixtures/zarrs/sharded_array_write_read.zarr",
    path: "group/array",
    expected: (i) => i, // row*8 + col over [8, 8]
    size: 64,
    ranged: false,
  },
  {
    name: "sharded array, index + inner chunks by range (generated)",
    urlPath: "gen/hier.zarr",
    path: SHARDED.path,
    selection: [slice(0, 128), slice(0, 128)],
    expected: (i) => shardedValue(Math.floor(i / 128), i % 128),
    size: 128 * 128,
    ranged: true,
  },
];

const METADATA = /(^|\/)(zarr\.json|\.zarray|\.zgroup|\.zattrs|\.zmetadata)$/;
const isData = (r: FaultRequest) => !METADATA.test(r.path);
const isRanged = (r: FaultRequest) => r.range !== undefined;

function wrongValues(data: ChunkData, target: Target): number {
  if (data.length !== target.size) return Math.abs(data.length - target.size) || 1;
  let bad = 0;
  for (let i = 0; i < target.size; i++) if (data[i] !== target.expected(i)) bad++;
  return bad;
}

describe("fault-injecting server: reads retry or fail clearly, never hang", () => {
  let server: FaultServer;
  let rootDir: string;
  /** Requests that arrived after a failed read had already rejected, per target. */
  const straggling: string[] = [];

  beforeAll(async () => {
    rootDir = await mkdtemp(join(tmpdir(), "zarrkit-fault-"));
    await symlink(FIXTURES, join(rootDir, "fixtures"));
    await writeShardedHierarchy(join(rootDir, "gen", "hier.zarr"));
    server = await startFaultServer(rootDir);
  });

  afterAll(async () => {
    if (straggling.length > 0) {
      console.info(
        `requests that arrived after a failed read had rejected (sibling chunk reads are not cancelled): ${straggling.join("; ")}`,
      );
    }
    await server?.close();
    if (rootDir) await rm(rootDir, { recursive: true, force: true });
  });

  /** Opens and reads a target under `plan`; the read is bounded by an abort signal. */
  async function read(target: Target, plan: FaultPlan, signal = AbortSignal.timeout(BOUND_MS)) {
    // requests a previous read left running must not count against this one
    expect(await server.settle(QUIET_MS, BOUND_MS)).toBe(true);
    server.reset(plan);
    const store = new FetchStore(`${server.url}/${target.urlPath}`, RETRY);
    const started = performance.now();
    const arr = await open(store, { kind: "array", path: target.path, registry, signal });
    const result = await arr.get(target.selection, { signal });
    return { result, store, elapsed: performance.now() - started };
  }

  async function readFailing(target: Target, plan: FaultPlan, signal?: AbortSignal) {
    const started = performance.now();
    const error = await read(target, plan, signal).then(
      () => undefined,
      (e: unknown) => e,
    );
    const elapsed = performance.now() - started;
    // after the read failed, sibling requests may still be retrying: they must end too
    const before = server.log.length;
    const settled = await server.settle(QUIET_MS, BOUND_MS);
    const stragglers = server.log.length - before;
    if (stragglers > 0) straggling.push(`${target.name}: ${stragglers}`);
    return { error, elapsed, settled, settledAfter: performance.now() - started };
  }

  const recovered: [string, FaultPlan, { retries: boolean; onlyRanged?: boolean }][] = [
    ["connection resets (twice per request)", failFirst(2, { kind: "reset" }), { retries: true }],
    ["500 (twice per request)", failFirst(2, { kind: "status", status: 500 }), { retries: true }],
    [
      "503 with Retry-After: 1 (capped to 50 ms)",
      failFirst(2, { kind: "status", status: 503, retryAfter: "1" }),
      { retries: true },
    ],
    [
      "429 with Retry-After: 0",
      failFirst(2, { kind: "status", status: 429, retryAfter: "0" }),
      { retries: true },
    ],
    ["truncated bodies (once per request)", failFirst(1, { kind: "truncate" }), { retries: true }],
    [
      "206 bodies shorter than their Content-Range (once)",
      failFirst(1, { kind: "short-range" }, isRanged),
      { retries: true, onlyRanged: true },
    ],
    ["slow responses (150 ms each)", always({ kind: "slow", delayMs: 150 }), { retries: false }],
    [
      "ignored Range headers (200, whole file)",
      always({ kind: "ignore-range" }),
      { retries: false },
    ],
  ];

  describe.each(TARGETS)("$name", (target) => {
    it.each(recovered)(
      "recovers from %s",
      async (_label, plan, how) => {
        const { result, store, elapsed } = await read(target, plan);
        expect(wrongValues(result.data, target)).toBe(0);
        expect(elapsed).toBeLessThan(BOUND_MS);
        const faults = server.log.filter((e) => e.fault !== "none");
        if (how.onlyRanged && !target.ranged) {
          expect(faults).toEqual([]);
          return;
        }
        expect(faults.length).toBeGreaterThan(0);
        if (how.retries) expect(store.stats.retries).toBeGreaterThan(0);
        if (plan === recovered[7][1] && target.ranged) {
          // the ranged reads were answered whole, and the client cut out what it asked for
          expect(server.log.some((e) => e.range !== undefined && e.status === 200)).toBe(true);
        }
      },
      10_000,
    );

    const failing: [string, Fault, (error: unknown) => void][] = [
      [
        "500 on every data request",
        { kind: "status", status: 500 },
        (e) => {
          expect(e).toBeInstanceOf(HttpError);
          expect((e as HttpError).status).toBe(500);
          expect((e as Error).message).toMatch(/HTTP 500 for http:\/\/127\.0\.0\.1:\d+\//);
        },
      ],
      [
        "503 with Retry-After: 120 on every data request",
        { kind: "status", status: 503, retryAfter: "120" },
        (e) => {
          expect(e).toBeInstanceOf(HttpError);
          expect((e as HttpError).status).toBe(503);
        },
      ],
      [
        "a reset on every data request",
        { kind: "reset" },
        (e) => {
          expect(e).toBeInstanceOf(StoreError);
          expect((e as Error).message).toMatch(/request failed for http:\/\/127\.0\.0\.1/);
        },
      ],
      [
        "a truncated body on every data request",
        { kind: "truncate" },
        (e) => {
          expect(e).toBeInstanceOf(ZarrError);
          expect((e as Error).message).toMatch(/truncated|request failed|terminated/i);
        },
      ],
    ];

    it.each(failing)(
      "fails with a clear ZarrError on %s, after its retries",
      async (_label, fault, check) => {
        const { error, elapsed, settled, settledAfter } = await readFailing(
          target,
          always(fault, isData),
        );
        expect(error).toBeInstanceOf(ZarrError);
        check(error);
        expect(elapsed).toBeLessThan(BOUND_MS);
        // every background retry has ended, within the same bound
        expect(settled).toBe(true);
        expect(settledAfter).toBeLessThan(2 * BOUND_MS);
        // the request that failed the read was tried 1 + retries times; none more
        // (others may stop early: the first failure cancels the rest of the read)
        const tries = new Map<string, number>();
        for (const e of server.log.filter(isData)) {
          const id = `${e.method} ${e.path} ${e.range}`;
          tries.set(id, (tries.get(id) ?? 0) + 1);
        }
        expect(Math.max(...tries.values())).toBe((RETRY.retries ?? 0) + 1);
      },
      10_000,
    );

    if (target.ranged) {
      it("fails with a clear ZarrError when every ranged body is short", async () => {
        const { error, elapsed } = await readFailing(target, always({ kind: "short-range" }));
        expect(error).toBeInstanceOf(StoreError);
        expect((error as Error).message).toMatch(/truncated response body/);
        expect(elapsed).toBeLessThan(BOUND_MS);
      }, 10_000);
    }

    it.each([
      ["a stalled server", { kind: "stall" } as Fault],
      ["a server slower than the deadline", { kind: "slow", delayMs: 5000 } as Fault],
    ])(
      "aborts on %s when the signal times out",
      async (_label, fault) => {
        const { error, elapsed } = await readFailing(
          target,
          always(fault, isData),
          AbortSignal.timeout(300),
        );
        expect(error).toBeInstanceOf(AbortError);
        expect((error as ZarrError).code).toBe("aborted");
        expect(elapsed).toBeLessThan(1500);
      },
      10_000,
    );
  });

  it("a missing array fails with a not-found ZarrError naming it", async () => {
    const target = { ...TARGETS[0], urlPath: "fixtures/zarrs/no-such.zarr" };
    const { error, elapsed } = await readFailing(target, () => undefined);
    expect(error).toBeInstanceOf(ZarrError);
    expect((error as ZarrError).code).toBe("not-found");
    expect(elapsed).toBeLessThan(BOUND_MS);
  });

  it("the server itself serves ranges as HTTP says", async () => {
    server.reset();
    const url = `${server.url}/gen/hier.zarr/zarr.json`;
    const get = (range?: string) =>
      fetch(url, {
        headers: range ? { Range: range } : {},
        signal: AbortSignal.timeout(2000),
      });
    const whole = await get();
    const size = (await whole.arrayBuffer()).byteLength;
    const part = await get("bytes=2-5");
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 2-5/${size}`);
    expect((await part.arrayBuffer()).byteLength).toBe(4);
    const suffix = await get("bytes=-3");
    expect(suffix.headers.get("content-range")).toBe(`bytes ${size - 3}-${size - 1}/${size}`);
    await suffix.arrayBuffer();
    const beyond = await get(`bytes=${size}-`);
    expect(beyond.status).toBe(416);
    await beyond.arrayBuffer();
  });
});
