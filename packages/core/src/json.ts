/**
 * JSON for metadata documents. JSON.parse rounds integers beyond 2^53, which would
 * corrupt int64/uint64 fill values, so documents holding long digit runs go through a
 * small parser that keeps such integers as bigint. Everything else uses JSON.parse.
 */

import { MetadataError } from "./errors.js";
import { unshared } from "./unshared.js";

export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

const LONG_DIGITS = /\d{16}/;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/**
 * Deepest nesting of arrays and objects a document may have. Everything that walks a
 * document afterwards (checks, messages, JSON.stringify, structured clone) recurses, so
 * a hostile `[[[[...]]]]` would otherwise end as a RangeError (stack overflow) far from
 * here. zarr-python cannot write documents much deeper than 990 either.
 */
export const MAX_JSON_DEPTH = 1000;

/** Parses a JSON document; integers outside ±(2^53-1) become bigint. */
export function parseJson(text: string, where: string): JsonValue {
  checkJsonDepth(text, where, (message) => new MetadataError(message));
  try {
    if (!LONG_DIGITS.test(text)) return JSON.parse(text) as JsonValue;
    const parser = new IntegerPreservingParser(text);
    const value = parser.value();
    parser.end();
    return value;
  } catch (error) {
    throw new MetadataError(`invalid JSON in ${where}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Decodes UTF-8 bytes and parses them as JSON. */
export function parseJsonBytes(bytes: Uint8Array, where: string): JsonValue {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(unshared(bytes));
  } catch (error) {
    throw new MetadataError(`${where} is not valid UTF-8`, { cause: error });
  }
  return parseJson(text, where);
}

/**
 * Throws `error(message)` when `text` nests arrays/objects deeper than MAX_JSON_DEPTH.
 * One pass over the text, skipping strings; for any parser of untrusted JSON.
 */
export function checkJsonDepth(
  text: string,
  where: string,
  error: (message: string) => Error,
): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) {
        throw error(`${where} nests arrays or objects deeper than ${MAX_JSON_DEPTH} levels`);
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}

class IntegerPreservingParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  end(): void {
    this.skip();
    if (this.pos !== this.text.length) this.fail("unexpected text after the document");
  }

  value(): JsonValue {
    this.skip();
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    for (const [word, result] of LITERALS) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return result;
      }
    }
    return this.fail(c === undefined ? "unexpected end of input" : `unexpected "${c}"`);
  }

  private object(): JsonObject {
    const result: JsonObject = {};
    this.pos++;
    this.skip();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skip();
      if (this.text[this.pos] !== '"') this.fail("expected a string key");
      const key = this.string();
      this.expect(":");
      const item = this.value();
      // own property even for "__proto__", as JSON.parse does
      Object.defineProperty(result, key, {
        value: item,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skip();
      const c = this.text[this.pos++];
      if (c === "}") return result;
      if (c !== ",") this.fail('expected "," or "}"', this.pos - 1);
    }
  }

  private array(): JsonValue[] {
    const result: JsonValue[] = [];
    this.pos++;
    this.skip();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return result;
    }
    for (;;) {
      result.push(this.value());
      this.skip();
      const c = this.text[this.pos++];
      if (c === "]") return result;
      if (c !== ",") this.fail('expected "," or "]"', this.pos - 1);
    }
  }

  private string(): string {
    const start = this.pos;
    let i = start + 1;
    for (;;) {
      const c = this.text[i];
      if (c === undefined) this.fail("unterminated string", start);
      if (c === "\\") i += 2;
      else if (c === '"') break;
      else i++;
    }
    this.pos = i + 1;
    // JSON.parse handles escapes and rejects control characters
    return JSON.parse(this.text.slice(start, i + 1)) as string;
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) return this.fail("invalid number");
    this.pos = NUMBER.lastIndex;
    const n = Number(match[0]);
    if (match[1] === undefined && match[2] === undefined && !Number.isSafeInteger(n)) {
      return BigInt(match[0]);
    }
    return n;
  }

  private expect(c: string): void {
    this.skip();
    if (this.text[this.pos] !== c) this.fail(`expected "${c}"`);
    this.pos++;
  }

  private skip(): void {
    WHITESPACE.lastIndex = this.pos;
    WHITESPACE.exec(this.text);
    this.pos = WHITESPACE.lastIndex;
  }

  private fail(message: string, at = this.pos): never {
    throw new SyntaxError(`${message} at position ${at}`);
  }
}

const LITERALS: [string, JsonValue][] = [
  ["true", true],
  ["false", false],
  ["null", null],
];

/** The value with every bigint turned into a (rounded) number, as JSON.parse gives. */
export function toPlainJson(value: JsonValue): JsonValue {
  if (typeof value === "bigint") return Number(value);
  if (Array.isArray(value)) {
    return value.some(needsPlain) ? value.map(toPlainJson) : value;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (!entries.some(([, v]) => needsPlain(v))) return value;
    const result: JsonObject = {};
    for (const [k, v] of entries) {
      Object.defineProperty(result, k, {
        value: toPlainJson(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return result;
  }
  return value;
}

function needsPlain(value: JsonValue): boolean {
  if (typeof value === "bigint") return true;
  if (Array.isArray(value)) return value.some(needsPlain);
  if (value !== null && typeof value === "object") return Object.values(value).some(needsPlain);
  return false;
}

const BIGINT_MARK = "\u0000zarrkit-bigint:";

/** JSON.stringify that writes bigints as plain integer literals. */
export function stringifyJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === "bigint" ? `${BIGINT_MARK}${v}` : v),
    indent,
  );
  return text.replace(/"\\u0000zarrkit-bigint:(-?\d+)"/g, "$1");
}

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
