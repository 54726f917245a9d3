/**
 * Reads a response body as a stream, keeping only the part a read needs and stopping
 * as soon as it is in: a server that answers a 16-byte range with a gigabyte (or a
 * body that never ends, or a gzip bomb, which fetch inflates as it streams) costs at
 * most what the read asked for, not what the server sends.
 */

/** Which body bytes to keep. */
export type BodyWindow =
  /** Bytes [from, from + length) (length may be Infinity: to the end). */
  | { from: number; length: number; max: number }
  /** The last `suffix` bytes: reads to the end, holding no more than needed. */
  | { suffix: number; max: number };

export interface BodyRead {
  /** The kept bytes, alone in their buffer. */
  bytes: Uint8Array;
  /** Body bytes read (kept or not). */
  received: number;
  /** True when the body ended; false when reading stopped once the window was in. */
  ended: boolean;
}

/**
 * Reads `response`'s body into `window`. `onBytes` sees every piece's size as it comes;
 * past `window.max` bytes read (counting only those the window still needed) it throws
 * `tooLarge(received)`. The body is cancelled whenever reading stops before its end.
 */
export async function readBoundedBody(
  response: Response,
  window: BodyWindow,
  onBytes: (count: number) => void,
  tooLarge: (received: number) => Error,
): Promise<BodyRead> {
  const body = response.body;
  if (!body) return { bytes: new Uint8Array(0), received: 0, ended: true };
  const reader = body.getReader();
  const suffix = "suffix" in window ? window.suffix : undefined;
  const from = "from" in window ? window.from : 0;
  const end = "from" in window ? window.from + window.length : Number.POSITIVE_INFINITY;
  const pieces: Uint8Array[] = [];
  let kept = 0;
  let received = 0;
  let ended = false;
  try {
    while (received < end) {
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      onBytes(value.length);
      const pieceStart = received;
      received += value.length;
      if (Math.min(received, end) > window.max) throw tooLarge(received);
      if (suffix !== undefined) {
        pieces.push(value);
        kept += value.length;
        // drop pieces no longer inside the last `suffix` bytes
        while (pieces.length > 1 && kept - (pieces[0] as Uint8Array).length >= suffix) {
          kept -= (pieces.shift() as Uint8Array).length;
        }
      } else {
        const a = Math.max(from, pieceStart);
        const b = Math.min(end, received);
        if (b > a) {
          pieces.push(value.subarray(a - pieceStart, b - pieceStart));
          kept += b - a;
        }
      }
    }
  } finally {
    if (!ended) reader.cancel().catch(() => {});
  }
  const skip = suffix !== undefined ? Math.max(0, kept - suffix) : 0;
  return { bytes: joinPieces(pieces, kept, skip), received, ended };
}

/** The pieces' bytes after the first `skip`, in one buffer of their own. */
function joinPieces(pieces: readonly Uint8Array[], total: number, skip: number): Uint8Array {
  const only = pieces[0];
  if (pieces.length === 1 && skip === 0 && only !== undefined) {
    // a piece may view a larger (pooled) buffer: copy unless it is all of it
    const whole = only.byteOffset === 0 && only.byteLength === only.buffer.byteLength;
    return whole ? only : only.slice();
  }
  const out = new Uint8Array(total - skip);
  let at = 0;
  let toSkip = skip;
  for (const piece of pieces) {
    const part = toSkip > 0 ? piece.subarray(Math.min(toSkip, piece.length)) : piece;
    toSkip = Math.max(0, toSkip - piece.length);
    out.set(part, at);
    at += part.length;
  }
  return out;
}
