/**
 * Field validators shared by the v2 and v3 metadata parsers; each throws a
 * MetadataError naming the field and the document.
 */
import { MetadataError } from "./errors.js";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  stringifyJson,
  toPlainJson,
} from "./json.js";

export function show(value: JsonValue | undefined): string {
  if (value === undefined) return "nothing";
  const text = stringifyJson(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function expectObject(
  value: JsonValue | undefined,
  what: string,
  where: string,
): JsonObject {
  if (!isJsonObject(value)) {
    throw new MetadataError(`${what} in ${where} must be a JSON object, got ${show(value)}`);
  }
  return value;
}

/** An array of safe integers >= `min` ("shape": 0, "chunk_shape": 1). */
export function expectIntArray(
  value: JsonValue | undefined,
  field: string,
  where: string,
  min: number,
): number[] {
  const ok =
    Array.isArray(value) &&
    value.every((n) => typeof n === "number" && Number.isSafeInteger(n) && n >= min);
  if (!ok) {
    const kind = min === 0 ? "non-negative" : "positive";
    throw new MetadataError(
      `"${field}" in ${where} must be an array of ${kind} integers, got ${show(value)}`,
    );
  }
  return value as number[];
}

export function expectRank(
  value: readonly number[],
  field: string,
  shape: readonly number[],
  where: string,
): void {
  if (value.length !== shape.length) {
    throw new MetadataError(
      `"${field}" [${value}] in ${where} has ${value.length} dimensions, the shape [${shape}] has ${shape.length}`,
    );
  }
}

/** Attributes: absent means {}; otherwise a JSON object. */
export function expectAttributes(value: JsonValue | undefined, where: string): JsonObject {
  if (value === undefined) return {};
  // attributes are user JSON: big integers read as numbers, as JSON.parse gives them
  return toPlainJson(expectObject(value, '"attributes"', where)) as JsonObject;
}
