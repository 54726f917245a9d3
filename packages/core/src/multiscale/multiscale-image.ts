/**
 * An OME-Zarr image as a pyramid of levels, each an array with its scale and
 * translation: pick the level that suits a screen pixel, map a world region to each
 * level's indices, and load a region coarse-to-fine (loadRegion). Open the image group
 * with a chunk cache so levels share one budget and loads are ordered by priority.
 */
import type { ZarrArray } from "../array.js";
import type { ChunkData } from "../data-type.js";
import { AbortError, MetadataError } from "../errors.js";
import type { ZarrGroup } from "../group.js";
import { slice } from "../indexing/slice.js";
import { type OmeAxis, type OmeLevel, parseOmeMultiscales } from "./ome-multiscales.js";

export interface MultiscaleLevel extends OmeLevel {
  readonly array: ZarrArray;
  readonly shape: readonly number[];
}

/** A box in world coordinates: [min, max] per axis (min === max picks one index). */
export type WorldRegion = readonly (readonly [number, number])[];

/** A level's part of a region: index range [start, stop) per axis. */
export interface IndexRegion {
  readonly start: readonly number[];
  readonly stop: readonly number[];
}

export interface LoadedLevel extends IndexRegion {
  /** The level's index (0 = finest). */
  readonly level: number;
  /** C-order values of the box, shape stop - start. */
  readonly data: ChunkData;
  readonly shape: readonly number[];
  readonly scale: readonly number[];
  readonly translation: readonly number[];
}

export interface LoadRegionOptions {
  /** World units per screen pixel (one number: every space axis). Default: the finest level. */
  pixelSize?: number | readonly number[];
  /** Load this level last instead of levelFor(pixelSize). */
  level?: number;
  /** Start from this level (default: the coarsest). */
  coarsest?: number;
  /** Called as each level lands, finer than any before it (coarser ones still loading are dropped). */
  onLevel?: (loaded: LoadedLevel) => void;
  /** Chunks done and in all, over the levels (a superseded level counts as done). */
  onProgress?: (progress: { done: number; total: number }) => void;
  signal?: AbortSignal;
}

/** Priorities: every chunk of a coarser level before any of a finer one. */
const LEVEL_PRIORITY_STEP = 1e9;

export class MultiscaleImage {
  readonly version: string;
  readonly name: string | undefined;
  readonly axes: readonly OmeAxis[];
  /** Finest first. */
  readonly levels: readonly MultiscaleLevel[];

  private constructor(
    version: string,
    name: string | undefined,
    axes: readonly OmeAxis[],
    levels: MultiscaleLevel[],
  ) {
    this.version = version;
    this.name = name;
    this.axes = axes;
    this.levels = levels;
  }

  /** Any array as a one-level image: index coordinates are world coordinates. */
  static fromArray(array: ZarrArray): MultiscaleImage {
    const names = array.dimensionNames;
    const axes = array.shape.map((_, d) => ({ name: names?.[d] ?? `dim_${d}` }));
    const level: MultiscaleLevel = {
      path: array.path,
      array,
      shape: array.shape,
      scale: array.shape.map(() => 1),
      translation: array.shape.map(() => 0),
    };
    return new MultiscaleImage("none", array.path, axes, [level]);
  }

  /** Opens the levels of the multiscale image `index` (default 0) of an image group. */
  static async open(group: ZarrGroup, options: { index?: number } = {}): Promise<MultiscaleImage> {
    const where = group.path === "" ? "the root group" : `group '${group.path}'`;
    const meta = parseOmeMultiscales(group.attrs, options.index ?? 0);
    if (!meta) throw new MetadataError(`${where} holds no OME multiscales metadata`);
    const levels = await Promise.all(
      meta.levels.map(async (level) => {
        const array = await group.open(level.path, { kind: "array" });
        if (array.rank !== meta.axes.length) {
          throw new MetadataError(
            `level '${level.path}' of ${where} has ${array.rank} dimensions, the axes ${meta.axes.length}`,
          );
        }
        return { ...level, array, shape: array.shape };
      }),
    );
    return new MultiscaleImage(meta.version, meta.name, meta.axes, levels);
  }

  /** Axes that are space axes (all of them when the metadata gives no types). */
  get spaceAxes(): number[] {
    const typed = this.axes.some((a) => a.type !== undefined);
    return this.axes.flatMap((a, d) => (!typed || a.type === "space" ? [d] : []));
  }

