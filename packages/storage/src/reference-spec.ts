import { StoreError } from "@zarrkit/core";
import { renderTemplate, type TemplateValue } from "./reference-template.js";

/** Where one key's bytes are: inline, or (a range of) a target URL. */
export type Reference =
  | { kind: "inline"; bytes: Uint8Array }
  | { kind: "target"; url: string; offset?: number; length?: number };

/** A kerchunk "gen" entry: keys generated over the product of named dimensions. */
interface GenEntry {
  key: string;
  url: string;
  offset?: string | number;
  length?: string | number;
  dimensions: Record<
    string,
    { start?: number; stop: number; step?: number } | TemplateValue[] | number
  >;
}

/**
 * Parses kerchunk references: version 0 ({key: value}) and version 1 ({version: 1,
 * templates, gen, refs}). Values are inline strings ("base64:"-prefixed for binary),
 * JSON objects (written out as JSON), [url] or [url, offset, length].
 */
export function parseReferences(json: unknown): Map<string, Reference> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new StoreError("kerchunk references must be a JSON object");
  }
  const spec = json as Record<string, unknown>;
  const refs = new Map<string, Reference>();
  if (!("version" in spec)) {
    for (const [key, value] of Object.entries(spec)) refs.set(key, parseValue(key, value, {}));
    return refs;
  }
  if (spec.version !== 1) {
    throw new StoreError(`unsupported kerchunk references version ${JSON.stringify(spec.version)}`);
  }
  const templates = objectField(spec, "templates") as Record<string, TemplateValue>;
  const gen = spec.gen ?? [];
  if (!Array.isArray(gen)) throw new StoreError('kerchunk references: "gen" must be an array');
  for (const entry of gen as GenEntry[]) expandGen(entry, templates, refs);
  for (const [key, value] of Object.entries(objectField(spec, "refs"))) {
    refs.set(key, parseValue(key, value, templates));
  }
  return refs;
}

function objectField(spec: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = spec[name] ?? {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new StoreError(`kerchunk references: "${name}" must be an object`);
  }
  return value as Record<string, unknown>;
}

function parseValue(
  key: string,
  value: unknown,
  templates: Record<string, TemplateValue>,
): Reference {
  if (typeof value === "string") return { kind: "inline", bytes: decodeInline(key, value) };
  if (Array.isArray(value)) {
    const [url, offset, length] = value as unknown[];
    const ok =
      typeof url === "string" &&
      (value.length === 1 || (value.length === 3 && isByteCount(offset) && isByteCount(length)));
    if (!ok) {
      throw new StoreError(
        `kerchunk reference for key "${key}" must be [url] or [url, offset, length], got ${JSON.stringify(value)}`,
      );
    }
    const target: Reference = { kind: "target", url: renderTemplate(url as string, templates) };
    if (value.length === 3) {
      target.offset = offset as number;
      target.length = length as number;
    }
    return target;
  }
  if (typeof value === "object" && value !== null) {
    return { kind: "inline", bytes: new TextEncoder().encode(JSON.stringify(value)) };
  }
  throw new StoreError(
    `kerchunk reference for key "${key}" has unsupported value ${JSON.stringify(value)}`,
  );
}

function isByteCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0;
}

function decodeInline(key: string, text: string): Uint8Array {
  if (!text.startsWith("base64:")) return new TextEncoder().encode(text);
  try {
    const binary = atob(text.slice(7));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch (error) {
    throw new StoreError(`kerchunk reference for key "${key}" has invalid base64`, {
      cause: error,
    });
  }
}

/** Adds the keys of a gen entry: one per point of the product of its dimensions. */
function expandGen(
  entry: GenEntry,
  templates: Record<string, TemplateValue>,
  refs: Map<string, Reference>,
) {
  if (typeof entry?.key !== "string" || typeof entry.url !== "string") {
    throw new StoreError(`kerchunk "gen" entry needs "key" and "url": ${JSON.stringify(entry)}`);
  }
  const names = Object.keys(entry.dimensions ?? {});
  const values = names.map((name) => dimensionValues(name, entry.dimensions[name]));
  const vars: Record<string, TemplateValue> = { ...templates };
  const visit = (depth: number) => {
    if (depth === names.length) {
      const key = renderTemplate(entry.key, vars);
      const url = renderTemplate(entry.url, vars);
      const target: Reference = { kind: "target", url };
      if (entry.offset !== undefined || entry.length !== undefined) {
        target.offset = integerOf(renderTemplate(String(entry.offset ?? 0), vars), key);
        target.length = integerOf(renderTemplate(String(entry.length), vars), key);
      }
      refs.set(key, target);
      return;
    }
    for (const value of values[depth]) {
      vars[names[depth]] = value;
      visit(depth + 1);
    }
  };
  visit(0);
}

function dimensionValues(name: string, spec: GenEntry["dimensions"][string]): TemplateValue[] {
  if (Array.isArray(spec)) return spec;
  const range = typeof spec === "number" ? { stop: spec } : spec;
  if (typeof range?.stop !== "number") {
    throw new StoreError(
      `kerchunk "gen" dimension "${name}" needs a "stop": ${JSON.stringify(spec)}`,
    );
  }
  const start = range.start ?? 0;
  const step = range.step ?? 1;
  if (step === 0) throw new StoreError(`kerchunk "gen" dimension "${name}" has step 0`);
  const out: number[] = [];
  for (let v = start; step > 0 ? v < range.stop : v > range.stop; v += step) out.push(v);
  return out;
}

function integerOf(text: string, key: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new StoreError(`kerchunk "gen" key "${key}" has a bad offset or length "${text}"`);
  }
  return value;
}
