/**
 * Must-show 2 of issue 13: property-based fuzzing (fast-check) of everything zarrkit
 * parses from a store: metadata documents (v2 .zarray/.zattrs/.zgroup/.zmetadata, v3
 * zarr.json with sharding and codec configurations), kerchunk references (v0, v1),
 * zip directories and shard indexes. Every input either reads or fails with a
 * ZarrError subclass, within a time bound and a memory bound per case, and the default
 * worker pool (which decodes every read here) still reads normally afterwards.
 *
 * FUZZ_RUNS=5000 pnpm vitest run packages/zarrkit/src/hostile-documents.fuzz.test.ts
 * runs more cases per property (the default keeps CI under a minute).
 */
import { crc32c } from "@zarrkit/codecs";
import fc from "fast-check";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import {
  create,
  MemoryStore,
  open,
  ReferenceStore,
  type Store,
  StoreError,
  ZarrError,
  type ZarrNode,
  ZipStore,
  ZipWriterStore,
} from "./index.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** A case that takes longer than this is a hang (huge, for a busy 2-core machine). */
const CASE_MS = 20_000;
/** Growth of the process's memory a case may cause (a bound on allocations it makes). */
const CASE_MEMORY_BYTES = 512 * 1024 * 1024;
/** Largest selection read whole; bigger arrays read their first element. */
const WHOLE_READ_ELEMENTS = 1 << 16;

let cases = 0;
/** Outcomes per property ("read", or the error class): cases must reach the readers. */
const outcomes = new Map<string, Map<string, number>>();
let property = "";
afterAll(() => {
  console.log(`hostile-documents fuzz: ${cases} cases`);
  for (const [name, tally] of outcomes) {
    console.log(`  ${name}: ${[...tally].map(([what, n]) => `${what} ${n}`).join(", ")}`);
  }
});

function count(what: string): void {
  const tally = outcomes.get(property) ?? new Map<string, number>();
  outcomes.set(property, tally);
  tally.set(what, (tally.get(what) ?? 0) + 1);
}

const text = (s: string) => new TextEncoder().encode(s);

/** Opens the store's root and reads every node (a few levels, a few children each). */
async function readEverything(store: Store): Promise<void> {
  const visit = async (node: ZarrNode, depth: number): Promise<void> => {
    if (node.kind === "group") {
      if (depth > 2) return;
      for (const child of (await node.children()).slice(0, 4)) {
        await visit(await node.open(child.name), depth + 1);
      }
      return;
    }
    const size = node.shape.reduce((a, b) => a * b, 1);
    if (size <= WHOLE_READ_ELEMENTS) {
      await node.get(null);
      if (node.dataType.name !== "string" && node.dataType.name !== "bytes") {
        await node.stats().catch((e: unknown) => {
          // reductions refuse some types (strings, raw bits) with a ZarrError
          if (!(e instanceof ZarrError)) throw e;
        });
      }
    } else {
      await node.get(node.shape.map(() => 0));
    }
  };
  await visit(await open(store), 0);
}

