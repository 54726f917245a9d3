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

export interface ParseReferencesOptions {
  /**
   * Most keys the "gen" entries of a document may generate (default 1,000,000): a few
   * bytes of "gen" can name 10^12 keys, which must fail, not fill memory.
   */
  maxGeneratedKeys?: number;
}

const DEFAULT_MAX_GENERATED_KEYS = 1_000_000;
/** Characters of keys and URLs one "gen" entry may render (long templates times many keys). */
const MAX_GENERATED_CHARS = 256 * 1024 * 1024;

/**
 * Parses kerchunk references: version 0 ({key: value}) and version 1 ({version: 1,
 * templates, gen, refs}). Values are inline strings ("base64:"-prefixed for binary),
 * JSON objects (written out as JSON), [url] or [url, offset, length].
 */
export function parseReferences(
  json: unknown,
  options: ParseReferencesOptions = {},
): Map<string, Reference> {
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
  let budget = options.maxGeneratedKeys ?? DEFAULT_MAX_GENERATED_KEYS;
  for (const entry of gen as GenEntry[]) budget -= expandGen(entry, templates, refs, budget);
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

/**
 * Adds the keys of a gen entry: one per point of the product of its dimensions, which is
 * counted (without listing any value) before anything is generated. Returns the count.
 */
function expandGen(
  entry: GenEntry,
  templates: Record<string, TemplateValue>,
  refs: Map<string, Reference>,
  budget: number,
): number {
  if (typeof entry?.key !== "string" || typeof entry.url !== "string") {
    throw new StoreError(`kerchunk "gen" entry needs "key" and "url": ${JSON.stringify(entry)}`);
  }
  const dimensions = entry.dimensions ?? {};
  if (typeof dimensions !== "object" || Array.isArray(dimensions)) {
    throw new StoreError(`kerchunk "gen" entry "${entry.key}": "dimensions" must be an object`);
  }
  const names = Object.keys(dimensions);
  const ranges = names.map((name) => dimensionRange(name, dimensions[name]));
  const count = ranges.reduce((product, range) => product * range.count, 1);
  if (count > budget) {
    throw new StoreError(
      `kerchunk "gen" entry "${entry.key}" would generate ${count} keys, more than the ${budget} allowed (maxGeneratedKeys)`,
    );
  }
  const values = ranges.map((range) => range.values());
  let chars = 0;
  const vars: Record<string, TemplateValue> = { ...templates };
  const visit = (depth: number) => {
    if (depth === names.length) {
      const key = renderTemplate(entry.key, vars);
      const url = renderTemplate(entry.url, vars);
      chars += key.length + url.length;
      if (chars > MAX_GENERATED_CHARS) {
        throw new StoreError(
          `kerchunk "gen" entry "${entry.key}" generates more than ${MAX_GENERATED_CHARS} characters of keys and URLs`,
        );
      }
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
  return count;
}

/** A dimension's number of values, and (called only once the total is allowed) the values. */
function dimensionRange(
  name: string,
  spec: GenEntry["dimensions"][string],
): { count: number; values(): TemplateValue[] } {
  if (Array.isArray(spec)) {
    if (!spec.every((v) => typeof v === "string" || typeof v === "number")) {
      throw new StoreError(
        `kerchunk "gen" dimension "${name}" lists values other than strings and numbers`,
      );
    }
    return { count: spec.length, values: () => spec };
  }
  const range = typeof spec === "number" ? { stop: spec } : spec;
  const { start = 0, stop, step = 1 } = range ?? {};
  if (![start, stop, step].every((v) => typeof v === "number" && Number.isFinite(v))) {
    throw new StoreError(
      `kerchunk "gen" dimension "${name}" needs finite numbers "start", "stop" and "step": ${JSON.stringify(spec)}`,
    );
  }
  if (step === 0) throw new StoreError(`kerchunk "gen" dimension "${name}" has step 0`);
  // Python's range(start, stop, step): values start + i*step for i below this count
  const count = Math.max(0, Math.ceil((stop - start) / step));
  if (!Number.isSafeInteger(count)) {
    throw new StoreError(`kerchunk "gen" dimension "${name}" has ${count} values`);
  }
  return { count, values: () => Array.from({ length: count }, (_, i) => start + i * step) };
}

function integerOf(text: string, key: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new StoreError(`kerchunk "gen" key "${key}" has a bad offset or length "${text}"`);
  }
  return value;
}
