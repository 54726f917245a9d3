/**
 * OME-Zarr (NGFF) `multiscales` metadata: 0.4 on Zarr v2 (in the group's attributes)
 * and 0.5 on Zarr v3 (under `ome`). Each level (dataset) maps its array indices to
 * world coordinates by a scale and an optional translation; the multiscale's own
 * transformations, if any, apply after them. Hostile metadata gives a MetadataError
 * naming what is wrong.
 */
import { MetadataError } from "../errors.js";

export interface OmeAxis {
  readonly name: string;
  /** "space", "time", "channel", or a custom type (absent: unknown). */
  readonly type?: string;
  readonly unit?: string;
}

export interface OmeLevel {
  /** The level's array path, relative to the image group. */
  readonly path: string;
  /** World units per index step, per axis. */
  readonly scale: readonly number[];
  /** The world coordinate of index 0, per axis. */
  readonly translation: readonly number[];
}

export interface OmeMultiscale {
  /** "0.4", "0.5" (what the metadata says). */
  readonly version: string;
  readonly name?: string;
  readonly axes: readonly OmeAxis[];
  /** Finest first, as the metadata lists them. */
  readonly levels: readonly OmeLevel[];
}

const MAX_LEVELS = 64;
const MAX_AXES = 32;

/**
 * The multiscale image described by a group's attributes (`index`: which of several),
 * or undefined when the attributes describe none.
 */
export function parseOmeMultiscales(
  attributes: Readonly<Record<string, unknown>>,
  index = 0,
): OmeMultiscale | undefined {
  const ome = attributes.ome;
  const inOme = isObject(ome) && "multiscales" in ome;
  const list = inOme ? (ome as Record<string, unknown>).multiscales : attributes.multiscales;
  if (list === undefined) return undefined;
  if (!Array.isArray(list) || list.length === 0) {
    throw new MetadataError("OME multiscales must be a non-empty list");
  }
  const entry = list[index];
  if (!isObject(entry)) throw new MetadataError(`OME multiscales[${index}] is not an object`);
  const version = String(
    (inOme ? (ome as Record<string, unknown>).version : entry.version) ?? (inOme ? "0.5" : "0.4"),
  );
  const where = `OME multiscales[${index}]`;
  const axes = parseAxes(entry.axes, where);
  const datasets = entry.datasets;
  if (!Array.isArray(datasets) || datasets.length === 0 || datasets.length > MAX_LEVELS) {
    throw new MetadataError(`${where}.datasets must list 1 to ${MAX_LEVELS} levels`);
  }
  const outer = parseTransforms(entry.coordinateTransformations, axes.length, `${where}`, true);
  const levels = datasets.map((dataset, i): OmeLevel => {
    const at = `${where}.datasets[${i}]`;
    if (!isObject(dataset) || typeof dataset.path !== "string" || dataset.path === "") {
      throw new MetadataError(`${at} needs a path`);
    }
    const own = parseTransforms(dataset.coordinateTransformations, axes.length, at, false);
    return {
      path: dataset.path,
      scale: own.scale.map((s, d) => s * outer.scale[d]),
      translation: own.translation.map((t, d) => t * outer.scale[d] + outer.translation[d]),
    };
  });
  return { version, ...(typeof entry.name === "string" ? { name: entry.name } : {}), axes, levels };
}

function parseAxes(value: unknown, where: string): OmeAxis[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_AXES) {
    throw new MetadataError(`${where}.axes must list 1 to ${MAX_AXES} axes`);
  }
  return value.map((axis, d) => {
    // NGFF 0.3 wrote axes as bare names
    if (typeof axis === "string") return { name: axis };
    if (!isObject(axis) || typeof axis.name !== "string") {
      throw new MetadataError(`${where}.axes[${d}] needs a name`);
    }
    return {
      name: axis.name,
      ...(typeof axis.type === "string" ? { type: axis.type } : {}),
      ...(typeof axis.unit === "string" ? { unit: axis.unit } : {}),
    };
  });
}

/** A list of scale (required for a level) and translation transformations, composed. */
function parseTransforms(
  value: unknown,
  rank: number,
  where: string,
  optional: boolean,
): { scale: number[]; translation: number[] } {
  const scale = new Array<number>(rank).fill(1);
  const translation = new Array<number>(rank).fill(0);
  if (value === undefined && optional) return { scale, translation };
  if (!Array.isArray(value) || value.length > 8) {
    throw new MetadataError(`${where}.coordinateTransformations must be a list of transformations`);
  }
  let sawScale = false;
  for (const [i, t] of value.entries()) {
    const at = `${where}.coordinateTransformations[${i}]`;
    if (!isObject(t)) throw new MetadataError(`${at} is not an object`);
    if (t.type === "identity") continue;
    if (t.type !== "scale" && t.type !== "translation") {
      throw new MetadataError(
        `${at} has type ${JSON.stringify(t.type)}; expected scale or translation`,
      );
    }
    const v = t[t.type];
    if (
      !Array.isArray(v) ||
      v.length !== rank ||
      !v.every((x) => typeof x === "number" && Number.isFinite(x))
    ) {
      throw new MetadataError(`${at}.${t.type} must be ${rank} finite numbers (one per axis)`);
    }
    const numbers = v as number[];
    if (t.type === "scale") {
      if (numbers.some((x) => x <= 0)) throw new MetadataError(`${at}.scale must be positive`);
      for (let d = 0; d < rank; d++) {
        scale[d] *= numbers[d];
        translation[d] *= numbers[d];
      }
      sawScale = true;
    } else {
      for (let d = 0; d < rank; d++) translation[d] += numbers[d];
    }
  }
  if (!optional && !sawScale) throw new MetadataError(`${where} needs a scale transformation`);
  return { scale, translation };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