/** Runs a case: it must resolve, or reject with a ZarrError, in time and memory bounds. */
async function readsOrZarrError(describeCase: () => string, run: () => Promise<void>) {
  cases++;
  const before = process.memoryUsage().rss;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CASE_MS} ms`)), CASE_MS);
  });
  try {
    await Promise.race([run(), hang]);
    count("read");
  } catch (error) {
    count(error instanceof Error ? error.constructor.name : typeof error);
    if (process.env.FUZZ_DEBUG) console.log(property.slice(0, 10), String(error).slice(0, 160));
    if (!(error instanceof ZarrError)) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new Error(`${message}\nfor ${describeCase()}`, { cause: error });
    }
  } finally {
    clearTimeout(timer);
  }
  const grown = process.memoryUsage().rss - before;
  if (grown > CASE_MEMORY_BYTES) {
    throw new Error(`grew the process by ${grown >> 20} MiB for ${describeCase()}`);
  }
}

const anyJson = fc.jsonValue({ maxDepth: 3 });
const oddValues = fc.constantFrom<unknown>(
  null,
  -1,
  0,
  1.5,
  2 ** 31,
  2 ** 53,
  1e308,
  "",
  "NaN",
  [],
  {},
  [-1],
  [0],
  [2 ** 40, 2 ** 40],
);
/** Mostly the valid value, sometimes something else. */
function mostly<T>(valid: T, ...others: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 24, arbitrary: fc.constant(valid) },
    { weight: 1, arbitrary: oddValues },
    { weight: 1, arbitrary: anyJson },
    ...others.map((arbitrary) => ({ weight: 2, arbitrary })),
  );
}
const VALID_ZARRAY = {
  zarr_format: 2,
  shape: [6, 5],
  chunks: [4, 3],
  dtype: "<f4",
  compressor: null,
  fill_value: 0,
  order: "C",
  filters: null,
};
const shapeLike = fc.array(fc.integer({ min: -2, max: 40 }), { maxLength: 4 });

const zarrayDoc = fc.record({
  zarr_format: mostly(2, fc.constant(3)),
  shape: mostly([6, 5], shapeLike),
  chunks: mostly([4, 3], shapeLike),
  dtype: mostly(
    "<f4",
    fc.constantFrom("<i8", "|b1", "<c16", "<U4", "|O", "|S3", "<M8[ns]", "|V4", ">u2", "<f2"),
    fc.constantFrom("xyz", "<i3", "<U-1", "<M8[zz]", "|V0", "<U99999999999"),
  ),
  compressor: mostly(
    null,
    fc.constantFrom(
      { id: "zlib", level: 1 },
      { id: "blosc", cname: "lz4", clevel: 5, shuffle: 1, blocksize: 0 },
      { id: "blosc", cname: "bogus", clevel: 99, shuffle: 7 },
      { id: "zstd", level: 3 },
      { id: "lz4", acceleration: -1 },
      { id: "bz2", level: 0 },
      { id: "nope" },
    ),
  ),
  fill_value: mostly(0, fc.constantFrom("NaN", "Infinity", "AAAA", "x", 2 ** 64, true)),
  order: mostly("C", fc.constantFrom("F", "X")),
  filters: mostly(
    null,
    fc.constantFrom(
      [{ id: "delta", dtype: "<f4" }],
      [{ id: "fixedscaleoffset", offset: 0, scale: 0, dtype: "<f4" }],
      [{ id: "quantize", digits: -5, dtype: "<f4" }],
      [{ id: "astype", encode_dtype: "<i1", decode_dtype: "<f4" }],
      [{ id: "categorize", labels: [], dtype: "<U1" }],
      [{ id: "packbits" }],
    ),
  ),
  dimension_separator: mostly(".", fc.constantFrom("/", "x")),
});

const bytesCodec = { name: "bytes", configuration: { endian: "little" } };
const codecList = fc.constantFrom<unknown>(
  [bytesCodec],
  [{ name: "transpose", configuration: { order: [1, 0] } }, bytesCodec],
  [{ name: "transpose", configuration: { order: [0, 0] } }, bytesCodec],
  [bytesCodec, { name: "gzip", configuration: { level: 99 } }],
  [bytesCodec, { name: "zstd", configuration: { level: 3, checksum: true } }],
  [bytesCodec, { name: "blosc", configuration: { cname: "zstd", clevel: 1, shuffle: "x" } }],
  [bytesCodec, { name: "crc32c" }],
  [{ name: "crc32c" }, bytesCodec],
  [],
  [{ name: "vlen-utf8" }],
);
const shardingCodec = fc
  .record({
    chunk_shape: mostly([2, 2], shapeLike),
    codecs: mostly([bytesCodec], codecList),
    index_codecs: mostly([bytesCodec, { name: "crc32c" }], codecList),
    index_location: mostly("end", fc.constantFrom("start", "middle")),
  })
  .map((configuration) => [{ name: "sharding_indexed", configuration }]);
const zarrJsonDoc = fc.record({
  zarr_format: mostly(3, fc.constant(2)),
  node_type: mostly("array", fc.constantFrom("group", "other")),
  shape: mostly([6, 5], shapeLike),
  data_type: mostly(
    "float32",
    fc.constantFrom("int64", "bool", "complex64", "r16", "uint8", "string", "bytes", "float16"),
    fc.constantFrom("r0", "r7", "float128", "numpy.datetime64"),
  ),
  chunk_grid: mostly(
    { name: "regular", configuration: { chunk_shape: [4, 4] } },
    shapeLike.map((chunk_shape) => ({ name: "regular", configuration: { chunk_shape } })),
    fc.constant({ name: "rectilinear", configuration: {} }),
  ),
  chunk_key_encoding: mostly(
    { name: "default", configuration: { separator: "/" } },
    fc.constantFrom({ name: "v2" }, { name: "default", configuration: { separator: "x" } }),
  ),
  fill_value: mostly(0, fc.constantFrom("NaN", "0x7fc00000", "Infinity", [1, 2], "abc")),
  codecs: mostly([bytesCodec], codecList, shardingCodec),
  attributes: mostly({}, anyJson),
  dimension_names: mostly(undefined, fc.constantFrom(["x", "y"], ["x"], [1, 2])),
});

/** Random chunk bytes under the keys either format could ask for. */
const chunkEntries = fc.dictionary(
  fc.constantFrom("0.0", "0/0", "c/0/0", "c.0.0", "1.1", "c/1/1", "0", "c/0"),
  fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    // exactly the size of an uncompressed chunk: decodes to values
    fc.uint8Array({ minLength: 48, maxLength: 48 }),
    fc.uint8Array({ minLength: 64, maxLength: 64 }),
  ),
  { maxKeys: 4 },
);

/** A document's text, sometimes cut or with a few characters replaced. */
function mangled(doc: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc
    .tuple(
      doc,
      fc.oneof(
        { weight: 3, arbitrary: fc.constant([]) },
        fc.array(fc.tuple(fc.nat(), fc.string({ maxLength: 3 })), { maxLength: 2 }),
      ),
    )
    .map(([value, edits]) => {
      let s = JSON.stringify(value) ?? "null";
      for (const [at, insert] of edits) {
        const i = at % (s.length + 1);
        s = s.slice(0, i) + insert + s.slice(i + 1);
      }
      return s;
    });
}

function storeOf(files: Record<string, string | Uint8Array>): MemoryStore {
  const entries: [string, Uint8Array][] = Object.entries(files).map(([k, v]) => [
    k,
    typeof v === "string" ? text(v) : v,
  ]);
  return new MemoryStore(entries);
}

describe("hostile documents (fast-check)", () => {
  beforeEach((context) => {
    property = context.task.name;
  });

  it("v2 .zarray / .zattrs / .zgroup / .zmetadata", async () => {
    await fc.assert(
      fc.asyncProperty(
        mangled(zarrayDoc),
        fc.oneof(mangled(anyJson), fc.constant(undefined)),
        chunkEntries,
        fc.boolean(),
        async (zarray, zattrs, chunks, consolidated) => {
          const files: Record<string, string | Uint8Array> = {};
          if (consolidated) {
            files[".zgroup"] = '{"zarr_format":2}';
            const metadata: Record<string, unknown> = { ".zgroup": { zarr_format: 2 } };
            try {
              metadata["a/.zarray"] = JSON.parse(zarray);
              if (zattrs) metadata["a/.zattrs"] = JSON.parse(zattrs);
            } catch {
              metadata["a/.zarray"] = zarray;
            }
            files[".zmetadata"] = JSON.stringify({ zarr_consolidated_format: 1, metadata });
            for (const [k, v] of Object.entries(chunks)) files[`a/${k}`] = v;
          } else {
            files[".zarray"] = zarray;
            if (zattrs !== undefined) files[".zattrs"] = zattrs;
            Object.assign(files, chunks);
          }
          await readsOrZarrError(
            () => JSON.stringify(files, bytesAsLength),
            () => readEverything(storeOf(files)),
          );
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it("v3 zarr.json, sharding and codec configurations", async () => {
    await fc.assert(
      fc.asyncProperty(mangled(zarrJsonDoc), chunkEntries, async (zarrJson, chunks) => {
        const files = { "zarr.json": zarrJson, ...chunks };
        await readsOrZarrError(
          () => JSON.stringify(files, bytesAsLength),
          () => readEverything(storeOf(files)),
        );
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("kerchunk references (v0 and v1)", async () => {
    const target = new Uint8Array(256).map((_, i) => i);
    const readTarget = async (
      url: string,
      range?: { offset: number; length: number } | { suffixLength: number },
    ) => {
      if (url !== "memory://target") return undefined;
      if (!range) return target.slice();
      if ("suffixLength" in range) return target.slice(Math.max(0, 256 - range.suffixLength));
      return target.slice(range.offset, range.offset + range.length);
    };
    const refValue = fc.oneof(
      mangled(zarrayDoc),
      fc.uint8Array({ maxLength: 64 }).map((b) => `base64:${Buffer.from(b).toString("base64")}`),
      fc
        .tuple(fc.constantFrom("memory://target", "{{u}}", "memory://other", ""))
        .map((t) => [...t]),
      fc.tuple(
        fc.constantFrom("memory://target", "{{u}}"),
        fc.oneof(fc.integer({ min: -10, max: 300 }), fc.constantFrom(2 ** 53, 1.5)),
        fc.oneof(fc.integer({ min: -10, max: 300 }), fc.constantFrom(2 ** 53, 0)),
      ),
      anyJson,
    );
    const extra = fc.dictionary(
      fc.constantFrom(".zarray", ".zattrs", ".zgroup", "0.0", "1.1", "0", "a/.zarray", "../x"),
      refValue,
      { maxKeys: 3 },
    );
    // mostly a readable array (.zarray, chunks in the target), then hostile entries
    const refs = fc
      .tuple(
        mostly(JSON.stringify(VALID_ZARRAY)),
        mostly(["memory://target", 0, 48], fc.constant(["memory://target", 200, 48])),
        mostly(["memory://target", 48, 48], fc.constant(["{{u}}", 48, 48])),
        extra,
      )
      .map(([zarray, c00, c01, rest]) => ({ ".zarray": zarray, "0.0": c00, "0.1": c01, ...rest }));
    const gen = fc.array(
      fc.record({
        key: mostly("{{i}}.0", fc.constantFrom("{{j}}", "{{i}}.{{i}}")),
        url: mostly("{{u}}", fc.constant("memory://target")),
        offset: mostly("{{i * 8}}", fc.constantFrom("{{i}}", "{{ i - 1 }}", "{{zz}}")),
        length: mostly(8, fc.constantFrom("{{i}}", -1)),
        dimensions: mostly(
          { i: 3 },
          fc.constantFrom(
            { i: [0, 1] },
            { i: { start: 0, stop: 4, step: 2 } },
            { i: { stop: 0, step: 0 } },
            { i: -1 },
          ),
        ),
      }),
      { maxLength: 2 },
    );
    const document = fc.oneof(
      refs,
      fc.record({
        version: mostly(1, fc.constant(2)),
        templates: mostly({ u: "memory://target" }, anyJson),
        refs,
        gen: mostly([], gen),
      }),
    );
    await fc.assert(
      fc.asyncProperty(mangled(document), async (doc) => {
        await readsOrZarrError(
          () => doc,
          async () => {
            // parsed as ReferenceStore.load parses a document it fetched
            const files = { "refs.json": doc };
            const source = storeOf(files);
            const store = await ReferenceStore.load("memory://refs.json", {
              readTarget: async (url, range) =>
                url === "memory://refs.json" ? source.get("refs.json") : readTarget(url, range),
            });
            await readEverything(store);
          },
        );
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it("zip directories, end records and local headers", async () => {
    const valid = await validZip();
    const eocd = valid.length - 22;
    const view = new DataView(valid.buffer);
    const centralStart = view.getUint32(eocd + 16, true);
    const interesting = fc.constantFrom(0, 1, 0xff, 0xffff, 0xffffffff, 0x7fffffff, valid.length);
    const edit = fc.record({
      at: fc.oneof(
        fc.integer({ min: eocd + 4, max: valid.length - 1 }),
        fc.integer({ min: centralStart, max: eocd - 1 }),
        fc.integer({ min: 0, max: 40 }),
      ),
      width: fc.constantFrom(1, 2, 4),
      value: fc.oneof(interesting, fc.nat()),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(edit, { minLength: 1, maxLength: 6 }),
        fc.nat({ max: 40 }),
        async (edits, cut) => {
          const bytes = valid.slice(0, valid.length - (cut > 36 ? cut : 0));
          const dv = new DataView(bytes.buffer);
          for (const { at, width, value } of edits) {
            if (at + width > bytes.length) continue;
            if (width === 1) dv.setUint8(at, value & 0xff);
            else if (width === 2) dv.setUint16(at, value & 0xffff, true);
            else dv.setUint32(at, value >>> 0, true);
          }
          await readsOrZarrError(
            () => JSON.stringify({ edits, cut }),
            () => readEverything(new ZipStore(bytes)),
          );
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it("shard indexes: offsets and lengths out of range, overlapping, missing", async () => {
    const { store, key, expected, entries } = await shardedArray();
    const shard = store.map.get(key)!;
    const indexBytes = entries * 16;
    const body = shard.subarray(0, shard.length - indexBytes - 4);
    const realIndex = new DataView(shard.buffer, shard.byteOffset + body.length, indexBytes);
    const real = Array.from({ length: entries }, (_, i) => [
      realIndex.getBigUint64(i * 16, true),
      realIndex.getBigUint64(i * 16 + 8, true),
    ]);
    const MISSING = 2n ** 64n - 1n;
    const big = (n: number) => BigInt(n);
    const field = fc.oneof(
      fc.integer({ min: 0, max: body.length + 64 }).map(big),
      fc.constantFrom(MISSING, 2n ** 63n, 2n ** 53n + 1n, MISSING - 1n, 0n),
    );
    const entry = fc.oneof(
      { weight: 4, arbitrary: fc.nat({ max: entries - 1 }).map((i) => real[i]) },
      { weight: 1, arbitrary: fc.tuple(field, field) },
      { weight: 1, arbitrary: fc.constant([MISSING, MISSING]) },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { minLength: entries, maxLength: entries }),
        fc.boolean(),
        async (index, keepChecksum) => {
          const mutated = new Uint8Array(body.length + indexBytes + 4);
          mutated.set(body);
          const dv = new DataView(mutated.buffer);
          index.forEach(([offset, length], i) => {
            dv.setBigUint64(body.length + i * 16, offset, true);
            dv.setBigUint64(body.length + i * 16 + 8, length, true);
          });
          const crc = crc32c(mutated.subarray(body.length, body.length + indexBytes));
          dv.setUint32(body.length + indexBytes, keepChecksum ? crc : crc ^ 1, true);
          const copy = new MemoryStore([...store.map]);
          copy.map.set(key, mutated);
          await readsOrZarrError(
            () => JSON.stringify(index.map(([o, l]) => [`${o}`, `${l}`])),
            async () => {
              const arr = await open(copy, { kind: "array" });
              const { data } = await arr.get(null);
              // inner chunks whose entry is unchanged read their own values
              const unchanged = index.every(([o, l], i) => o === real[i][0] && l === real[i][1]);
              if (unchanged && keepChecksum) expect([...data]).toEqual(expected);
              for await (const _ of arr.blocks(null)) {
                // every block decodes or fails with a ZarrError
              }
              await arr.stats();
            },
          );
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it("found: a kerchunk gen that is not an array is a StoreError (was a TypeError)", () => {
    expect(() => new ReferenceStore({ version: 1, refs: {}, gen: {} })).toThrow(StoreError);
  });

  it("leaves the default worker pool reading normally", async () => {
    const { store, expected } = await shardedArray();
    const arr = await open(store, { kind: "array" });
    expect([...(await arr.get(null)).data]).toEqual(expected);
    const zip = await open(new ZipStore(await validZip()), { kind: "array", path: "a" });
    expect((await zip.get(null)).data.length).toBe(30);
  });
});

function bytesAsLength(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? `<${value.length} bytes>` : value;
}

/** A zip holding a group and a compressed v2 array "a" (6 x 5 float32). */
async function validZip(): Promise<Uint8Array> {
  const source = new MemoryStore();
  const arr = await create(source, {
    path: "a",
    shape: [6, 5],
    chunks: [4, 3],
    dtype: "float32",
    zarrFormat: 2,
  });
  await arr.set(
    null,
    Float32Array.from({ length: 30 }, (_, i) => i * 0.5),
  );
  const writer = ZipWriterStore.toBlob();
  for (const [key, value] of source.map) await writer.set(key, value);
  const blob = await writer.close();
  return new Uint8Array(await blob.arrayBuffer());
}

/** A v3 array of 4 x 4 shards of 2 x 2 uncompressed inner chunks, and one shard's key. */
async function shardedArray() {
  const store = new MemoryStore();
  const arr = await create(store, {
    shape: [8, 8],
    chunks: [2, 2],
    shards: [4, 4],
    dtype: "int32",
    compressor: null,
  });
  const expected = Array.from({ length: 64 }, (_, i) => i + 1);
  await arr.set(null, Int32Array.from(expected));
  return { store, key: "c/0/0", expected, entries: 4 };
}
