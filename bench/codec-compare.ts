/**
 * zarrkit's WebAssembly decoders against numcodecs.js and native numcodecs: runs
 * bench/codec-throughput.ts and bench/codec_throughput_native.py alternately (--rounds
 * processes of each, so machine load hits both alike) and prints, per codec, the median
 * over rounds of each side's median MB/s (wall clock), with zarrkit's ratio to native and
 * to numcodecs.js.
 *
 *   node --conditions=zarrkit-source --import tsx bench/codec-compare.ts [--rounds 3] [--mib 8] [--runs 15] [--samples]
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const ROUNDS = arg("rounds", 3);
const PASS = ["--mib", String(arg("mib", 8)), "--runs", String(arg("runs", 15)), "--json"];
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

interface Row {
  codec: string;
  columns: string[];
  wall: number[];
}

function run(command: string, args: string[]): Row[] {
  const text = execFileSync(command, args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return text
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Row);
}

/** MB/s samples by codec and column ("out", "new", "js", "native"). */
const samples = new Map<string, Map<string, number[]>>();
function add(rows: Row[]): void {
  for (const row of rows) {
    const byColumn = samples.get(row.codec) ?? new Map<string, number[]>();
    samples.set(row.codec, byColumn);
    row.columns.forEach((column, i) => {
      byColumn.set(column, [...(byColumn.get(column) ?? []), row.wall[i]]);
    });
  }
}

for (let r = 0; r < ROUNDS; r++) {
  const node = [process.execPath, "--conditions=zarrkit-source", "--import", "tsx"];
  const js = () => add(run(node[0], [...node.slice(1), here("codec-throughput.ts"), ...PASS]));
  const native = () => add(run("/usr/bin/python3", [here("codec_throughput_native.py"), ...PASS]));
  // alternate which goes first
  if (r % 2 === 0) {
    js();
    native();
  } else {
    native();
    js();
  }
  process.stderr.write(`round ${r + 1}/${ROUNDS} done\n`);
}

const median = (t: number[]) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)];
console.log(
  `decode MB/s (wall), medians of ${ROUNDS} alternating rounds of each benchmark; ` +
    "view: decoded bytes left in linear memory (as reads use them), out: copied into a buffer\n" +
    `${"codec".padEnd(24)}${"view".padStart(7)}${"out".padStart(7)}${"numcodecs.js".padStart(13)}` +
    `${"native".padStart(8)}  view/native  out/native  view/js  out/js`,
);
if (process.argv.includes("--samples")) {
  for (const [codec, byColumn] of samples) {
    const cells = [...byColumn].map(([column, values]) => `${column} ${values.join("/")}`);
    console.log(`${codec}: ${cells.join("  ")}`);
  }
}
for (const [codec, byColumn] of samples) {
  const get = (column: string) => median(byColumn.get(column) ?? [Number.NaN]);
  const [view, out, js, native] = [get("view"), get("out"), get("js"), get("native")];
  const ratio = (a: number, b: number, width: number) => (a / b).toFixed(2).padStart(width);
  console.log(
    `${codec.padEnd(24)}${view.toFixed(0).padStart(7)}${out.toFixed(0).padStart(7)}` +
      `${js.toFixed(0).padStart(13)}${native.toFixed(0).padStart(8)}` +
      `${ratio(view, native, 13)}${ratio(out, native, 12)}${ratio(view, js, 9)}${ratio(out, js, 8)}`,
  );
}