  /**
   * The level to show at `pixelSize` world units per screen pixel: the finest whose
   * pixels are at least a screen pixel on every space axis (finer data than the screen
   * shows is bytes wasted), or the coarsest when zoomed out further than it.
   */
  levelFor(pixelSize: number | readonly number[]): number {
    const axes = this.spaceAxes;
    const size = (d: number) => (typeof pixelSize === "number" ? pixelSize : pixelSize[d]);
    const k = this.levels.findIndex((level) =>
      axes.every((d) => level.scale[d] >= size(d) * (1 - 1e-3)),
    );
    return k === -1 ? this.levels.length - 1 : k;
  }

  /** The index box of a world region at a level (empty where it misses the array). */
  indexRegion(level: number, region: WorldRegion): IndexRegion {
    const { scale, translation, shape } = this.levels[level];
    const start: number[] = [];
    const stop: number[] = [];
    region.forEach(([min, max], d) => {
      const a = Math.floor((min - translation[d]) / scale[d] + 1e-9);
      const b = Math.max(a + 1, Math.ceil((max - translation[d]) / scale[d] - 1e-9));
      start.push(Math.min(shape[d], Math.max(0, a)));
      stop.push(Math.min(shape[d], Math.max(0, b)));
    });
    return { start, stop };
  }

  /**
   * Loads a region coarse-to-fine: every level from `coarsest` down to the one for
   * `pixelSize` is requested at once, coarser levels at higher priority and each
   * level's chunks nearest the region's centre first; onLevel sees each as it lands.
   * Resolves to the finest level loaded (undefined when the region misses the image).
   */
  async loadRegion(
    region: WorldRegion,
    options: LoadRegionOptions = {},
  ): Promise<LoadedLevel | undefined> {
    if (region.length !== this.axes.length) {
      throw new MetadataError(`a region needs ${this.axes.length} axes, got ${region.length}`);
    }
    const target =
      options.level ?? (options.pixelSize === undefined ? 0 : this.levelFor(options.pixelSize));
    const coarsest = Math.max(
      target,
      Math.min(options.coarsest ?? this.levels.length - 1, this.levels.length - 1),
    );
    const outer = options.signal;
    if (outer?.aborted) throw new AbortError(undefined, { cause: outer.reason });
    const controllers = new Map<number, AbortController>();
    const counts = new Map<number, { done: number; total: number }>();
    const progress = (level: number, count: { done: number; total: number }) => {
      counts.set(level, count);
      let done = 0;
      let total = 0;
      for (const c of counts.values()) {
        done += c.done;
        total += c.total;
      }
      options.onProgress?.({ done, total });
    };
    let finest: LoadedLevel | undefined;
    const loads: Promise<void>[] = [];
    for (let level = coarsest; level >= target; level--) {
      const box = this.indexRegion(level, region);
      if (box.start.some((a, d) => a >= box.stop[d])) continue;
      const controller = new AbortController();
      controllers.set(level, controller);
      const onAbort = () => controller.abort(outer?.reason);
      outer?.addEventListener("abort", onAbort, { once: true });
      const { array, scale, translation } = this.levels[level];
      const priority = chunkDistance(
        array.readChunks,
        box,
        LEVEL_PRIORITY_STEP * (coarsest - level),
      );
      const selection = box.start.map((a, d) => slice(a, box.stop[d]));
      const load = array
        .get(selection, {
          signal: controller.signal,
          priority,
          onProgress: (p) => progress(level, p),
        })
        .then(({ data, shape }) => {
          if (finest !== undefined && finest.level <= level) return;
          finest = { level, data, shape, scale, translation, ...box };
          // coarser levels still loading are superseded
          for (const [other, c] of controllers) {
            if (other <= level || c.signal.aborted) continue;
            c.abort();
            const count = counts.get(other);
            if (count) progress(other, { done: count.total, total: count.total });
          }
          options.onLevel?.(finest);
        })
        .catch((error: unknown) => {
          const superseded = controller.signal.aborted && !outer?.aborted;
          if (!superseded) throw error;
        })
        .finally(() => outer?.removeEventListener("abort", onAbort));
      loads.push(load);
    }
    try {
      await Promise.all(loads);
    } catch (error) {
      for (const c of controllers.values()) c.abort();
      throw error;
    }
    return finest;
  }
}

/** A priority per chunk: `base` plus its centre's distance from the box's centre, in chunks. */
function chunkDistance(
  chunkShape: readonly number[],
  box: IndexRegion,
  base: number,
): (coords: readonly number[]) => number {
  const centre = box.start.map((a, d) => (a + box.stop[d]) / 2);
  return (coords) => {
    let sum = 0;
    for (let d = 0; d < coords.length; d++) {
      const delta = ((coords[d] + 0.5) * chunkShape[d] - centre[d]) / chunkShape[d];
      sum += delta * delta;
    }
    return base + Math.sqrt(sum);
  };
}
