/** Prints results as a readable table, or as one JSON object per line (--json). */

export interface ScenarioResult {
  scenario: string;
  runtime: "node";
  /** Median ms, zarrkit reading into one reused `out` buffer. */
  zarrkit_ms: number;
  /** Median ms, zarrkit allocating a fresh result each read (as zarrita must). */
  zarrkit_alloc_ms?: number;
  zarrita_ms?: number;
  native_ms?: number;
  /** zarrita_ms / zarrkit_ms: > 1 means zarrkit is faster. */
  ratio?: number;
  /** native_ms / zarrkit_ms: > 1 means zarrkit is faster than zarr-python. */
  native_ratio?: number;
  /** Result size in MB (1e6 bytes) / zarrkit time in s. */
  mb_per_s: number;
  /** zarrkit_ms was measured reading into one reused `out` buffer. */
  out_reused: true;
  runs: number;
  notes?: string[];
}

export interface SkippedScenario {
  scenario: string;
  runtime: "node";
  skipped: string;
}

const COLUMNS: [string, number][] = [
  ["scenario", 40],
  ["MiB", 6],
  ["zarrkit", 9],
  ["zk alloc", 9],
  ["zarrita", 9],
  ["native", 9],
  ["zarrita/zk", 10],
  ["native/zk", 9],
  ["zk MB/s", 8],
];

const fmt = (v: number | undefined, digits = 1): string =>
  v === undefined ? "-" : v.toFixed(digits);

function row(cells: string[]): string {
  return cells
    .map((c, i) => {
      const [, width] = COLUMNS[i];
      return i === 0 ? c.padEnd(width) : c.padStart(width);
    })
    .join(" ");
}

export class Reporter {
  readonly json: boolean;
  constructor(json: boolean) {
    this.json = json;
  }

  header(lines: string[]): void {
    if (this.json) return;
    for (const line of lines) console.log(line);
    console.log("");
    console.log(row(COLUMNS.map(([name]) => name)));
    console.log(row(COLUMNS.map(([, w]) => "-".repeat(w))));
  }

  result(r: ScenarioResult, bytes: number): void {
    if (this.json) {
      console.log(JSON.stringify(r));
      return;
    }
    console.log(
      row([
        r.scenario,
        fmt(bytes / 2 ** 20, bytes < 10 * 2 ** 20 ? 2 : 0),
        fmt(r.zarrkit_ms),
        fmt(r.zarrkit_alloc_ms),
        fmt(r.zarrita_ms),
        fmt(r.native_ms),
        fmt(r.ratio, 2),
        fmt(r.native_ratio, 2),
        fmt(r.mb_per_s, 0),
      ]),
    );
    for (const note of r.notes ?? []) console.log(`    note: ${note}`);
  }

  skipped(s: SkippedScenario): void {
    if (this.json) console.log(JSON.stringify(s));
    else console.log(`${s.scenario.padEnd(COLUMNS[0][1])} skipped: ${s.skipped}`);
  }
}
