/**
 * Puts one chunk task's elements into the output of a read: copied from the decoded
 * chunk, or the fill value when the chunk is absent.
 */
import type { ChunkData } from "../data-type.js";
import {
  copyPoints,
  copyProjection,
  type FillElement,
  fillPoints,
  fillProjection,
} from "./copy.js";
import type { ChunkTask } from "./types.js";

/** The output of a read and how absent chunks are written into it. */
export interface ScatterTarget {
  readonly data: ChunkData;
  /** The plan's fullShape (array rank; 1 for integer-indexed axes). */
  readonly fullShape: readonly number[];
  readonly fill: FillElement;
  /** True when the output already holds the fill (a fresh buffer and a zero fill). */
  readonly skipFill: boolean;
  /** Typed-array slots per element (2 for complex). */
  readonly components: number;
}

/** Copies a task's part of `chunk` (shaped `chunkShape`) into the output, or fills it. */
export function scatterTask(
  task: ChunkTask,
  chunk: ChunkData | undefined,
  chunkShape: readonly number[],
  target: ScatterTarget,
): void {
  const { data, fullShape, components } = target;
  if (chunk === undefined) {
    if (target.skipFill) return;
    if (task.kind === "box") {
      fillProjection(data, fullShape, task.outSelection, target.fill, components);
    } else {
      fillPoints(data, task.outOffsets, target.fill, components);
    }
  } else if (task.kind === "box") {
    copyProjection(
      chunk,
      chunkShape,
      task.chunkSelection,
      data,
      fullShape,
      task.outSelection,
      components,
    );
  } else {
    copyPoints(chunk, task.chunkOffsets, data, task.outOffsets, components);
  }
}
