/**
 * Reads arrays written by zarr-python and zarrs chunk by chunk through these codecs
 * (a tiny hand-made pipeline: no core Array needed). Blosc, zstd and lz4 come from
 * numcodecs.js, as their WASM versions live elsewhere.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import type {
  ArrayToArrayCodec,
  ArrayToBytesCodec,
  BytesToBytesCodec,
  ChunkSpec,
  Codec,
  CodecMetadata,
  DataType,
} from "@zarrkit/core";
import Blosc from "numcodecs/blosc";
import LZ4 from "numcodecs/lz4";
import Zstd from "numcodecs/zstd";
import { describe, expect, it } from "vitest";
import { PURE_CODECS } from "./register-pure.js";
import { ctx, FIXTURES, type Json, v2DataType } from "./vectors.test-util.js";

const borrowed: Record<string, { decode(b: Uint8Array): Promise<Uint8Array> | Uint8Array }> = {
  blosc: new Blosc(),
  "numcodecs.blosc": new Blosc(),
  zstd: new Zstd(),
  "numcodecs.zstd": new Zstd(),
  "numcodecs.lz4": new LZ4(),
};

async function makeCodec(meta: CodecMetadata, s: ChunkSpec): Promise<Codec> {
  const load = PURE_CODECS[meta.name];
  if (load) return (await load())(meta.configuration ?? {}, s, ctx);
  const other = borrowed[meta.name];
  if (!other) throw new Error(`no codec ${meta.name}`);
  return {
    kind: "bytes_to_bytes",
    name: meta.name,
    encode: () => {
      throw new Error("decode only");
    },
    decode: async (b: Uint8Array) => new Uint8Array(await other.decode(b)),
  };
}

/** Decodes one chunk as core's pipeline does: bytes->bytes reversed, array->bytes, array->array reversed. */
async function decodeChunk(metas: CodecMetadata[], s: ChunkSpec, bytes: Uint8Array) {
  const a2a: [ArrayToArrayCodec, ChunkSpec][] = [];
  const b2b: BytesToBytesCodec[] = [];
  let a2b: [ArrayToBytesCodec, ChunkSpec] | undefined;
  let cur = s;
  for (const meta of metas) {
    const codec = await makeCodec(meta, cur);
    if (codec.kind === "array_to_array") {
      a2a.push([codec, cur]);
      cur = codec.encodedSpec(cur);
    } else if (codec.kind === "array_to_bytes") a2b = [codec, cur];
    else b2b.push(codec);
  }
  if (!a2b) throw new Error("no array->bytes codec");
  const size = a2b[0].encodedSize?.(a2b[1]);
  for (let i = b2b.length - 1; i >= 0; i--) {
    bytes = await b2b[i].decode(bytes, a2b[1]);
  }
  if (size !== undefined) expect(bytes.length).toBe(size);
  let chunk = await a2b[0].decode(bytes, a2b[1]);
  for (let i = a2a.length - 1; i >= 0; i--) chunk = await a2a[i][0].decode(chunk, a2a[i][1]);
  return chunk;
}

interface ArrayMeta {
  shape: number[];
  chunks: number[];
  dataType: DataType;
  codecs: CodecMetadata[];
  key: (coords: number[]) => string;
  fill: unknown;
}

const OBJECT_CODECS = ["vlen-utf8", "vlen-bytes", "json2"];

/** A v2 .zarray as the v3-shaped codec chain core builds from it. */
function fromZarray(z: Json): ArrayMeta {
  const filters: Json[] = z.filters ?? [];
  const object = filters.find((f) => OBJECT_CODECS.includes(f.id));
  const dataType = v2DataType(z.dtype);
  const codecs: CodecMetadata[] = [];
  if (z.order === "F")
    codecs.push({
      name: "transpose",
      configuration: { order: z.shape.map((_: number, i: number) => z.shape.length - 1 - i) },
    });
  const numcodecs = ({ id, ...configuration }: Json) => ({
    name: `numcodecs.${id}`,
    configuration,
  });
  for (const f of filters) if (f !== object) codecs.push(numcodecs(f));
  if (object) codecs.push(numcodecs(object));
  else
    codecs.push({
      name: "bytes",
      configuration: dataType.endian === "none" ? {} : { endian: dataType.endian },
    });
  if (z.compressor) codecs.push(numcodecs(z.compressor));
  const sep = z.dimension_separator ?? ".";
  return {
    shape: z.shape,
    chunks: z.chunks,
    dataType,
    codecs,
    key: (c) => (c.length ? c.join(sep) : "0"),
    fill: z.fill_value,
  };
}

function fromZarrJson(z: Json): ArrayMeta {
  const enc = z.chunk_key_encoding ?? { name: "default" };
  const sep = enc.configuration?.separator ?? (enc.name === "v2" ? "." : "/");
  const name = z.data_type as DataType["name"];
  return {
    shape: z.shape,
    chunks: z.chunk_grid.configuration.chunk_shape,
    dataType: { name, itemSize: 0, endian: "none" },
    codecs: z.codecs,
    key: enc.name === "v2" ? (c) => c.join(sep) : (c) => ["c", ...c].join(sep),
    fill: z.fill_value,
  };
}

