/** Reads through the default pool and ends without terminating it: the process must exit. */
import { configureWorkers, create, getWorkerPool, MemoryStore, open } from "../index.js";

configureWorkers({ size: 2 });
const store = new MemoryStore();
const written = await create(store, { shape: [128, 128], chunks: [64, 64], dtype: "float32" });
await written.set(null, 2);
const arr = await open(store, { kind: "array" });
if (!arr.is("float32")) throw new Error("expected float32");
const { data } = await arr.get([null, 5]);
let sum = 0;
for (const v of data) sum += v;
const pool = await getWorkerPool();
process.stdout.write(
  JSON.stringify({
    sum,
    spawned: pool.stats().spawned,
    shared: data.buffer instanceof SharedArrayBuffer,
  }),
);
