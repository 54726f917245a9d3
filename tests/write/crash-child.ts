/**
 * The child process of crash-safety.test.ts: overwrites every chunk of the array at
 * argv[2] with argv[3] (a number), printing "done N" after each chunk, until the parent
 * kills it with SIGKILL.
 */
import { open } from "zarrkit";

const [dir, value] = process.argv.slice(2);
const arr = await open(dir, { kind: "array" });
process.stdout.write("started\n");
await arr.set(null, Number(value), {
  concurrency: 8,
  onProgress: ({ done }) => {
    process.stdout.write(`done ${done}\n`);
  },
});
process.stdout.write("finished\n");
