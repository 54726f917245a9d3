/**
 * A checker of v3 array metadata (zarr.json) against the rules of the Zarr v3 core
 * specification (zarr-specs docs/v3/core/index.rst, "Array metadata", "Extensions",
 * "Codecs") and of the core codecs' and registered extensions' own specifications.
 * Independent of zarrkit's parser: it is the referee of what zarrkit writes.
 * Returns the rules broken, as messages naming the field (empty: valid).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ARRAY_KEYS = new Set([
  "zarr_format",
  "node_type",
  "shape",
  "data_type",
  "chunk_grid",
  "chunk_key_encoding",
  "fill_value",
  "codecs",
  "attributes",
  "storage_transformers",
  "dimension_names",
]);

const INTEGER_RANGES: Record<string, [number, number]> = {
  int8: [-(2 ** 7), 2 ** 7 - 1],
  int16: [-(2 ** 15), 2 ** 15 - 1],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 63), 2 ** 63],
  uint8: [0, 2 ** 8 - 1],
  uint16: [0, 2 ** 16 - 1],
  uint32: [0, 2 ** 32 - 1],
  uint64: [0, 2 ** 64],
};
const FLOATS = new Set(["float16", "float32", "float64"]);
const COMPLEX = new Set(["complex64", "complex128"]);
/** Core data types plus the registered "string" and "bytes" (zarr-extensions). */
const NAMED_TYPES = new Set([
  "bool",
  ...Object.keys(INTEGER_RANGES),
  ...FLOATS,
  ...COMPLEX,
  "string",
  "bytes",
]);
/** Registered types that need a configuration ({ length_bytes }). */
const CONFIGURED_TYPES = new Set(["fixed_length_utf32", "null_terminated_bytes"]);

/** Codec kinds: a chain is array->array*, one array->bytes, bytes->bytes*. */
const ARRAY_TO_ARRAY = new Set([
  "transpose",
  "numcodecs.delta",
  "numcodecs.fixedscaleoffset",
  "numcodecs.quantize",
  "numcodecs.astype",
  "numcodecs.bitround",
  "numcodecs.packbits",
  "numcodecs.categorize",
]);
const ARRAY_TO_BYTES = new Set(["bytes", "sharding_indexed", "vlen-utf8", "vlen-bytes"]);
const BYTES_TO_BYTES = new Set([
  "gzip",
  "zstd",
  "blosc",
  "crc32c",
  "numcodecs.zlib",
  "numcodecs.gzip",
  "numcodecs.bz2",
  "numcodecs.lz4",
  "numcodecs.zstd",
  "numcodecs.blosc",
  "numcodecs.shuffle",
  "numcodecs.crc32",
  "numcodecs.crc32c",
  "numcodecs.adler32",
  "numcodecs.fletcher32",
]);
const BLOSC_CNAMES = new Set(["blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"]);
const BLOSC_SHUFFLES = new Set(["noshuffle", "shuffle", "bitshuffle"]);
/** The spec's accepted regex of registered extension names. */
const NAME_PATTERN = /^[a-z][a-z0-9-_.]+$/;

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isInt(v: Json | undefined): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

