/**
 * examples/stores/redis-store.ts, the small custom store of the README, against a real
 * Redis (Debian's redis-server, started here): the conformance suite zarrkit's own
 * stores pass, and an array written and read through it. Skipped where redis-server is
 * missing.
 */
import { existsSync } from "node:fs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { create, open } from "zarrkit";
import { RedisStore } from "../../examples/stores/redis-store.js";
import { describeStoreConformance } from "./conformance.js";
import { REDIS_SERVER, type RedisTestServer, startRedisServer } from "./redis-server.js";

const hasRedis = existsSync(REDIS_SERVER);
if (!hasRedis) console.log(`skipping the Redis store tests: ${REDIS_SERVER} is missing`);

describe.skipIf(!hasRedis)("RedisStore (examples/stores)", () => {
  let server: RedisTestServer;
  let redis: Redis;
  let n = 0;

  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    await redis?.quit();
    await server?.stop();
  });

  // each test gets a fresh namespace on the shared server; "*" tests SCAN's escaping
  describeStoreConformance("RedisStore (redis-server)", async () => ({
    store: new RedisStore(redis, `t${n++}*[x]`),
  }));

  it("a namespace sees only its own keys", async () => {
    const a = new RedisStore(redis, "ns");
    const b = new RedisStore(redis, "ns2");
    await a.set("k", new Uint8Array([1]));
    await b.set("k", new Uint8Array([2]));
    const keys: string[] = [];
    for await (const key of a.list()) keys.push(key);
    expect(keys).toEqual(["k"]);
  });

  it("holds a zarr array written and read by zarrkit", async () => {
    const store = new RedisStore(redis, "array");
    const array = await create(store, { shape: [30, 20], chunks: [7, 6], dtype: "int32" });
    const values = Int32Array.from({ length: 600 }, (_, i) => i * 3 - 100);
    await array.set(null, values);
    const again = await open(store, { kind: "array" });
    expect((await again.get()).data).toEqual(values);
  });
});
