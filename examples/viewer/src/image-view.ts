/**
 * The image view: shows a 2D slice of an array (the last two dimensions; sliders pick
 * the others) on a canvas with pan and zoom. Each view change reads only the visible
 * region of the pyramid level that suits the zoom, so only the chunks on screen are
 * fetched; a newer view aborts the load in flight. Contrast limits come from
 * percentiles computed in a worker.
 */
import { slice, type ZarrArray } from "zarrkit";
import { renderPixels } from "./render.js";
import type { StatsClient } from "./stats-client.js";
import {
  chooseLevel,
  fitView,
  type Region,
  screenRect,
  type View,
  visibleRegion,
  zoomAt,
} from "./view-math.js";

/** What the view shows: one array, or the levels of a multiscale image (finest first). */
export interface Layer {
  name: string;
  levels: ZarrArray[];
}

type Selection = Parameters<ZarrArray["get"]>[0];

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
  /** True while a load is in flight or scheduled. */
  busy = false;

  readonly #el: ImageViewElements;
  readonly #ctx: CanvasRenderingContext2D;
  readonly #stats: StatsClient;
  #factors: number[] = [];
  #rendered: Rendered | undefined;
  #controller: AbortController | undefined;
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
    const base = layer.levels[0].shape;
    // factor of each level along x (OME pyramids downsample y and x alike)
    this.#factors = layer.levels.map(
      (level) => base[base.length - 1] / level.shape[level.shape.length - 1],
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

  /** The pyramid level the current zoom reads. */
  get level(): number {
    return chooseLevel(this.#factors, this.view.zoom);
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
    const shape = this.layer?.levels[0].shape;
    return shape ? [shape[shape.length - 2], shape[shape.length - 1]] : undefined;
  }

  #schedule(): void {
    this.busy = true;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#load(), 40);
  }

  async #load(): Promise<void> {
    const layer = this.layer;
    if (!layer) return;
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    const level = this.level;
    const array = layer.levels[level];
    const factor = this.#factors[level];
    const shape = array.shape;
    const nd = shape.length;
    const region = visibleRegion(this.view, level, factor, [shape[nd - 2], shape[nd - 1]]);
    if (region.y1 <= region.y0 || region.x1 <= region.x0) {
      this.#finish(controller);
      return;
    }
    const others = this.indices.map((i, d) =>
      Math.min(shape[d] - 1, Math.floor(i / (layer.levels[0].shape[d] / shape[d]))),
    );
    const selection: Selection = [
      ...others,
      slice(region.y0, region.y1),
      slice(region.x0, region.x1),
    ];
    const started = performance.now();
    this.loads.started++;
    this.#progress(0, 1);
    let data: ArrayLike<number | bigint>;
    try {
      const result = await array.get(selection, {
        signal: controller.signal,
        onProgress: ({ done, total }) => {
          if (!controller.signal.aborted) this.#progress(done, total);
        },
      });
      data = result.data as ArrayLike<number | bigint>;
    } catch (error) {
      if (controller.signal.aborted) {
        this.loads.aborted++;
        return;
      }
      this.#finish(controller);
      this.#el.status.textContent = `error: ${(error as Error).message}`;
      return;
    }
    const key = `${layer.name}|${others.join(",")}|${this.colormap}`;
    if (key !== this.#contrastKey) {
      this.contrast = await this.#stats.percentiles(data, 2, 98);
      this.#contrastKey = key;
    }
    if (controller.signal.aborted) {
      this.loads.aborted++;
      return;
    }
    const width = region.x1 - region.x0;
    const height = region.y1 - region.y0;
    const bitmap = document.createElement("canvas");
    bitmap.width = width;
    bitmap.height = height;
    bitmap
      .getContext("2d")!
      .putImageData(renderPixels(data, width, height, this.contrast, this.colormap), 0, 0);
    this.#rendered = { region, factor, bitmap };
    this.shown = region;
    this.loads.completed++;
    this.draw();
    const ms = Math.round(performance.now() - started);
    const [lo, hi] = this.contrast.map((v) => +v.toPrecision(4));
    this.#el.status.textContent =
      `level ${level} (1/${factor}), rows ${region.y0}–${region.y1}, columns ${region.x0}–${region.x1}` +
      ` · ${ms} ms · contrast ${lo}–${hi}`;
    this.#finish(controller);
  }

  #finish(controller: AbortController): void {
    if (this.#controller === controller) this.busy = false;
  }

  #progress(done: number, total: number): void {
    this.#el.progress.max = Math.max(1, total);
    this.#el.progress.value = done;
    this.#el.progress.title = `${done}/${total} chunks`;
  }

  #buildSliders(): void {
    const box = this.#el.sliders;
    box.replaceChildren();
    const base = this.layer?.levels[0];
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
