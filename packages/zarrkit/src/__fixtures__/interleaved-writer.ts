/**
 * One of the processes of concurrent-processes.test.ts: opens the folder array itself
 * and, until the deadline, writes increasing sequence numbers into random runs of the
 * elements it owns (every `writers`-th element from `index`), which share every chunk
 * with the other writers. Prints, as JSON, the value it last wrote to each of its
 * elements (0: never written) and how many writes it made.
 *
 * Usage: interleaved-writer.ts PATH INDEX WRITERS SECONDS
 */
import { open, slice, type ZarrArray } from "zarrkit";

const [path, indexArg, writersArg, secondsArg] = process.argv.slice(2);
const index = Number(indexArg);
const writers = Number(writersArg);
const deadline = Date.now() + Number(secondsArg) * 1000;

const arr = (await open(path, { kind: "array", workers: 0 })) as ZarrArray;
const owned = Math.ceil((arr.shape[0] - index) / writers);
const last = new Array<number>(owned).fill(0);
let writes = 0;
// a small linear congruential generator: runs differ per process, no shared seed needed
let state = (index + 1) * 2654435761;
const random = (n: number): number => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state % n;
};
while (Date.now() < deadline) {
  const a = random(owned);
  const b = a + 1 + random(Math.min(owned - a, 64));
  const seq = ++writes;
  await arr.set([slice(index + writers * a, index + writers * (b - 1) + 1, writers)], seq);
  for (let j = a; j < b; j++) last[j] = seq;
}
process.stdout.write(JSON.stringify({ index, writes, last }));
