/**
 * The zarrkit viewer: open a Zarr URL (default: the sample dataset next to the page),
 * browse its hierarchy, and view any array or OME-Zarr multiscale image.
 * Query parameters: ?url=<zarr URL>&path=<node to show>&cacheMiB=<decoded-chunk budget>
 * &persistMiB=<budget of chunk bytes kept across page loads, 0 = off>.
 */
import {
  ChunkCache,
  MultiscaleImage,
  open,
  PersistentByteCache,
  resolveStore,
  type ZarrArray,
  type ZarrGroup,
} from "zarrkit";
import { COLORMAP_NAMES } from "./colormaps.js";
import { buildTree, type Entry } from "./hierarchy.js";
import { ImageView, type Layer } from "./image-view.js";
import { StatsClient } from "./stats-client.js";
import { useBundledDecodeWorkers } from "./workers.js";
import "./style.css";

useBundledDecodeWorkers();

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;

const params = new URLSearchParams(location.search);
const defaultUrl = new URL("../data/sample.zarr/", location.href).href;
const url = params.get("url") ?? defaultUrl;
// one budget for the decoded chunks of every array the page opens (?cacheMiB=)
const cache = new ChunkCache({ maxBytes: Number(params.get("cacheMiB") ?? 64) * 2 ** 20 });
// chunk bytes kept in the Cache API across loads, revalidated with conditional requests
// (the Cache API needs a secure context: https or localhost)
const persistMiB = Number(params.get("persistMiB") ?? 0);
const persistentCache =
  persistMiB > 0 && "caches" in globalThis
    ? new PersistentByteCache({ maxBytes: persistMiB * 2 ** 20 })
    : undefined;

const stats = new StatsClient();
const view = new ImageView(
  {
    canvas: $<HTMLCanvasElement>("#canvas"),
    progress: $<HTMLProgressElement>("#progress"),
    status: $("#status"),
    sliders: $("#sliders"),
  },
  stats,
);

const urlInput = $<HTMLInputElement>("#url");
urlInput.value = url;
$("#open-form").addEventListener("submit", (event) => {
  event.preventDefault();
  location.search = `?url=${encodeURIComponent(urlInput.value)}`;
});

const colormap = $<HTMLSelectElement>("#colormap");
for (const name of COLORMAP_NAMES) colormap.add(new Option(name, name));
colormap.addEventListener("change", () => view.setColormap(colormap.value));
$("#zoom-in").addEventListener("click", () => view.zoomBy(2));
$("#zoom-out").addEventListener("click", () => view.zoomBy(0.5));
$("#fit").addEventListener("click", () => view.fit());

async function layerOf(entry: Entry): Promise<Layer> {
  const image = entry.multiscale
    ? await MultiscaleImage.open(entry.node as ZarrGroup)
    : MultiscaleImage.fromArray(entry.node as ZarrArray);
  return { name: entry.path, image };
}

async function show(entry: Entry): Promise<void> {
  for (const el of document.querySelectorAll(".node.selected")) el.classList.remove("selected");
  document.querySelector(`.node[data-path="${CSS.escape(entry.path)}"]`)?.classList.add("selected");
  $("#info").textContent = JSON.stringify(entry.node.metadata, null, 2);
  $("#title").textContent = `${entry.path || "/"} — ${entry.summary}`;
  if (entry.viewable) view.setLayer(await layerOf(entry));
}

function renderTree(entry: Entry, parent: HTMLElement, all: Entry[]): void {
  all.push(entry);
  const li = document.createElement("li");
  const row = document.createElement("button");
  row.className = `node ${entry.node.kind}${entry.viewable ? " viewable" : ""}`;
  row.dataset.path = entry.path;
  const name = document.createElement("span");
  name.className = "name";
  name.textContent = entry.name;
  const summary = document.createElement("span");
  summary.className = "summary";
  summary.textContent = entry.summary;
  row.append(name, summary);
  row.addEventListener("click", () => void show(entry));
  li.append(row);
  if (entry.note) {
    const note = document.createElement("div");
    note.className = "note";
    note.textContent = entry.note;
    li.append(note);
  }
  if (entry.children.length > 0) {
    const ul = document.createElement("ul");
    for (const child of entry.children) renderTree(child, ul, all);
    li.append(ul);
  }
  parent.append(li);
}

async function main(): Promise<void> {
  const status = $("#status");
  status.textContent = `opening ${url}`;
  try {
    const root = await open(resolveStore(url, { fetch: { persistentCache } }), { cache });
    const tree = await buildTree(
      root,
      root.path || new URL(url).pathname.split("/").filter(Boolean).pop() || "/",
    );
    const all: Entry[] = [];
    const list = $("#tree");
    list.replaceChildren();
    renderTree(tree, list, all);
    const wanted = params.get("path");
    const first =
      all.find((e) => e.path === wanted) ??
      all.find((e) => e.multiscale) ??
      all.find((e) => e.viewable) ??
      tree;
    await show(first);
    if (!first.viewable) status.textContent = "nothing to view here: pick an array";
  } catch (error) {
    status.textContent = `error: ${(error as Error).message}`;
  }
}

// for tests and the console
Object.assign(globalThis, { zarrkitViewer: { view, stats, cache, persistentCache } });
void main();
