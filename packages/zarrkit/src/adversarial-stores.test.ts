/**
 * Hostile stores, read through zarrkit's `open` the three ways Node reads (pool with a
 * shared output, pool with an ordinary one, inline). Whatever a store does, a read
 * resolves to the right values or rejects with a typed ZarrError naming the key, it
 * never hangs, and the pool keeps serving later reads.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  BAD_KEY,
  COMPRESSED,
  chunkMap,
  expectValues,
  honestRanges,
  hostileStore,
  MODES,
  openArray,
  rejectionOf,
  TIMEOUT,
  values,
} from "./adversarial.test-util.js";
import {
  AbortError,
  type ByteRange,
  CorruptChunkError,
  HttpError,
  MetadataError,
  type Store,
  StoreError,
  slice,
  type WorkerStoreRef,
  ZarrError,
} from "./index.js";

let map: Map<string, Uint8Array>;
beforeAll(async () => {
  map = await chunkMap();
});

/** A good read through an honest store, in `mode`: the pool (or this thread) still works. */
async function expectHealthy(options: (typeof MODES)[number][1]): Promise<void> {
  const arr = await openArray(
    hostileStore(map, async (_key, bytes) => bytes?.slice()),
    options,
  );
  expectValues((await arr.get()).data);
}

/** Chunk bytes handed back in another shape than a Uint8Array of their own. */
const BYTES_IN_OTHER_FORMS: Record<string, (bytes: Uint8Array) => unknown> = {
  ArrayBuffer: (b) => b.slice().buffer,
  DataView: (b) => new DataView(b.slice().buffer),
  Int8Array: (b) => new Int8Array(b.slice().buffer),
  "Node Buffer": (b) => Buffer.from(b),
  // a view into a slab other values share, as Buffer.from gives for small values
  "view into a shared slab": (b) => {
    const slab = Buffer.allocUnsafeSlow(b.length + 64);
    slab.fill(7);
    slab.set(b, 32);
    return slab.subarray(32, 32 + b.length);
  },
  "Uint8Array over a SharedArrayBuffer": (b) => {
    const shared = new Uint8Array(new SharedArrayBuffer(b.length));
    shared.set(b);
    return shared;
  },
  // the store's own array, every time (a Map of chunks)
  "the store's own Uint8Array": (b) => b,
};

/** Values that are not bytes at all. */
const NOT_BYTES: Record<string, unknown> = {
  string: "not bytes",
  null: null,
  number: 42,
  object: { length: 3 },
  "array of numbers": [1, 2, 3],
};

describe.each(MODES)("get() resolving to odd values (%s)", (_mode, options) => {
  it.each(Object.entries(BYTES_IN_OTHER_FORMS))(
    "%s is read as the bytes it holds",
    async (_name, form) => {
      const before = map.get(BAD_KEY)!.slice();
      const arr = await openArray(
        hostileStore(map, async (_key, bytes) => bytes && form(bytes)),
        options,
      );
      expectValues((await arr.get()).data);
      expectValues((await arr.get()).data);
      // nothing of the store's own memory was moved away (detached) or changed
      expect(map.get(BAD_KEY)).toEqual(before);
    },
    TIMEOUT,
  );

  it.each(Object.entries(NOT_BYTES))(
    "%s rejects with a StoreError naming the key",
    async (_name, value) => {
      const arr = await openArray(
        hostileStore(map, async (key, bytes) => (key === BAD_KEY ? value : bytes?.slice())),
        options,
      );
      const error = await rejectionOf(arr.get());
      expect(error).toBeInstanceOf(StoreError);
      expect(error.message).toContain(BAD_KEY);
      await expectHealthy(options);
    },
    TIMEOUT,
  );
});

describe.each(MODES)("get() resolving to a detached buffer (%s)", (_mode, options) => {
  /** A copy of `bytes` whose buffer was then transferred away (as postMessage does). */
  const detached = (bytes: Uint8Array) => {
    const copy = bytes.slice();
    structuredClone(copy.buffer, { transfer: [copy.buffer] });
    return copy;
  };

  for (const freshReads of [false, true]) {
    it(
      `a StoreError naming the key, not a TypeError (freshReads ${freshReads})`,
      async () => {
        const store: Store = {
          freshReads,
          get: async (key) => {
            const bytes = map.get(key);
            return key === BAD_KEY && bytes ? detached(bytes) : bytes?.slice();
          },
        };
        const error = await rejectionOf((await openArray(store, options)).get());
        expect(error).toBeInstanceOf(StoreError);
        expect(error.message).toContain(BAD_KEY);
        expect(error.message).toMatch(/detached/);
        await expectHealthy(options);
      },
      TIMEOUT,
    );
  }
});

