/**
 * The image view: shows a 2D slice of an image (the last two dimensions; sliders pick
 * the others) on a canvas with pan and zoom. Loading is zarrkit's: each view change
 * asks a ProgressiveLoader for the visible region, which loads it coarse-to-fine
 * (drawn as each level lands), fetches the chunks nearest the centre first, shares
 * chunks with the load it supersedes and cancels the rest; a chunk cache makes views
 * seen before free. Contrast limits come from percentiles computed in a worker.
 */
import {
  AbortError,
  type LoadedLevel,
  type MultiscaleImage,
  ProgressiveLoader,
  type WorldRegion,
} from "zarrkit";
import { renderPixels } from "./render.js";
import type { StatsClient } from "./stats-client.js";
import { fitView, type Region, screenRect, type View, zoomAt } from "./view-math.js";

/** What the view shows: a multiscale image (a plain array is a one-level one). */
export interface Layer {
  name: string;
  image: MultiscaleImage;
}

/** A load as queued, for tests: when, and each level's index box. */
export interface LoadRecord {
  /** Date.now() when the load was queued. */
  at: number;
  boxes: { level: number; start: number[]; stop: number[] }[];
}

export interface LoadStats {
  started: number;
  completed: number;
  aborted: number;
}

interface Rendered {
  region: Region;
  factor: number;
  bitmap: HTMLCanvasElement;
}

export interface ImageViewElements {
  canvas: HTMLCanvasElement;
  progress: HTMLProgressElement;
  status: HTMLElement;
  sliders: HTMLElement;
}

export class ImageView {
  layer: Layer | undefined;
  view: View = { cx: 0, cy: 0, zoom: 1, width: 1, height: 1 };
  /** Index along each dimension that is not y or x, in level-0 coordinates. */
  indices: number[] = [];
  colormap = "gray";
  contrast: [number, number] = [0, 1];
  /** The region last drawn, for tests and the status line. */
  shown: Region | undefined;
  loads: LoadStats = { started: 0, completed: 0, aborted: 0 };
  /** Every load queued, oldest first (tests compare it with the server's log). */
  readonly loadLog: LoadRecord[] = [];
  /** True while a load is in flight or scheduled. */
  busy = false;

  readonly #el: ImageViewElements;
  readonly #ctx: CanvasRenderingContext2D;
  readonly #stats: StatsClient;
  #factors: number[] = [];
  #rendered: Rendered | undefined;
  #loader: ProgressiveLoader | undefined;
  /** The load whose results may still be drawn. */
  #current = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Which (layer, slice) the contrast was computed for. */
  #contrastKey = "";

  constructor(elements: ImageViewElements, stats: StatsClient) {
    this.#el = elements;
    this.#ctx = elements.canvas.getContext("2d")!;
    this.#stats = stats;
    this.#listen();
  }

