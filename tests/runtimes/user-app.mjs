// The runtime matrix's user app (scripts/test-runtimes.ts runs it under Node, Deno and
// Bun, installed from the packed tarballs): reads arrays written by zarr-python from a
// folder and over HTTP with zarrkit's default worker pool, writes one for zarr-python
// to read back, and prints one JSON line with what it saw.
//
//   <runtime> user-app.mjs DATA_DIR HTTP_ORIGIN OUT_DIR
const specifier = globalThis.Deno ? "npm:zarrkit" : "zarrkit";
const { create, getWorkerPool, open } = await import(specifier);

const [dataDir, origin, outDir] = process.argv.slice(2);
const warnings = [];
const warn = console.warn;
console.warn = (...args) => {
  warnings.push(args.map(String).join(" "));
  warn(...args);
};

/** murmur3's 32-bit finalizer of i: the values tests/runtimes/arrays.py wrote. */
function valueAt(i) {
  let h = i >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function firstMismatch(data) {
  if (data.length !== 256 * 256) return `length ${data.length}`;
  for (let i = 0; i < data.length; i++) {
    if (data[i] !== valueAt(i)) return `index ${i}: ${data[i]} != ${valueAt(i)}`;
  }
  return undefined;
}

const reads = {};
for (const name of ["blosc", "zstd"]) {
  for (const [where, base] of [
    ["local", `${dataDir}/${name}.zarr`],
    ["http", `${origin}/${name}.zarr`],
  ]) {
    const array = await open(base, { kind: "array" });
    const { data } = await array.get();
    reads[`${where} ${name}`] = {
      mismatch: firstMismatch(data) ?? null,
      shared: typeof SharedArrayBuffer === "function" && data.buffer instanceof SharedArrayBuffer,
    };
  }
}

const values = new Uint32Array(256 * 256).map((_, i) => valueAt(i));
const written = await create(`${outDir}/written.zarr`, {
  shape: [256, 256],
  chunks: [64, 64],
  dtype: "uint32",
  zarrFormat: 2,
  compressor: { id: "zstd", level: 3 },
});
await written.set(null, values);

const stats = (await getWorkerPool()).stats();
process.stdout.write(`${JSON.stringify({ reads, stats, warnings })}\n`);