describe.each(MODES)("get() failing (%s)", (_mode, options) => {
  const failures: Record<string, () => never> = {
    "throws synchronously": () => {
      throw new Error("boom");
    },
    "rejects with a string": () => {
      throw "boom";
    },
    "rejects with undefined": () => {
      throw undefined;
    },
    "rejects with a plain object": () => {
      throw { reason: "boom" };
    },
  };

  it.each(Object.entries(failures))(
    "%s: a StoreError naming the key, with the original as cause",
    async (_name, fail) => {
      let thrown: unknown;
      const store: Store = {
        get: (key) => {
          if (key.endsWith("zarr.json")) return Promise.resolve(map.get(key)?.slice());
          if (key !== BAD_KEY) return Promise.resolve(map.get(key)?.slice());
          try {
            return fail(); // synchronously, out of a non-async get()
          } catch (error) {
            thrown = error;
            throw error;
          }
        },
      };
      const arr = await openArray(store, options);
      const error = await rejectionOf(arr.get());
      expect(error).toBeInstanceOf(StoreError);
      expect(error.message).toContain(BAD_KEY);
      expect(error.cause).toBe(thrown);
      await expectHealthy(options);
    },
    TIMEOUT,
  );

  it(
    "a ZarrError of the store's own passes through unchanged",
    async () => {
      const own = new HttpError(503, `https://example.com/${BAD_KEY}`);
      const arr = await openArray(
        hostileStore(map, async (key, bytes) => {
          if (key === BAD_KEY) throw own;
          return bytes?.slice();
        }),
        options,
      );
      expect(await rejectionOf(arr.get())).toBe(own);
    },
    TIMEOUT,
  );
});

describe.each(MODES)("get() that never resolves (%s)", (_mode, options) => {
  for (const honours of [true, false]) {
    it(
      `abort ends the read promptly when the store ${honours ? "honours" : "ignores"} the signal`,
      async () => {
        const store = hostileStore(map, (key, bytes, signal) => {
          if (key !== BAD_KEY) return Promise.resolve(bytes?.slice());
          return new Promise((_resolve, reject) => {
            if (honours) signal?.addEventListener("abort", () => reject(signal.reason));
          });
        });
        const arr = await openArray(store, options);
        const controller = new AbortController();
        const reading = arr.get(undefined, { signal: controller.signal });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const abortedAt = performance.now();
        controller.abort();
        const error = await rejectionOf(reading);
        expect(error).toBeInstanceOf(AbortError);
        expect(performance.now() - abortedAt).toBeLessThan(1000);
        await expectHealthy(options);
      },
      TIMEOUT,
    );
  }
});

/** Ways a stored chunk gets damaged. */
const DAMAGE: Record<string, (bytes: Uint8Array) => Uint8Array> = {
  "truncated to half": (b) => b.slice(0, b.length >> 1),
  "truncated to 3 bytes": (b) => b.slice(0, 3),
  empty: () => new Uint8Array(0),
  garbage: (b) => Uint8Array.from(b, (_, i) => (i * 7919 + 13) & 255),
};

