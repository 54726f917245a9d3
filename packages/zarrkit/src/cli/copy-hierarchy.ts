/**
 * Copies a Zarr hierarchy (a group with everything below it, or one array) to another
 * store: groups with their attributes, arrays region by region (copy-regions.ts) with
 * at most `concurrency` regions in flight, so memory is bounded by the region size,
 * never the array's. Planned first (every array's destination metadata and regions),
 * so a bad choice fails before anything is written and progress knows the total.
 */
import { setMaxListeners } from "node:events";
import {
  type CreateArrayOptions,
  runBounded,
  type Store,
  slice,
  writeConsolidatedMetadata,
  type ZarrArray,
  type ZarrNode,
} from "@zarrkit/core";
import { create, createGroup } from "../create.js";
import { type ConversionChoices, destinationOptions, sourceLayout } from "./array-conversion.js";
import { regionCount, regionShape, regions } from "./copy-regions.js";

/** Bytes per element assumed for variable-length types (strings, bytes). */
const VARIABLE_ITEM_BYTES = 16;

export interface ArrayCopyPlan {
  src: ZarrArray;
  /** Path in the destination store. */
  path: string;
  options: CreateArrayOptions;
  region: number[];
  regionCount: number;
  /** Bytes of one whole region in memory. */
  regionBytes: number;
  /** Bytes of the whole array in memory. */
  bytes: number;
}

export interface HierarchyCopyPlan {
  groups: { src: ZarrNode & { kind: "group" }; path: string }[];
  arrays: ArrayCopyPlan[];
  /** Write consolidated metadata at the destination root (the source root had it). */
  consolidate: boolean;
  zarrFormat: 2 | 3 | undefined;
  totalRegions: number;
  totalBytes: number;
  maxRegionBytes: number;
}

export async function planHierarchyCopy(
  root: ZarrNode,
  choices: ConversionChoices,
): Promise<HierarchyCopyPlan> {
  const plan: HierarchyCopyPlan = {
    groups: [],
    arrays: [],
    consolidate: root.kind === "group" && root.consolidated !== undefined,
    zarrFormat: choices.zarrFormat,
    totalRegions: 0,
    totalBytes: 0,
    maxRegionBytes: 0,
  };
  const visit = async (node: ZarrNode, path: string): Promise<void> => {
    if (node.kind === "group") {
      plan.groups.push({ src: node, path });
      for (const child of await node.children()) {
        await visit(
          await node.open(child.name),
          path === "" ? child.name : `${path}/${child.name}`,
        );
      }
      return;
    }
    const options = destinationOptions(node, choices);
    const writeUnit = options.shards ?? options.chunks ?? node.chunks;
    const region = regionShape(node.shape, writeUnit, sourceLayout(node).chunks);
    const item = node.dataType.itemSize > 0 ? node.dataType.itemSize : VARIABLE_ITEM_BYTES;
    const count = regionCount(node.shape, region);
    const regionBytes = region.reduce((a, b) => a * b, item);
    const bytes = node.shape.reduce((a, b) => a * b, item);
    plan.arrays.push({ src: node, path, options, region, regionCount: count, regionBytes, bytes });
    plan.totalRegions += count;
    plan.totalBytes += bytes;
    plan.maxRegionBytes = Math.max(plan.maxRegionBytes, regionBytes);
  };
  await visit(root, "");
  return plan;
}

export interface CopyOptions {
  /** Regions copied at once (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
  /** Called after each region: 1 region, its bytes in memory. */
  onRegion?: (regions: number, bytes: number) => void;
}

export const DEFAULT_REGION_CONCURRENCY = 4;

/** Writes the planned hierarchy into `store` (which should be empty). */
export async function copyHierarchy(
  plan: HierarchyCopyPlan,
  store: Store,
  options: CopyOptions = {},
): Promise<void> {
  const { signal, onRegion } = options;
  const concurrency = options.concurrency ?? DEFAULT_REGION_CONCURRENCY;
  for (const { src, path } of plan.groups) {
    await createGroup(store, {
      path,
      zarrFormat: plan.zarrFormat ?? src.zarrFormat,
      attributes: src.attrs,
    });
  }
  for (const entry of plan.arrays) {
    const dst = await create(store, { ...entry.options, path: entry.path });
    const item = entry.regionBytes / entry.region.reduce((a, b) => a * b, 1);
    await runBounded(
      regions(entry.src.shape, entry.region),
      concurrency,
      async (box, isStopped, inner) => {
        // every read and write of the region listens on it: more than Node's default 10
        setMaxListeners(0, inner);
        const selection = box.map(([start, stop]) => slice(start, stop));
        const part = await entry.src.get(selection, { signal: inner });
        if (isStopped()) return;
        await dst.set(selection, part, { signal: inner });
        onRegion?.(
          1,
          box.reduce((a, [start, stop]) => a * (stop - start), item),
        );
      },
      signal,
    );
  }
  if (plan.consolidate) await writeConsolidatedMetadata(store, "");
}