export function checkV3ArrayMetadata(doc: Json): string[] {
  const errors: string[] = [];
  const fail = (message: string) => errors.push(message);
  if (!isObject(doc)) return ["the document is not a JSON object"];

  for (const key of Object.keys(doc)) {
    if (ARRAY_KEYS.has(key)) continue;
    const v = doc[key];
    // unknown keys: only extension objects that may be ignored
    if (!isObject(v) || v.must_understand !== false) {
      fail(`unknown key "${key}" without "must_understand": false`);
    }
  }
  if (doc.zarr_format !== 3) fail(`zarr_format must be 3, got ${JSON.stringify(doc.zarr_format)}`);
  if (doc.node_type !== "array")
    fail(`node_type must be "array", got ${JSON.stringify(doc.node_type)}`);

  const shape = doc.shape;
  let rank = -1;
  if (!Array.isArray(shape) || !shape.every((n) => isInt(n) && n >= 0)) {
    fail(`shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  } else rank = shape.length;

  const typeName = checkDataType(doc.data_type, fail);
  checkChunkGrid(doc.chunk_grid, rank, shape as number[], fail);
  checkChunkKeyEncoding(doc.chunk_key_encoding, fail);
  if (!("fill_value" in doc)) fail("fill_value is missing");
  else if (typeName) checkFillValue(doc.fill_value, typeName, "fill_value", fail);
  if (!Array.isArray(doc.codecs)) fail("codecs must be an array");
  else checkCodecChain(doc.codecs, rank, typeName, "codecs", fail);

  if ("attributes" in doc && !isObject(doc.attributes)) fail("attributes must be an object");
  if ("storage_transformers" in doc) {
    const st = doc.storage_transformers;
    if (!Array.isArray(st)) fail("storage_transformers must be an array");
    else
      st.forEach((t, i) => {
        checkExtension(t, `storage_transformers[${i}]`, fail);
      });
  }
  if ("dimension_names" in doc && doc.dimension_names !== null) {
    const names = doc.dimension_names;
    if (!Array.isArray(names) || !names.every((n) => n === null || typeof n === "string")) {
      fail("dimension_names must be an array of strings or nulls");
    } else if (rank >= 0 && names.length !== rank) {
      fail(`dimension_names has ${names.length} entries for rank ${rank}`);
    }
  }
  return errors;
}

/** An extension: a conformant name string, or { name, configuration?: object, must_understand? }. */
function checkExtension(
  v: Json | undefined,
  where: string,
  fail: (m: string) => void,
): { name: string; configuration: JsonObject } | undefined {
  if (typeof v === "string") {
    if (!NAME_PATTERN.test(v)) fail(`${where}: "${v}" is not a conformant extension name`);
    return { name: v, configuration: {} };
  }
  if (!isObject(v) || typeof v.name !== "string") {
    fail(`${where} must be a name or an object with a string "name"`);
    return undefined;
  }
  if (!NAME_PATTERN.test(v.name)) fail(`${where}: "${v.name}" is not a conformant extension name`);
  if ("configuration" in v && !isObject(v.configuration))
    fail(`${where}.configuration must be an object`);
  for (const key of Object.keys(v)) {
    if (key !== "name" && key !== "configuration" && key !== "must_understand") {
      fail(`${where} has an unknown member "${key}"`);
    }
  }
  if ("must_understand" in v && typeof v.must_understand !== "boolean") {
    fail(`${where}.must_understand must be a boolean`);
  }
  return { name: v.name, configuration: isObject(v.configuration) ? v.configuration : {} };
}

function checkDataType(v: Json | undefined, fail: (m: string) => void): string | undefined {
  const ext = checkExtension(v, "data_type", fail);
  if (!ext) return undefined;
  if (isObject(v) && v.must_understand === false)
    fail("data_type may not set must_understand false");
  if (NAMED_TYPES.has(ext.name)) {
    if (isObject(v) && Object.keys(ext.configuration).length > 0) {
      fail(`data_type ${ext.name} takes no configuration`);
    }
    return ext.name;
  }
  if (/^r\d+$/.test(ext.name) && Number(ext.name.slice(1)) % 8 === 0) return ext.name;
  if (CONFIGURED_TYPES.has(ext.name)) {
    const length = ext.configuration.length_bytes;
    const unit = ext.name === "fixed_length_utf32" ? 4 : 1;
    if (!isInt(length) || length < 1 || length % unit !== 0) {
      fail(
        `data_type ${ext.name} needs configuration.length_bytes, a positive multiple of ${unit}`,
      );
    }
    return ext.name;
  }
  fail(`data_type "${ext.name}" is not a known data type`);
  return undefined;
}

function checkChunkGrid(
  v: Json | undefined,
  rank: number,
  shape: number[],
  fail: (m: string) => void,
): void {
  const ext = checkExtension(v, "chunk_grid", fail);
  if (!ext) return;
  if (ext.name !== "regular")
    return void fail(`chunk_grid name must be "regular", got "${ext.name}"`);
  const cs = ext.configuration.chunk_shape;
  if (!Array.isArray(cs) || !cs.every((n) => isInt(n) && n >= 1)) {
    return void fail(
      `chunk_grid.configuration.chunk_shape must be positive integers, got ${JSON.stringify(cs)}`,
    );
  }
  if (rank >= 0 && cs.length !== rank) fail(`chunk_shape has rank ${cs.length}, shape has ${rank}`);
  void shape;
}

function checkChunkKeyEncoding(v: Json | undefined, fail: (m: string) => void): void {
  const ext = checkExtension(v, "chunk_key_encoding", fail);
  if (!ext) return;
  if (ext.name !== "default" && ext.name !== "v2") {
    return void fail(`chunk_key_encoding name must be "default" or "v2", got "${ext.name}"`);
  }
  const sep = ext.configuration.separator;
  if (sep !== undefined && sep !== "/" && sep !== ".") {
    fail(`chunk_key_encoding separator must be "/" or ".", got ${JSON.stringify(sep)}`);
  }
}

function checkFloat(v: Json | undefined, where: string, fail: (m: string) => void): void {
  if (typeof v === "number") return;
  if (v === "NaN" || v === "Infinity" || v === "-Infinity") return;
  if (typeof v === "string" && /^0x[0-9a-fA-F]+$/.test(v)) return; // raw bits
  fail(
    `${where} must be a number, "NaN", "Infinity", "-Infinity" or a hex string, got ${JSON.stringify(v)}`,
  );
}

function checkFillValue(
  v: Json | undefined,
  type: string,
  where: string,
  fail: (m: string) => void,
): void {
  const bad = (what: string) =>
    fail(`${where} for ${type} must be ${what}, got ${JSON.stringify(v)}`);
  if (type === "bool") {
    if (typeof v !== "boolean") bad("true or false");
  } else if (type in INTEGER_RANGES) {
    const [lo, hi] = INTEGER_RANGES[type];
    if (!isInt(v) || v < lo || v > hi) bad(`an integer in [${lo}, ${hi}]`);
  } else if (FLOATS.has(type)) {
    checkFloat(v, where, fail);
  } else if (COMPLEX.has(type)) {
    if (!Array.isArray(v) || v.length !== 2) bad("[real, imaginary]");
    else
      v.forEach((part, i) => {
        checkFloat(part, `${where}[${i}]`, fail);
      });
  } else if (/^r\d+$/.test(type)) {
    const n = Number(type.slice(1)) / 8;
    if (!Array.isArray(v) || v.length !== n || !v.every((b) => isInt(b) && b >= 0 && b <= 255)) {
      bad(`${n} byte values`);
    }
  } else if (type === "string" || type === "fixed_length_utf32") {
    if (typeof v !== "string") bad("a string");
  } else if (type === "bytes") {
    const ok = Array.isArray(v)
      ? v.every((b) => isInt(b) && b >= 0 && b <= 255)
      : typeof v === "string";
    if (!ok) bad("byte values or a base64 string");
  } else if (type === "null_terminated_bytes") {
    if (typeof v !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) bad("a base64 string");
  }
}

/** array->array*, one array->bytes, bytes->bytes*; each codec's configuration per its spec. */
function checkCodecChain(
  codecs: Json[],
  rank: number,
  typeName: string | undefined,
  where: string,
  fail: (m: string) => void,
): void {
  if (codecs.length === 0)
    return void fail(`${where} may not be empty (it needs an array -> bytes codec)`);
  let stage = 0; // 0: array->array, 1: after array->bytes
  let serializers = 0;
  codecs.forEach((codec, i) => {
    const at = `${where}[${i}]`;
    const ext = checkExtension(codec, at, fail);
    if (!ext) return;
    const { name, configuration: c } = ext;
    if (ARRAY_TO_ARRAY.has(name)) {
      if (stage !== 0) fail(`${at}: array -> array codec "${name}" after the array -> bytes codec`);
    } else if (ARRAY_TO_BYTES.has(name)) {
      serializers++;
      stage = 1;
    } else if (BYTES_TO_BYTES.has(name)) {
      if (stage !== 1)
        fail(`${at}: bytes -> bytes codec "${name}" before the array -> bytes codec`);
    } else {
      fail(`${at}: unknown codec "${name}"`);
    }
    checkCodecConfiguration(name, c, rank, typeName, at, fail);
  });
  if (serializers !== 1)
    fail(`${where} must hold exactly one array -> bytes codec, found ${serializers}`);
}

function checkCodecConfiguration(
  name: string,
  c: JsonObject,
  rank: number,
  typeName: string | undefined,
  at: string,
  fail: (m: string) => void,
): void {
  const only = (...keys: string[]) => {
    for (const k of Object.keys(c))
      if (!keys.includes(k)) fail(`${at}: ${name} has no option "${k}"`);
  };
  switch (name) {
    case "bytes": {
      only("endian");
      const multiByte =
        typeName !== undefined &&
        !["bool", "int8", "uint8", "null_terminated_bytes"].includes(typeName);
      if (c.endian === undefined ? multiByte : c.endian !== "little" && c.endian !== "big") {
        fail(`${at}: bytes needs endian "little" or "big" for ${typeName}`);
      }
      return;
    }
    case "transpose": {
      only("order");
      const order = c.order;
      const isPerm =
        Array.isArray(order) &&
        order.length === rank &&
        [...order].sort((a, b) => Number(a) - Number(b)).every((v, i) => v === i);
      if (!isPerm) fail(`${at}: transpose order must be a permutation of 0..${rank - 1}`);
      return;
    }
    case "gzip":
      only("level");
      if (!isInt(c.level) || c.level < 0 || c.level > 9)
        fail(`${at}: gzip level must be an integer 0-9`);
      return;
    case "zstd":
      only("level", "checksum");
      if (!isInt(c.level)) fail(`${at}: zstd level must be an integer`);
      if (typeof c.checksum !== "boolean") fail(`${at}: zstd checksum must be a boolean`);
      return;
    case "blosc":
      only("cname", "clevel", "shuffle", "typesize", "blocksize");
      if (typeof c.cname !== "string" || !BLOSC_CNAMES.has(c.cname))
        fail(`${at}: blosc cname ${JSON.stringify(c.cname)}`);
      if (!isInt(c.clevel) || c.clevel < 0 || c.clevel > 9) fail(`${at}: blosc clevel must be 0-9`);
      if (typeof c.shuffle !== "string" || !BLOSC_SHUFFLES.has(c.shuffle))
        fail(`${at}: blosc shuffle ${JSON.stringify(c.shuffle)}`);
      if (c.shuffle !== "noshuffle" && !(isInt(c.typesize) && c.typesize >= 1)) {
        fail(`${at}: blosc typesize must be a positive integer when shuffling`);
      }
      if (!isInt(c.blocksize) || c.blocksize < 0)
        fail(`${at}: blosc blocksize must be a non-negative integer`);
      return;
    case "crc32c":
      only();
      return;
    case "vlen-utf8":
    case "vlen-bytes":
      only();
      return;
    case "sharding_indexed": {
      only("chunk_shape", "codecs", "index_codecs", "index_location");
      const cs = c.chunk_shape;
      if (!Array.isArray(cs) || cs.length !== rank || !cs.every((n) => isInt(n) && n >= 1)) {
        fail(`${at}: sharding chunk_shape must be ${rank} positive integers`);
      }
      if (!Array.isArray(c.codecs)) fail(`${at}: sharding codecs must be an array`);
      else checkCodecChain(c.codecs, rank, typeName, `${at}.codecs`, fail);
      if (!Array.isArray(c.index_codecs)) fail(`${at}: sharding index_codecs must be an array`);
      else checkCodecChain(c.index_codecs, rank + 1, "uint64", `${at}.index_codecs`, fail);
      if (
        c.index_location !== undefined &&
        c.index_location !== "start" &&
        c.index_location !== "end"
      ) {
        fail(`${at}: index_location must be "start" or "end"`);
      }
      return;
    }
  }
}

/** The shard shape must be a multiple of the inner chunk shape (sharding spec). */
export function checkShardDivisibility(doc: Json): string[] {
  if (!isObject(doc) || !Array.isArray(doc.codecs) || !isObject(doc.chunk_grid)) return [];
  const first = doc.codecs[0];
  if (!isObject(first) || first.name !== "sharding_indexed" || !isObject(first.configuration))
    return [];
  const grid = isObject(doc.chunk_grid.configuration)
    ? doc.chunk_grid.configuration.chunk_shape
    : undefined;
  const inner = first.configuration.chunk_shape;
  if (!Array.isArray(grid) || !Array.isArray(inner)) return [];
  return grid.every((s, d) => Number(s) % Number(inner[d]) === 0)
    ? []
    : [
        `shard shape ${JSON.stringify(grid)} is not a multiple of the inner chunk shape ${JSON.stringify(inner)}`,
      ];
}
