/**
 * numcodecs' "json2" (v2 |O arrays): the chunk as Python's json.dumps of
 * [...nested items, dtype, shape]. Items decode to strings: strings as themselves,
 * anything else (numbers, lists, dicts, null) as its JSON text.
 */
import {
  type ArrayToBytesCodec,
  type Chunk,
  type ChunkSpec,
  type CodecFactory,
  CorruptChunkError,
  unshared,
} from "@zarrkit/core";
import { CodecConfig } from "./codec-config.js";
import { objectItems } from "./object-items.js";
import {
  nonFiniteToken,
  parsePythonJson,
  pythonJsonString,
  toPythonJsonText,
} from "./python-json.js";
import { product } from "./shape.js";

const decoder = new TextDecoder("utf-8");
const encoder = new TextEncoder();

export class Json2Codec implements ArrayToBytesCodec {
  readonly kind = "array_to_bytes";
  readonly name = "numcodecs.json2";
  constructor(
    private readonly ensureAscii: boolean,
    private readonly separators: readonly [string, string],
    private readonly where: string,
  ) {}

  decode(bytes: Uint8Array, spec: ChunkSpec): Chunk {
    const fail = (msg: string, cause?: unknown) =>
      new CorruptChunkError(`codec "${this.name}" in ${this.where}: ${msg}`, { cause });
    let items: unknown;
    try {
      items = parsePythonJson(decoder.decode(unshared(bytes)));
    } catch (e) {
      throw fail("chunk is not valid JSON", e);
    }
    if (!Array.isArray(items) || items.length < 2)
      throw fail("chunk is not a JSON list ending in dtype and shape");
    const shape = items[items.length - 1];
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw fail(`chunk has no valid shape (got ${JSON.stringify(shape)})`);
    }
    const count = product(spec.shape);
    if (product(shape) !== count)
      throw fail(`chunk has shape [${shape}], expected [${spec.shape}]`);
    const data = new Array<string>(count);
    let n = 0;
    const walk = (list: unknown, depth: number): void => {
      if (depth === 0) {
        if (n < count)
          data[n] =
            typeof list === "string" ? (nonFiniteToken(list) ?? list) : toPythonJsonText(list);
        n++;
        return;
      }
      if (!Array.isArray(list)) throw fail("chunk items do not match its shape");
      for (const item of list) walk(item, depth - 1);
    };
    walk(items.slice(0, -2), Math.max(shape.length, 1));
    if (n !== count) throw fail(`chunk holds ${n} items, expected ${count}`);
    return { data, shape: spec.shape.slice() };
  }

  encode(chunk: Chunk, spec: ChunkSpec): Uint8Array {
    const data = objectItems(chunk, spec, this.name, this.where, "strings");
    const [itemSep] = this.separators;
    const shape = spec.shape;
    let p = 0;
    const nested = (axis: number): string => {
      const parts = new Array<string>(shape[axis]);
      for (let i = 0; i < shape[axis]; i++) {
        if (axis === shape.length - 1) {
          const v = data[p++] as unknown;
          parts[i] =
            v === null || v === undefined ? "null" : pythonJsonString(String(v), this.ensureAscii);
        } else {
          parts[i] = nested(axis + 1);
        }
      }
      return `[${parts.join(itemSep)}]`;
    };
    const body =
      shape.length === 0 ? `[${pythonJsonString(String(data[0]), this.ensureAscii)}]` : nested(0);
    const inner = body.slice(1, -1);
    const tail = `${pythonJsonString("|O", this.ensureAscii)}${itemSep}[${shape.join(itemSep)}]`;
    return encoder.encode(`[${inner}${inner ? itemSep : ""}${tail}]`);
  }
}

export const json2Factory: CodecFactory = (configuration, _spec, ctx) => {
  const config = new CodecConfig("numcodecs.json2", ctx.where, configuration);
  const encoding = config.string("encoding", { default: "utf-8" }).toLowerCase();
  if (!["utf-8", "utf8", "ascii"].includes(encoding)) {
    throw config.error(`encoding "${encoding}" is not supported (only utf-8)`);
  }
  // indent, sort_keys, skipkeys, check_circular, allow_nan and strict change only what
  // json.dumps writes or json.loads accepts of valid JSON: decoding reads any layout.
  // Encoding writes no indentation (numcodecs decodes that whatever its own settings).
  for (const key of ["sort_keys", "skipkeys", "check_circular", "allow_nan", "strict"]) {
    if (config.has(key) && typeof configuration[key] !== "boolean") {
      throw config.error(`configuration "${key}" must be true or false`);
    }
  }
  if (config.has("indent")) {
    const indent = configuration.indent;
    if (typeof indent !== "string" && !(typeof indent === "number" && Number.isInteger(indent))) {
      throw config.error(`configuration "indent" must be an integer, a string or null`);
    }
  }
  const ensureAscii =
    configuration.ensure_ascii === undefined ? true : configuration.ensure_ascii === true;
  let separators: [string, string] = [",", ":"];
  if (config.has("separators")) {
    const s = config.stringArray("separators");
    if (s.length !== 2) throw config.error(`configuration "separators" must hold 2 strings`);
    separators = [s[0], s[1]];
  }
  return new Json2Codec(ensureAscii, separators, ctx.where);
};
