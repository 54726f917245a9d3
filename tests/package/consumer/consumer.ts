/**
 * A program using zarrkit's main API as an application would, compiled against the
 * packed packages by check-packages.ts under each tsconfig of the type matrix
 * (skipLibCheck: false), then run with Node from the installed packages.
 */
import { registerWasmCodecs } from "@zarrkit/codecs/wasm";
import { WorkerPool } from "@zarrkit/workers";
import {
  CodecRegistry,
  configureWorkers,
  create,
  createGroup,
  FetchStore,
  MemoryStore,
  NodeNotFoundError,
  open,
  slice,
  type ZarrArray,
  ZarrError,
  type ZarrGroup,
} from "zarrkit";
import type * as cdn from "zarrkit/zarrkit.min.js";

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`consumer: ${what}`);
}

configureWorkers({ size: 2 });
registerWasmCodecs(new CodecRegistry());
check(typeof WorkerPool === "function", "WorkerPool is exported");

const store = new MemoryStore();
await createGroup(store, { attributes: { title: "consumer" } });
const created: ZarrArray = await create(store, {
  path: "values",
  shape: [64, 64],
  chunks: [32, 32],
  dtype: "float32",
  compressor: { id: "zstd", level: 3 },
});
const source = new Float32Array(64 * 64).map((_, i) => i / 2);
await created.set([null, null], source);

const root = await open(store, { kind: "group" });
const group: ZarrGroup = root;
const children = await group.children();
check(children.length === 1 && children[0]?.name === "values", "children() lists the array");
const values = await group.open("values", { kind: "array" });
const { data, shape } = await values.get([slice(1, 3), 5]);
check(shape.length === 1 && shape[0] === 2, "the selection's shape");
check(data[0] === source[64 + 5] && data[1] === source[128 + 5], "the values read back");
const stats = await values.stats();
check(stats.max === source[source.length - 1], "stats() in the workers");

try {
  await open(store, { path: "missing", kind: "array" });
  check(false, "opening a missing array throws");
} catch (error) {
  check(error instanceof NodeNotFoundError && error instanceof ZarrError, "a typed ZarrError");
}

const remote: FetchStore = new FetchStore("https://example.org/data.zarr");
const cdnOpen: typeof cdn.open = open;
check(
  remote.url.startsWith("https://") && typeof cdnOpen === "function",
  "FetchStore and the CDN types",
);
console.log("consumer: ok");
