/**
 * Progress of a long command on stderr: a redrawn bar on a terminal, a plain line every
 * few seconds otherwise (logs, CI), or nothing (--quiet). Throttled, so reporting
 * every region costs nothing measurable.
 */

export type ProgressMode = "bar" | "lines" | "none";

export interface ProgressOptions {
  mode: ProgressMode;
  write: (text: string) => void;
  /** Starts each plain line ("convert"). */
  label: string;
  /** What is counted ("regions"). */
  unit: string;
  totalUnits: number;
  /** Uncompressed bytes in all units (for MiB and MiB/s). */
  totalBytes: number;
  /** Terminal width for the bar (default 80). */
  columns?: number;
  /** Milliseconds between plain lines (default 5000). */
  lineInterval?: number;
  /** The clock, in milliseconds (tests pass a fake one). */
  now?: () => number;
}

const BAR_INTERVAL = 100;

export class ProgressReporter {
  private readonly start: number;
  private last = Number.NEGATIVE_INFINITY;
  private done = 0;
  private bytes = 0;
  private drawn = false;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.start = this.now();
  }

  /** Adds finished work; redraws when the throttle allows. */
  add(units: number, bytes: number): void {
    this.done += units;
    this.bytes += bytes;
    const { mode } = this.options;
    if (mode === "none") return;
    const t = this.now();
    const interval = mode === "bar" ? BAR_INTERVAL : (this.options.lineInterval ?? 5000);
    if (t - this.last < interval && this.done < this.options.totalUnits) return;
    this.last = t;
    this.draw(t);
  }

  /** Ends the bar's line (a terminal's next output starts on a fresh line). */
  finish(): void {
    if (this.options.mode === "bar" && this.drawn) this.options.write("\n");
  }

  private draw(t: number): void {
    const { mode, write, label, unit, totalUnits, totalBytes } = this.options;
    const fraction = totalUnits === 0 ? 1 : this.done / totalUnits;
    const seconds = Math.max((t - this.start) / 1000, 1e-3);
    const rate = this.bytes / seconds;
    const eta = rate > 0 && fraction < 1 ? (totalBytes - this.bytes) / rate : 0;
    const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
    const counts = `${this.done}/${totalUnits} ${unit}`;
    const amounts = `${formatBytes(this.bytes)}/${formatBytes(totalBytes)}`;
    if (mode === "lines") {
      write(
        `${label}: ${pct.trim()}, ${counts}, ${amounts}, ${formatBytes(rate)}/s, ${formatSeconds(seconds)} elapsed\n`,
      );
      return;
    }
    const facts = `${counts}  ${amounts}  ${formatBytes(rate)}/s`;
    const tail = `${pct}  ${facts}  ETA ${formatSeconds(eta)}`;
    const width = Math.max(10, Math.min(40, (this.options.columns ?? 80) - tail.length - 4));
    const filled = Math.round(fraction * width);
    write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${tail}\x1b[K`);
    this.drawn = true;
  }
}

/** Bytes in binary units: "512 B", "3.2 MiB", "1.00 GiB". */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = n;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  if (i === 0) return `${Math.round(value)} B`;
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[i]}`;
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, "0")}s`;
}