describe.each(Object.entries(COMPRESSED))("a corrupt %s chunk", (_name, setup) => {
  let damaged: Map<string, Uint8Array>;
  let badKey: string;
  beforeAll(async () => {
    damaged = await chunkMap(setup);
    badKey = setup.zarrFormat === 2 ? BAD_KEY.slice(2).replace("/", ".") : BAD_KEY;
  });

  describe.each(MODES)("(%s)", (_mode, options) => {
    it.each(Object.entries(DAMAGE))(
      "%s: CorruptChunkError or CodecError naming that chunk, then good reads go on",
      async (_how, damage) => {
        const arr = await openArray(
          hostileStore(damaged, async (key, bytes) =>
            key === badKey ? damage(bytes!) : bytes?.slice(),
          ),
          options,
        );
        const error = await rejectionOf(arr.get());
        expect(error).toBeInstanceOf(ZarrError);
        expect(["corrupt-chunk", "codec"]).toContain((error as ZarrError).code);
        expect(error.message).toContain(`chunk ${badKey}`);
        // pipelines are shared by every chunk: the message must not name another one
        expect(error.message).not.toMatch(/chunk (c\/0\/0|0\.0)\b/);
        const good = await openArray(
          hostileStore(damaged, async (_key, bytes) => bytes?.slice()),
          options,
        );
        expectValues((await good.get()).data);
      },
      TIMEOUT,
    );
  });
});

describe("sharded arrays whose store ranges misbehave", () => {
  let shards: Map<string, Uint8Array>;
  beforeAll(async () => {
    shards = await chunkMap({
      compressor: { id: "zstd", level: 1 },
      chunks: [32, 32],
      shards: [128, 128],
    });
  });
  // two of the 16 inner chunks of shard c/0/0: read with one getRanges call
  const selection = [slice(0, 32), slice(0, 64)];
  const expectCorner = (data: unknown) => {
    const got = data as Float32Array;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 64; x++) expect(got[y * 64 + x]).toBe(values[y * 256 + x]);
    }
  };

  type Ranges = (value: Uint8Array, ranges: readonly ByteRange[]) => unknown;
  type Range = (value: Uint8Array, range: ByteRange) => unknown;
  const store = (ranges: Ranges, range: Range = (v, r) => honestRanges(v, [r])[0]): Store => ({
    get: async (key) => shards.get(key)?.slice(),
    getRange: async (key, r) => {
      const value = shards.get(key);
      if (value === undefined) return undefined;
      return (key.endsWith("zarr.json") ? honestRanges(value, [r])[0] : range(value, r)) as never;
    },
    getRanges: async (key, rs) => {
      const value = shards.get(key);
      return (value && ranges(value, rs)) as never;
    },
  });

  const STORE_FAULTS: Record<string, Store> = {
    "getRanges returns fewer parts than ranges": store((v, rs) => honestRanges(v, rs).slice(1)),
    "getRanges returns more parts than ranges": store((v, rs) => [
      ...honestRanges(v, rs),
      new Uint8Array(8),
    ]),
    "getRanges returns a Uint8Array, not a list": store((v) => v.slice(0, 10)),
    "getRanges returns null parts": store((_v, rs) => rs.map(() => null)),
    "getRange returns more bytes than the index": store(honestRanges, (v, r) => {
      const part = honestRanges(v, [r])[0];
      const longer = new Uint8Array(part.length + 8);
      longer.set(part);
      return longer;
    }),
    "getRange rejects with a string": store(honestRanges, () => Promise.reject("no range")),
  };

  const CORRUPT: Record<string, Store> = {
    "parts of the wrong length": store((v, rs) =>
      honestRanges(v, rs).map((p) => p.subarray(0, p.length - 3)),
    ),
    "parts out of order": store((v, rs) => honestRanges(v, rs).reverse()),
    "an index read shorter than the index": store(honestRanges, (v, r) =>
      honestRanges(v, [r])[0].slice(4),
    ),
  };

  describe.each(MODES)("(%s)", (_mode, options) => {
    it(
      "honest ranges, and parts as ArrayBuffers, read right",
      async () => {
        for (const s of [
          store(honestRanges),
          store((v, rs) => honestRanges(v, rs).map((p) => p.buffer)),
        ]) {
          const arr = await openArray(s, options);
          expectCorner((await arr.get(selection)).data);
        }
      },
      TIMEOUT,
    );

    it.each(Object.entries(STORE_FAULTS))(
      "%s: a StoreError naming the shard",
      async (_name, s) => {
        const arr = await openArray(s, options);
        const error = await rejectionOf(arr.get(selection));
        expect(error).toBeInstanceOf(StoreError);
        expect(error.message).toContain("c/0/0");
        expectCorner((await (await openArray(store(honestRanges), options)).get(selection)).data);
      },
      TIMEOUT,
    );

    it.each(Object.entries(CORRUPT))(
      "%s: a CorruptChunkError naming the shard",
      async (_name, s) => {
        const arr = await openArray(s, options);
        const error = await rejectionOf(arr.get(selection));
        expect(error).toBeInstanceOf(CorruptChunkError);
        expect(error.message).toContain("c/0/0");
      },
      TIMEOUT,
    );
  });
});

