/**
 * How the CLI names an array's data type and codecs: as its metadata spells them
 * (v2 "<i4" and compressor/filters; v3 "int32" and the codec chain).
 */
import { isNumeric, type JsonObject, type JsonValue, type ZarrArray } from "@zarrkit/core";

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The v2 `.zarray` document, when the array is v2. */
export function zarrayOf(arr: ZarrArray): JsonObject | undefined {
  const doc = arr.metadata[".zarray"];
  return arr.zarrFormat === 2 && isObject(doc) ? doc : undefined;
}

/** The data type as the metadata writes it: "<i4", "|O", "int32", "string". */
export function dtypeText(arr: ZarrArray): string {
  const zarray = zarrayOf(arr);
  const stored = zarray ? zarray.dtype : arr.metadata.data_type;
  if (typeof stored === "string") return stored;
  return stored === undefined ? arr.dtype : compactJson(stored);
}

export function compactJson(value: JsonValue): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

/** `id(key=value, ...)` for a codec configuration (v2 `{id, ...}` or v3 `{name, configuration}`). */
export function codecText(codec: JsonValue): string {
  if (!isObject(codec)) return compactJson(codec);
  const isV2 = typeof codec.id === "string";
  const name = String(isV2 ? codec.id : codec.name);
  const config: JsonObject = isV2
    ? Object.fromEntries(Object.entries(codec).filter(([k]) => k !== "id"))
    : isObject(codec.configuration)
      ? codec.configuration
      : {};
  const args = Object.entries(config).map(
    ([k, v]) => `${k}=${typeof v === "string" ? v : compactJson(v)}`,
  );
  return `${name}(${args.join(", ")})`;
}

/** Uncompressed size in bytes, or undefined for variable-length data types. */
export function nbytesOf(arr: ZarrArray): number | undefined {
  const { itemSize, name } = arr.dataType;
  if (!isNumeric(name) && itemSize === 0) return undefined;
  return arr.size * itemSize;
}

/** `1234 (1.2K)` as zarr-python prints sizes. */
export function humanBytes(n: number): string {
  const units = ["K", "M", "G", "T", "P"];
  if (n < 1024) return String(n);
  let v = n;
  let unit = "";
  for (const u of units) {
    if (v < 1024) break;
    v /= 1024;
    unit = u;
  }
  return `${n} (${v.toFixed(1)}${unit})`;
}
