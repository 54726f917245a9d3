/**
 * Parses numpy-syntax selections as typed on a command line:
 * "0:10, 5, ::2, ...", "-1", ":", "1:-1:2", "[1,2,5]", "[true,false,true]".
 */
import { SelectionError } from "../errors.js";
import { expandSelection } from "./normalize.js";
import { slice } from "./slice.js";
import { type DimSelection, ELLIPSIS, type OrthogonalSelection } from "./types.js";

const INTEGER = /^[+-]?\d+$/;

function fail(text: string, why: string): never {
  throw new SelectionError(`cannot parse selection "${text}": ${why}`);
}

function parseInteger(part: string, text: string): number {
  if (!INTEGER.test(part)) fail(text, `"${part}" is not an integer`);
  const v = Number(part);
  if (!Number.isSafeInteger(v)) fail(text, `${part} is too large`);
  return v;
}

/** Splits on commas outside brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "[") depth++;
    else if (c === "]") {
      depth--;
      if (depth < 0) fail(text, `unbalanced "]" at position ${i}`);
    } else if (c === "," && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  if (depth !== 0) fail(text, `unclosed "["`);
  parts.push(text.slice(from));
  return parts.map((p) => p.trim());
}

function parseList(body: string, text: string): readonly number[] | readonly boolean[] {
  const items = body.trim() === "" ? [] : body.split(",").map((s) => s.trim());
  if (items.length > 0 && /^(true|false)$/i.test(items[0])) {
    return items.map((s) => {
      if (/^true$/i.test(s)) return true;
      if (/^false$/i.test(s)) return false;
      return fail(text, `"${s}" in a boolean mask is neither true nor false`);
    });
  }
  return items.map((s) => {
    if (s === "") fail(text, "empty entry in an index list");
    return parseInteger(s, text);
  });
}

function parsePart(part: string, text: string): DimSelection | typeof ELLIPSIS {
  if (part === "...") return ELLIPSIS;
  if (part.startsWith("[")) {
    if (!part.endsWith("]") || part.indexOf("[", 1) >= 0) fail(text, `malformed list "${part}"`);
    return parseList(part.slice(1, -1), text);
  }
  if (part.includes(":")) {
    const bits = part.split(":").map((s) => s.trim());
    if (bits.length > 3) fail(text, `"${part}" has more than two ":"`);
    const [a, b, c] = bits.map((s) => (s === "" ? null : parseInteger(s, text)));
    if (c === 0) fail(text, `slice step cannot be zero in "${part}"`);
    return slice(a, b ?? null, c ?? null);
  }
  if (part === "") fail(text, "empty dimension");
  return parseInteger(part, text);
}

/**
 * A selection string -> OrthogonalSelection. With `rank`, also checks that it fits an
 * array of that many dimensions (at most one "...", not too many entries).
 */
export function parseSelection(text: string, rank?: number): OrthogonalSelection {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  const parts = splitTopLevel(trimmed);
  // numpy allows one trailing comma ("3," is the tuple (3,)).
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  const sel = parts.map((p) => parsePart(p, text));
  if (sel.filter((p) => p === ELLIPSIS).length > 1) fail(text, `more than one "..."`);
  if (rank !== undefined) expandSelection(sel, rank);
  return sel;
}
