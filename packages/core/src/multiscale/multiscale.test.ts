import { registerPureCodecs, registerWasmCodecs } from "@zarrkit/codecs";
import { beforeAll, describe, expect, it } from "vitest";
import { ChunkCache } from "../chunk-cache/chunk-cache.js";
import { defaultCodecRegistry } from "../codec-registry.js";
import { AbortError, MetadataError } from "../errors.js";
import type { ZarrGroup } from "../group.js";
import type { JsonObject } from "../json.js";
import { open } from "../open.js";
import { RequestScheduler } from "../schedule/request-scheduler.js";
import { CountingStore } from "../sharding/sharding.test-util.js";
import { create, createGroup } from "../write/create.js";
import { type LoadedLevel, MultiscaleImage } from "./multiscale-image.js";
import { parseOmeMultiscales } from "./ome-multiscales.js";
import { ProgressiveLoader } from "./progressive-loader.js";

beforeAll(() => {
  registerWasmCodecs(registerPureCodecs(defaultCodecRegistry));
});

const N = 64;
/** Level 0's value at (y, x); level k holds level 0 sampled every 2^k pixels. */
const value = (y: number, x: number) => y * N + x;

/** A 3-level image (64, 32, 16 pixels square; chunks 8x8, sharded 16x16 if asked). */
async function image(zarrFormat: 2 | 3, sharded = false): Promise<CountingStore> {
  const store = new CountingStore("ranges");
  const datasets = [0, 1, 2].map((k) => ({
    path: `s${k}`,
    coordinateTransformations: [
      { type: "scale", scale: [0.5 * 2 ** k, 0.5 * 2 ** k] },
      { type: "translation", translation: [10, 20] },
    ],
  }));
  const multiscale = {
    name: "cells",
    axes: [
      { name: "y", type: "space", unit: "micrometer" },
      { name: "x", type: "space", unit: "micrometer" },
    ],
    datasets,
  };
  const attributes = (zarrFormat === 3
    ? { ome: { version: "0.5", multiscales: [multiscale] } }
    : { multiscales: [{ version: "0.4", ...multiscale }] }) as unknown as JsonObject;
  await createGroup(store, { path: "img", attributes, zarrFormat });
  for (const k of [0, 1, 2]) {
    const n = N >> k;
    const a = await create(store, {
      path: `img/s${k}`,
      shape: [n, n],
      chunks: [8, 8],
      dtype: "float64",
      zarrFormat,
      ...(sharded ? { shards: [16, 16] } : {}),
    });
    const data = Float64Array.from({ length: n * n }, (_, i) =>
      value(Math.floor(i / n) << k, (i % n) << k),
    );
    await a.set(null, data);
  }
  store.reset();
  return store;
}

async function openImage(store: CountingStore, cache?: ChunkCache): Promise<MultiscaleImage> {
  const group = (await open(store, { kind: "group", path: "img", cache })) as ZarrGroup;
  return MultiscaleImage.open(group);
}

describe("OME multiscales metadata", () => {
  it("reads NGFF 0.4 (v2) and 0.5 (v3) levels with scale and translation", async () => {
    for (const format of [2, 3] as const) {
      const img = await openImage(await image(format));
      expect(img.version).toBe(format === 3 ? "0.5" : "0.4");
      expect(img.axes.map((a) => a.name)).toEqual(["y", "x"]);
      expect(img.levels.map((l) => l.shape)).toEqual([
        [64, 64],
        [32, 32],
        [16, 16],
      ]);
      expect(img.levels[2].scale).toEqual([2, 2]);
      expect(img.levels[2].translation).toEqual([10, 20]);
    }
  });

  it("composes the multiscale's own transformations after each level's", () => {
    const meta = parseOmeMultiscales({
      multiscales: [
        {
          axes: ["t", "y"],
          datasets: [{ path: "0", coordinateTransformations: [{ type: "scale", scale: [1, 2] }] }],
          coordinateTransformations: [
            { type: "scale", scale: [3, 5] },
            { type: "translation", translation: [1, 1] },
          ],
        },
      ],
    });
    expect(meta?.levels[0]).toEqual({ path: "0", scale: [3, 10], translation: [1, 1] });
  });

  it("names what is wrong in bad metadata", () => {
    const bad = (multiscale: unknown) => () =>
      parseOmeMultiscales({ ome: { version: "0.5", multiscales: [multiscale] } });
    const axes = [{ name: "y" }];
    expect(parseOmeMultiscales({ other: 1 })).toBeUndefined();
    expect(bad({ axes, datasets: [] })).toThrow(/datasets must list/);
    expect(bad({ axes, datasets: [{ path: "0" }] })).toThrow(/coordinateTransformations/);
    expect(
      bad({
        axes,
        datasets: [{ path: "0", coordinateTransformations: [{ type: "scale", scale: [0] }] }],
      }),
    ).toThrow(/positive/);
    expect(
      bad({
        axes,
        datasets: [{ path: "0", coordinateTransformations: [{ type: "scale", scale: [1, 2] }] }],
      }),
    ).toThrow(MetadataError);
    expect(bad({ axes: "yx", datasets: [{ path: "0" }] })).toThrow(/axes/);
  });
});

