/**
 * `zarrkit info PATH_OR_URL`: what zarr-python's `.info` shows, for an array or a group,
 * as aligned text or (with --json) one JSON object.
 */
import {
  isListable,
  type JsonValue,
  type ZarrArray,
  type ZarrGroup,
  type ZarrNode,
} from "@zarrkit/core";
import type { CliOptions } from "./args.js";
import { fillValueText } from "./json-output.js";
import { codecText, compactJson, dtypeText, humanBytes, nbytesOf, zarrayOf } from "./node-text.js";

type Row = [label: string, value: string];

export async function runInfo(
  node: ZarrNode,
  options: CliOptions,
  write: (text: string) => void,
): Promise<void> {
  const facts = node.kind === "array" ? await arrayFacts(node) : await groupFacts(node);
  if (options.json) {
    write(`${factsJson(facts.json)}\n`);
    return;
  }
  const width = Math.max(...facts.rows.map(([label]) => label.length));
  for (const [label, value] of facts.rows) write(`${label.padEnd(width)} : ${value}\n`);
}

/** JSON text that JSON.stringify cannot write (-0.0), placed as is. */
class RawJson {
  constructor(readonly text: string) {}
}

/** The facts as indented JSON, RawJson values verbatim. */
function factsJson(entries: [string, unknown][]): string {
  const raw: string[] = [];
  const text = JSON.stringify(
    Object.fromEntries(entries),
    (key, value) => {
      if (!(value instanceof RawJson)) return bigintAsJson(key, value);
      raw.push(value.text);
      return `\u0000raw${raw.length - 1}`;
    },
    2,
  );
  return text.replace(/"\\u0000raw(\d+)"/g, (_, i: string) => raw[Number(i)]);
}

/** bigints (from int64 attributes) as numbers when exact, else decimal strings. */
function bigintAsJson(_key: string, value: unknown): unknown {
  if (typeof value !== "bigint") return value;
  return value <= 2n ** 53n && value >= -(2n ** 53n) ? Number(value) : value.toString();
}

interface Facts {
  rows: Row[];
  json: [string, unknown][];
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

async function arrayFacts(arr: ZarrArray): Promise<Facts> {
  const rows: Row[] = [["Type", "array"]];
  const json: [string, unknown][] = [["type", "array"]];
  const add = (label: string, key: string, text: string, value: unknown) => {
    rows.push([label, text]);
    json.push([key, value]);
  };
  add("Zarr format", "zarr_format", String(arr.zarrFormat), arr.zarrFormat);
  if (arr.path !== "") add("Path", "path", arr.path, arr.path);
  const dtype = dtypeText(arr);
  add("Data type", "dtype", dtype === arr.dtype ? dtype : `${dtype} (${arr.dtype})`, dtype);
  add("Shape", "shape", shapeText(arr.shape), arr.shape);
  add("Chunk shape", "chunks", shapeText(arr.chunks), arr.chunks);
  if (arr.dimensionNames) {
    const names = arr.dimensionNames;
    add("Dimension names", "dimension_names", names.map((n) => n ?? "-").join(", "), names);
  }
  const zarray = zarrayOf(arr);
  if (zarray) {
    add("Order", "order", arr.order, arr.order);
    const filters = Array.isArray(zarray.filters) ? zarray.filters : [];
    if (filters.length > 0) {
      add("Filters", "filters", filters.map(codecText).join(", "), filters);
    }
    const compressor = zarray.compressor ?? null;
    add(
      "Compressor",
      "compressor",
      compressor === null ? "None" : codecText(compressor),
      compressor,
    );
  } else {
    const codecs = (arr.metadata.codecs ?? []) as JsonValue[];
    add("Codecs", "codecs", codecs.map(codecText).join(", "), codecs);
  }
  const fill = fillValueText(arr.fillValue, arr.dtype, arr.dataType);
  add("Fill value", "fill_value", fill, new RawJson(fill));
  const attrCount = Object.keys(arr.attrs).length;
  if (attrCount > 0) add("Attributes", "attributes", attrsText(arr.attrs), arr.attrs);

  const nbytes = nbytesOf(arr);
  add("No. bytes", "nbytes", nbytes === undefined ? "-" : humanBytes(nbytes), nbytes ?? null);
  // stores that cannot list keys (HTTP) cannot say what is stored
  const info = isListable(arr.store) ? await arr.storageInfo() : undefined;
  const stored = info?.bytesStored;
  add(
    "No. bytes stored",
    "nbytes_stored",
    stored === undefined ? "-" : humanBytes(stored),
    stored ?? null,
  );
  const ratio = nbytes === undefined || !stored ? undefined : nbytes / stored;
  add(
    "Storage ratio",
    "storage_ratio",
    ratio === undefined ? "-" : ratio.toFixed(1),
    ratio ?? null,
  );
  const total = arr.grid.chunkCount;
  rows.push(["Chunks initialized", `${info?.chunksInitialized ?? "-"}/${total}`]);
  json.push(["chunks_initialized", info?.chunksInitialized ?? null], ["chunks_total", total]);
  return { rows, json };
}

function attrsText(attrs: Record<string, JsonValue>): string {
  const text = compactJson(attrs);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

async function groupFacts(group: ZarrGroup): Promise<Facts> {
  const children = await group.children();
  const arrays = children.filter((c) => c.kind === "array").map((c) => c.name);
  const groups = children.filter((c) => c.kind === "group").map((c) => c.name);
  const rows: Row[] = [
    ["Type", "group"],
    ["Zarr format", String(group.zarrFormat)],
  ];
  if (group.path !== "") rows.push(["Path", group.path]);
  rows.push(["Consolidated", group.consolidated ? "yes" : "no"]);
  if (Object.keys(group.attrs).length > 0) rows.push(["Attributes", attrsText(group.attrs)]);
  rows.push(["No. arrays", String(arrays.length)]);
  if (arrays.length > 0) rows.push(["Arrays", arrays.join(", ")]);
  rows.push(["No. groups", String(groups.length)]);
  if (groups.length > 0) rows.push(["Groups", groups.join(", ")]);
  const json: [string, unknown][] = [
    ["type", "group"],
    ["zarr_format", group.zarrFormat],
    ["path", group.path],
    ["consolidated", group.consolidated !== undefined],
    ["attributes", group.attrs],
    ["arrays", arrays],
    ["groups", groups],
  ];
  return { rows, json };
}
