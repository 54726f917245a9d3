/** What run.ts times: one library reading one scenario's selection. */
export interface SelectionReader {
  /** True when repeated reads write into one preallocated buffer. */
  readonly reusesOutput: boolean;
  /** Reads the selection once; resolves to the result's data (C order). */
  read(): Promise<ArrayBufferView>;
}

/** True for the error zarrkit raises for a codec it does not (yet) implement. */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  return code === "unknown-codec" || code === "unsupported" || name === "UnknownCodecError";
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
