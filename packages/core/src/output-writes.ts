/**
 * Stopping the writes into a read's shared output. Workers copy chunks into a shared
 * output themselves (decodeInto, readInto), and a read that stops early (aborted, or
 * another chunk failed) rejects at once, while workers may still be decoding its
 * chunks. Their copies must not land afterwards: the caller may already reuse `out` for
 * the next read, which would silently get the stopped read's values in places.
 *
 * A tiny shared control block does it: [stopped, copies in progress]. A writer counts
 * itself in, then checks `stopped`; the caller sets `stopped`, then waits for the count
 * to drop to 0. With sequentially consistent atomics, either the writer sees `stopped`
 * (and skips its copy) or the caller sees the writer counted (and waits for it).
 */
import { AbortError } from "./errors.js";

const STOPPED = 0;
const WRITING = 1;

/** How long a stopping read waits for a copy under way (a killed worker never finishes). */
const MAX_WAIT_MS = 1000;

/** A control block for one read's output; undefined where memory cannot be shared. */
export function outputWriteControl(): Int32Array | undefined {
  if (typeof SharedArrayBuffer !== "function") return undefined;
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

/** Runs `write` (a copy into the output) unless the read has stopped; then AbortError. */
export function writeUnlessStopped(control: Int32Array | undefined, write: () => void): void {
  if (control === undefined) {
    write();
    return;
  }
  Atomics.add(control, WRITING, 1);
  try {
    if (Atomics.load(control, STOPPED) !== 0) {
      throw new AbortError("the read stopped before this chunk was copied into its output");
    }
    write();
  } finally {
    Atomics.sub(control, WRITING, 1);
  }
}

/** Once this returns, no writer copies into the output any more. */
export function stopOutputWrites(control: Int32Array | undefined): void {
  if (control === undefined) return;
  Atomics.store(control, STOPPED, 1);
  if (Atomics.load(control, WRITING) === 0) return;
  // a copy is under way: one chunk's box, well under a millisecond to a few. Spin, since
  // a browser's main thread may not Atomics.wait.
  const deadline = Date.now() + MAX_WAIT_MS;
  while (Atomics.load(control, WRITING) !== 0 && Date.now() < deadline) {
    // waiting for the writer
  }
}