/** Every chunk decoded and copied into one C-order array. */
async function readAll(dir: URL, meta: ArrayMeta): Promise<unknown[]> {
  const total = meta.shape.reduce((a, b) => a * b, 1);
  const out: unknown[] = new Array(total).fill(meta.fill);
  const grid = meta.shape.map((n, i) => Math.ceil(n / meta.chunks[i]));
  const count = grid.reduce((a, b) => a * b, 1);
  const s: ChunkSpec = { shape: meta.chunks, dataType: meta.dataType, fillValue: 0 };
  for (let c = 0; c < count; c++) {
    const coords: number[] = [];
    let rem = c;
    for (let ax = grid.length - 1; ax >= 0; ax--) {
      coords[ax] = rem % grid[ax];
      rem = Math.floor(rem / grid[ax]);
    }
    const file = new URL(meta.key(coords), dir);
    if (!existsSync(file)) continue;
    const chunk = await decodeChunk(meta.codecs, s, new Uint8Array(readFileSync(file)));
    const data = chunk.data as ArrayLike<unknown>;
    const n = meta.chunks.reduce((a, b) => a * b, 1);
    for (let i = 0; i < n; i++) {
      let r = i;
      let flat = 0;
      let inside = true;
      const idx: number[] = [];
      for (let ax = meta.chunks.length - 1; ax >= 0; ax--) {
        idx[ax] = coords[ax] * meta.chunks[ax] + (r % meta.chunks[ax]);
        r = Math.floor(r / meta.chunks[ax]);
        if (idx[ax] >= meta.shape[ax]) inside = false;
      }
      if (!inside) continue;
      for (let ax = 0; ax < idx.length; ax++) flat = flat * meta.shape[ax] + idx[ax];
      out[flat] = data[i];
    }
  }
  return out;
}

const norm = (v: unknown) => (typeof v === "boolean" ? +v : v === null ? Number.NaN : v);

function expectSame(actual: unknown[], expected: unknown[]) {
  expect(actual.map(norm)).toEqual(expected.map(norm));
}

for (const version of ["v2", "v3"] as const) {
  describe(`zarrita ${version} fixtures (written by zarr-python)`, () => {
    const root = new URL(`zarrita/${version}/data.zarr/`, FIXTURES);
    const expected = JSON.parse(readFileSync(new URL("../expected.json", root), "utf8"));
    for (const name of Object.keys(expected)) {
      const dir = new URL(`${name.split("/").map(encodeURIComponent).join("/")}/`, root);
      const metaFile = version === "v2" ? ".zarray" : "zarr.json";
      const raw = JSON.parse(readFileSync(new URL(metaFile, dir), "utf8"));
      const meta = version === "v2" ? fromZarray(raw) : fromZarrJson(raw);
      const missing = meta.codecs.map((c) => c.name).filter((n) => !PURE_CODECS[n] && !borrowed[n]);
      const test = missing.length ? it.skip : it;
      test(`${name} (${meta.codecs.map((c) => c.name).join(", ")})`, async () => {
        expectSame(await readAll(dir, meta), expected[name].data);
      });
    }
  });
}

describe("zarrs fixtures", () => {
  const values = Array.from({ length: 100 }, (_, i) => i);
  const zarrs = new URL("zarrs/", FIXTURES);
  for (const name of ["none", "gzip", "zlib", "fletcher32", "blosc", "zstd"]) {
    it(`v3_zarr_python/array_${name}.zarr`, async () => {
      const dir = new URL(`v3_zarr_python/array_${name}.zarr/`, zarrs);
      const meta = fromZarrJson(JSON.parse(readFileSync(new URL("zarr.json", dir), "utf8")));
      expectSame(await readAll(dir, meta), values);
    });
  }
  for (const name of ["none_C", "gzip_C", "blosc_C", "zstd_C", "none_F", "blosc_F"]) {
    it(`v2/array_${name}.zarr`, async () => {
      const dir = new URL(`v2/array_${name}.zarr/`, zarrs);
      const meta = fromZarray(JSON.parse(readFileSync(new URL(".zarray", dir), "utf8")));
      expectSame(await readAll(dir, meta), values);
    });
  }
  it("zarr_python_compat/fletcher32.zarr (v2 fletcher32 compressor)", async () => {
    const dir = new URL("zarr_python_compat/fletcher32.zarr/", zarrs);
    const meta = fromZarray(JSON.parse(readFileSync(new URL(".zarray", dir), "utf8")));
    const all = await readAll(dir, meta);
    expect(all.length).toBe(10_000);
    expect(readdirSync(dir).length).toBeGreaterThan(4);
  });
  it("zarr_python_compat/str_v2_fv_0.zarr (v2 vlen-utf8)", async () => {
    const dir = new URL("zarr_python_compat/str_v2_fv_0.zarr/", zarrs);
    const meta = fromZarray(JSON.parse(readFileSync(new URL(".zarray", dir), "utf8")));
    meta.fill = "";
    const all = await readAll(dir, meta);
    expect(all.length).toBe(5);
    expect(all.every((v) => typeof v === "string")).toBe(true);
  });
  it("cities (v2 |O vlen-utf8 and v3 string vlen-utf8)", async () => {
    const cities = readFileSync(new URL("zarrs/cities.csv", FIXTURES), "utf8").split(/\r?\n/);
    for (const [path, v2] of [
      ["zarr_python_compat/cities_v2.zarr/", true],
      ["zarr_python_compat/cities_v3.zarr/", false],
      ["v3/cities.zarr/", false],
    ] as const) {
      const dir = new URL(path, zarrs);
      const raw = JSON.parse(readFileSync(new URL(v2 ? ".zarray" : "zarr.json", dir), "utf8"));
      const all = await readAll(dir, v2 ? fromZarray(raw) : fromZarrJson(raw));
      expect(all.length).toBe(47_868);
      expect(all).toEqual(cities.slice(0, 47_868));
    }
  });
});