describe.each(MODES)("reductions and blocks() over hostile stores (%s)", (_mode, options) => {
  let sum = 0;
  for (const v of values) sum += v;

  it(
    "bytes in another form reduce right; a corrupt chunk, a non-byte value and an abort reject typed",
    async () => {
      const buffers = await openArray(
        hostileStore(map, async (_key, bytes) => bytes?.slice().buffer),
        options,
      );
      expect((await buffers.stats()).sum).toBeCloseTo(sum, -2);
      const corrupt = await openArray(
        hostileStore(map, async (key, bytes) =>
          key === BAD_KEY ? bytes?.slice(0, 10) : bytes?.slice(),
        ),
        options,
      );
      for (const read of [
        () => corrupt.stats(),
        () => corrupt.histogram(10),
        async () => {
          for await (const _block of corrupt.blocks()) {
            // reading every block
          }
        },
      ]) {
        const error = await rejectionOf(read());
        expect(error).toBeInstanceOf(CorruptChunkError);
        expect(error.message).toContain(`chunk ${BAD_KEY}`);
      }
      const text = await openArray(
        hostileStore(map, async (key, bytes) => (key === BAD_KEY ? "text" : bytes?.slice())),
        options,
      );
      expect(await rejectionOf(text.stats())).toBeInstanceOf(StoreError);
      const hanging = await openArray(
        hostileStore(map, (key, bytes) =>
          key === BAD_KEY ? new Promise(() => {}) : Promise.resolve(bytes?.slice()),
        ),
        options,
      );
      for (const read of [
        (signal: AbortSignal) => hanging.stats(undefined, { signal }),
        async (signal: AbortSignal) => {
          for await (const _block of hanging.blocks(undefined, { signal })) {
            // reading every block
          }
        },
      ]) {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 30);
        expect(await rejectionOf(read(controller.signal))).toBeInstanceOf(AbortError);
      }
    },
    TIMEOUT,
  );
});

describe("metadata documents from hostile stores", () => {
  const withMetadata = (doc: (bytes: Uint8Array) => unknown): Store => ({
    get: async (key) =>
      (key === "zarr.json" ? doc(map.get(key)!) : map.get(key)?.slice()) as Uint8Array,
  });

  it(
    "as an ArrayBuffer it opens; as a string or null a StoreError; as garbage a MetadataError",
    async () => {
      const arr = await openArray(
        withMetadata((b) => b.slice().buffer),
        {},
      );
      expectValues((await arr.get()).data);
      for (const doc of ["{}", null]) {
        const error = await rejectionOf(
          openArray(
            withMetadata(() => doc),
            {},
          ),
        );
        expect(error).toBeInstanceOf(StoreError);
        expect(error.message).toContain("zarr.json");
      }
      const garbage = await rejectionOf(
        openArray(
          withMetadata((b) => b.slice(0, 20)),
          {},
        ),
      );
      expect(garbage).toBeInstanceOf(MetadataError);
    },
    TIMEOUT,
  );
});

describe.each(MODES)("a store whose workerRef() workers cannot use (%s)", (_mode, options) => {
  const REFS: Record<string, unknown> = {
    "holding a function (cannot be posted)": { kind: "filesystem", root: "/", fn: () => 1 },
    "of a kind workers do not know": { kind: "s3" },
  };

  it.each(Object.entries(REFS))(
    "%s: the read rejects with a ZarrError, never hangs",
    async (_name, ref) => {
      const store: Store = {
        workerRef: () => ref as WorkerStoreRef,
        get: async (key) => map.get(key)?.slice(),
      };
      const reading = (await openArray(store, options)).get();
      // only the shared-output pool reads asks workers to open the store
      if (options.workers === 0 || options.shared === false) {
        expectValues((await reading).data);
        return;
      }
      expect(await rejectionOf(reading)).toBeInstanceOf(ZarrError);
      await expectHealthy(options);
    },
    TIMEOUT,
  );
});
