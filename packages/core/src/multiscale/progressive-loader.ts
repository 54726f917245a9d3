/**
 * One view's loads of a multiscale image: each load() supersedes the one before. The
 * new load is queued before the old one is aborted, so chunks both want stay in flight
 * (the scheduler hands them to the new load) and only the old view's others are dropped.
 */
import type {
  LoadedLevel,
  LoadRegionOptions,
  MultiscaleImage,
  WorldRegion,
} from "./multiscale-image.js";

export class ProgressiveLoader {
  readonly image: MultiscaleImage;
  #current: AbortController | undefined;

  constructor(image: MultiscaleImage) {
    this.image = image;
  }

  /** Loads `region` coarse-to-fine (MultiscaleImage.loadRegion), cancelling the previous load. */
  load(
    region: WorldRegion,
    options: Omit<LoadRegionOptions, "signal"> = {},
  ): Promise<LoadedLevel | undefined> {
    const controller = new AbortController();
    const previous = this.#current;
    this.#current = controller;
    const loading = this.image.loadRegion(region, { ...options, signal: controller.signal });
    previous?.abort();
    return loading;
  }

  /** Cancels the load in flight, if any. */
  cancel(): void {
    this.#current?.abort();
    this.#current = undefined;
  }
}