describe("MultiscaleImage", () => {
  it("picks the coarsest level no coarser than a screen pixel", async () => {
    const img = await openImage(await image(3));
    expect(img.levelFor(0.1)).toBe(0);
    expect(img.levelFor(0.5)).toBe(0);
    expect(img.levelFor(0.9)).toBe(1);
    expect(img.levelFor(1.2)).toBe(2);
    expect(img.levelFor(100)).toBe(2);
    expect(img.levelFor([0.25, 1])).toBe(1); // every space axis must be covered
    // world (12, 24)-(16, 28) at level 1 (scale 1, origin (10, 20)): rows 2..6, columns 4..8
    expect(
      img.indexRegion(1, [
        [12, 16],
        [24, 28],
      ]),
    ).toEqual({ start: [2, 4], stop: [6, 8] });
  });

  for (const sharded of [false, true]) {
    it(`loads a region coarse-to-fine, one callback per level (${sharded ? "sharded" : "plain"})`, async () => {
      const store = await image(3, sharded);
      const img = await openImage(store, new ChunkCache());
      const seen: LoadedLevel[] = [];
      // 8 x 8 world units from (14, 26): level 0 is 16 x 16 pixels of 0.5
      const region = [
        [14, 22],
        [26, 34],
      ] as const;
      const finest = await img.loadRegion(region, { pixelSize: 0.5, onLevel: (l) => seen.push(l) });
      expect(finest?.level).toBe(0);
      const levels = seen.map((l) => l.level);
      expect(levels[levels.length - 1]).toBe(0);
      expect([...levels].sort().reverse()).toEqual(levels); // never a coarser one after a finer
      for (const loaded of seen) {
        const k = loaded.level;
        const [h, w] = loaded.shape;
        for (let r = 0; r < h; r++) {
          for (let c = 0; c < w; c++) {
            const y = (loaded.start[0] + r) << k;
            const x = (loaded.start[1] + c) << k;
            expect((loaded.data as Float64Array)[r * w + c]).toBe(value(y, x));
          }
        }
      }
    });
  }

  it("a new load supersedes the old one without refetching what both need", async () => {
    const store = await image(3);
    const cache = new ChunkCache({ scheduler: new RequestScheduler({ concurrency: 1 }) });
    const img = await openImage(store, cache);
    const loader = new ProgressiveLoader(img);
    const first = loader.load(
      [
        [10, 26],
        [20, 36],
      ],
      { level: 0 },
    );
    const second = loader.load(
      [
        [18, 34],
        [20, 36],
      ],
      { level: 0 },
    ); // panned down
    await expect(first).rejects.toBeInstanceOf(AbortError);
    const loaded = await second;
    expect(loaded?.level).toBe(0);
    const keys = store.dataRequests().map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    // the first view's rows that the second does not show were never fetched at level 0
    expect(keys.filter((k) => k.startsWith("img/s0/c/0/"))).toEqual([]);
    expect(cache.scheduler.stats).toMatchObject({ queued: 0, running: 0, callers: 0 });
    // the same view again (pan back): everything comes from the cache
    store.reset();
    await loader.load(
      [
        [18, 34],
        [20, 36],
      ],
      { level: 0 },
    );
    expect(store.dataRequests()).toEqual([]);
  });
});
