/**
 * Main-thread time per chunk of a FetchStore read in Node, with the decode workers
 * fetching their own chunks (FetchStore.workerRef) and without (this thread fetches
 * every chunk and posts its bytes). Served by nginx in its own process, so the server's
 * work is not counted. "main ms" is the main thread's event-loop active time during the
 * read (performance.eventLoopUtilization), the measure of what the calling thread does.
 *
 *   pnpm bench:fetch-workers [--runs 9]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { create, FetchStore, open, type ZarrArray } from "../packages/zarrkit/src/index.js";
import { nginxUnavailableReason, startNginx } from "../tests/http/nginx.js";
import { collectGarbage, median } from "./timing.js";

/** A FetchStore whose workers may not fetch: the calling thread reads every chunk. */
class MainThreadFetchStore extends FetchStore {
  override workerRef(): undefined {
    return undefined;
  }
}

interface Case {
  name: string;
  shape: [number, number];
  chunks: [number, number];
}

const CASES: Case[] = [
  { name: "1024 chunks of 16 KiB", shape: [2048, 2048], chunks: [64, 64] },
  { name: "256 chunks of 256 KiB", shape: [4096, 4096], chunks: [256, 256] },
];

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 9;

async function makeArray(dir: string, c: Case): Promise<void> {
  const [h, w] = c.shape;
  const arr = await create(join(dir, `${c.chunks[0]}.zarr`), {
    shape: c.shape,
    chunks: c.chunks,
    dtype: "int32",
    codecs: [
      { name: "bytes", configuration: { endian: "little" } },
      { name: "zstd", configuration: { level: 1, checksum: false } },
    ],
  });
  const data = Int32Array.from({ length: h * w }, (_, i) => (i % w) * 3 + Math.floor(i / w));
  await arr.set(null, { data, shape: c.shape });
}

interface Sample {
  wallMs: number;
  mainMs: number;
}

async function measure(store: FetchStore): Promise<Sample[]> {
  const arr = (await open(store, { kind: "array" })) as ZarrArray<"int32">;
  await arr.get(null); // warm: workers started, WASM loaded, connections open
  const samples: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    collectGarbage();
    const elu = performance.eventLoopUtilization();
    const t0 = performance.now();
    await arr.get(null);
    const wallMs = performance.now() - t0;
    samples.push({ wallMs, mainMs: performance.eventLoopUtilization(elu).active });
  }
  return samples;
}

async function main(): Promise<void> {
  const reason = nginxUnavailableReason();
  if (reason) throw new Error(reason);
  const dir = mkdtempSync(join(tmpdir(), "zarrkit-bench-fetch-workers-"));
  const nginx = await startNginx({ root: dir });
  try {
    for (const c of CASES) await makeArray(dir, c);
    console.log(`median of ${RUNS} reads of the whole array (int32, zstd), nginx on loopback`);
    console.log(
      "case                     | path              | wall ms | main ms | main µs/chunk | main ratio",
    );
    for (const c of CASES) {
      const count = (c.shape[0] / c.chunks[0]) * (c.shape[1] / c.chunks[1]);
      const url = `${nginx.url}/${c.chunks[0]}.zarr/`;
      const here = await measure(new MainThreadFetchStore(url));
      const workers = await measure(new FetchStore(url));
      const before = median(here.map((s) => s.mainMs));
      const after = median(workers.map((s) => s.mainMs));
      for (const [label, samples] of [
        ["this thread fetches", here],
        ["workers fetch", workers],
      ] as const) {
        const wall = median(samples.map((s) => s.wallMs));
        const mainMs = median(samples.map((s) => s.mainMs));
        console.log(
          `${c.name.padEnd(24)} | ${label.padEnd(17)} | ${wall.toFixed(1).padStart(7)} | ${mainMs
            .toFixed(1)
            .padStart(7)} | ${((mainMs / count) * 1000).toFixed(1).padStart(13)} | ${(
            mainMs / before
          ).toFixed(3)}`,
        );
      }
      console.log(
        `${c.name}: main-thread time per chunk ${(before / after).toFixed(1)}x lower with workerRef`,
      );
    }
  } finally {
    await nginx.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