  /** Shows a new array or multiscale image, fitted to the canvas. */
  setLayer(layer: Layer): void {
    this.layer = layer;
    this.#loader?.cancel();
    this.#loader = new ProgressiveLoader(layer.image);
    const levels = layer.image.levels;
    const base = levels[0].shape;
    // factor of each level along x (OME pyramids downsample y and x alike)
    this.#factors = levels.map(
      (level) => level.scale[base.length - 1] / levels[0].scale[base.length - 1],
    );
    this.indices = base.slice(0, -2).map((n) => Math.floor(n / 2));
    this.#rendered = undefined;
    this.#contrastKey = "";
    this.#buildSliders();
    this.fit();
  }

  fit(): void {
    const shape = this.#baseShape();
    if (!shape) return;
    this.#resizeCanvas();
    this.setView(fitView(shape, this.view.width, this.view.height));
  }

  setView(view: View): void {
    this.view = view;
    this.draw();
    this.#schedule();
  }

  setIndex(dim: number, value: number): void {
    this.indices[dim] = value;
    this.#rendered = undefined; // another slice: the old pixels are not this one's
    this.#buildSliders();
    this.draw();
    this.#schedule();
  }

  setColormap(name: string): void {
    this.colormap = name;
    this.#contrastKey = ""; // re-render from fresh data with the new map
    this.#schedule();
  }

  zoomBy(factor: number): void {
    this.setView(zoomAt(this.view, factor, this.view.width / 2, this.view.height / 2));
  }

  /** The pyramid level the current zoom reads (MultiscaleImage.levelFor). */
  get level(): number {
    const image = this.layer?.image;
    if (!image) return 0;
    const nd = image.axes.length;
    // world units per screen pixel along y and x; the other axes never limit the level
    const pixel = image.levels[0].scale.map((s, d) => (d >= nd - 2 ? s / this.view.zoom : 0));
    return image.levelFor(pixel);
  }

  get factors(): readonly number[] {
    return this.#factors;
  }

  /** Draws what is loaded at the current view (loads replace it when they finish). */
  draw(): void {
    const { width, height } = this.view;
    const ctx = this.#ctx;
    ctx.clearRect(0, 0, width, height);
    const rendered = this.#rendered;
    if (!rendered) return;
    const [x, y, w, h] = screenRect(this.view, rendered.region, rendered.factor);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(rendered.bitmap, x, y, w, h);
  }

  #baseShape(): [number, number] | undefined {
    const shape = this.layer?.image.levels[0].shape;
    return shape ? [shape[shape.length - 2], shape[shape.length - 1]] : undefined;
  }

  #schedule(): void {
    this.busy = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#load(), 40);
  }

  /** The visible region in world coordinates: y and x on screen, one index of each other axis. */
  #worldRegion(): WorldRegion | undefined {
    const image = this.layer?.image;
    if (!image) return undefined;
    const { scale, translation } = image.levels[0];
    const nd = scale.length;
    const { cx, cy, zoom, width, height } = this.view;
    const world = (d: number, a: number, b: number) =>
      [translation[d] + a * scale[d], translation[d] + b * scale[d]] as const;
    return [
      ...this.indices.map((i, d) => world(d, i, i)),
      world(nd - 2, cy - height / (2 * zoom), cy + height / (2 * zoom)),
      world(nd - 1, cx - width / (2 * zoom), cx + width / (2 * zoom)),
    ];
  }

  async #load(): Promise<void> {
    const loader = this.#loader;
    const region = this.#worldRegion();
    if (!loader || !region) return;
    const load = ++this.#current;
    const level = this.level;
    const image = loader.image;
    const boxes = [];
    for (let k = image.levels.length - 1; k >= level; k--) {
      const box = image.indexRegion(k, region);
      if (box.start.every((a, d) => a < box.stop[d])) boxes.push({ level: k, ...box });
    }
    const started = performance.now();
    this.loads.started++;
    this.loadLog.push({
      at: Date.now(),
      boxes: boxes.map((b) => ({ ...b, start: [...b.start], stop: [...b.stop] })),
    });
    this.#progress(0, 1);
    // levels are drawn in the order they land (coarse to fine), one after another
    let drawn = Promise.resolve();
    let finest: LoadedLevel | undefined;
    try {
      finest = await loader.load(region, {
        level,
        onProgress: ({ done, total }) => {
          if (load === this.#current) this.#progress(done, total);
        },
        onLevel: (loaded) => {
          drawn = drawn.then(() => this.#show(loaded, load));
        },
      });
      await drawn;
    } catch (error) {
      if (load !== this.#current || error instanceof AbortError) {
        this.loads.aborted++;
        return;
      }
      this.#finish(load);
      this.#el.status.textContent = `error: ${(error as Error).message}`;
      return;
    }
    if (load !== this.#current) {
      this.loads.aborted++;
      return;
    }
    this.loads.completed++;
    if (finest) {
      const ms = Math.round(performance.now() - started);
      const [lo, hi] = this.contrast.map((v) => +v.toPrecision(4));
      const shown = this.shown!;
      this.#el.status.textContent =
        `level ${finest.level} (1/${this.#factors[finest.level]}), rows ${shown.y0}–${shown.y1}, columns ${shown.x0}–${shown.x1}` +
        ` · ${ms} ms · contrast ${lo}–${hi}`;
    }
    this.#finish(load);
  }

  /** Draws a level of load `load` as it lands (unless a newer load took over meanwhile). */
  async #show(loaded: LoadedLevel, load: number): Promise<void> {
    const layer = this.layer!;
    const nd = loaded.shape.length;
    const data = loaded.data as ArrayLike<number | bigint>;
    const key = `${layer.name}|${this.indices.join(",")}|${this.colormap}`;
    if (key !== this.#contrastKey) {
      this.contrast = await this.#stats.percentiles(data, 2, 98);
      this.#contrastKey = key;
    }
    if (load !== this.#current) return;
    const region: Region = {
      level: loaded.level,
      y0: loaded.start[nd - 2],
      y1: loaded.stop[nd - 2],
      x0: loaded.start[nd - 1],
      x1: loaded.stop[nd - 1],
    };
    const width = region.x1 - region.x0;
    const height = region.y1 - region.y0;
    const bitmap = document.createElement("canvas");
    bitmap.width = width;
    bitmap.height = height;
    bitmap
      .getContext("2d")!
      .putImageData(renderPixels(data, width, height, this.contrast, this.colormap), 0, 0);
    this.#rendered = { region, factor: this.#factors[loaded.level], bitmap };
    this.shown = region;
    this.draw();
  }

  #finish(load: number): void {
    if (this.#current === load) this.busy = false;
  }

  #progress(done: number, total: number): void {
    this.#el.progress.max = Math.max(1, total);
    this.#el.progress.value = done;
    this.#el.progress.title = `${done}/${total} chunks`;
  }

  #buildSliders(): void {
    const box = this.#el.sliders;
    box.replaceChildren();
    const base = this.layer?.image.levels[0].array;
    if (!base) return;
    const names = base.nodeMetadata.dimensionNames;
    this.indices.forEach((index, dim) => {
      const label = document.createElement("label");
      const name = names?.[dim] ?? `dim ${dim}`;
      const input = document.createElement("input");
      input.type = "range";
      input.min = "0";
      input.max = String(base.shape[dim] - 1);
      input.value = String(index);
      input.dataset.dim = String(dim);
      input.addEventListener("input", () => this.setIndex(dim, Number(input.value)));
      const text = document.createElement("span");
      text.textContent = `${name}: ${index} / ${base.shape[dim] - 1}`;
      label.append(text, input);
      box.append(label);
    });
  }

  #resizeCanvas(): void {
    const canvas = this.#el.canvas;
    const width = Math.max(1, Math.round(canvas.clientWidth));
    const height = Math.max(1, Math.round(canvas.clientHeight));
    canvas.width = width;
    canvas.height = height;
    this.view = { ...this.view, width, height };
  }

  #listen(): void {
    const canvas = this.#el.canvas;
    let drag: { x: number; y: number } | undefined;
    canvas.addEventListener("pointerdown", (event) => {
      drag = { x: event.clientX, y: event.clientY };
      canvas.setPointerCapture(event.pointerId);
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!drag) return;
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      drag = { x: event.clientX, y: event.clientY };
      const { zoom } = this.view;
      this.setView({ ...this.view, cx: this.view.cx - dx / zoom, cy: this.view.cy - dy / zoom });
    });
    canvas.addEventListener("pointerup", () => {
      drag = undefined;
    });
    canvas.addEventListener(
      "wheel",
      (event) => {
        event.preventDefault();
        this.setView(
          zoomAt(this.view, Math.exp(-event.deltaY * 0.002), event.offsetX, event.offsetY),
        );
      },
      { passive: false },
    );
    new ResizeObserver(() => {
      if (!this.layer) return;
      this.#resizeCanvas();
      this.draw();
      this.#schedule();
    }).observe(canvas);
  }
}
