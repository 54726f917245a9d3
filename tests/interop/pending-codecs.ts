/**
 * Codecs an interop fixture may need that zarrkit does not (yet) decode. A fixture that
 * uses one may fail, but only with a ZarrError whose message names the codec.
 * Shrink NOT_YET_IMPLEMENTED as codecs land; PERMANENTLY_UNSUPPORTED stays.
 */
import { ZarrError } from "zarrkit";

// blosc, zstd, lz4 and bz2 landed as WASM codecs (all their fixtures read).
export const NOT_YET_IMPLEMENTED: readonly string[] = [];
export const PERMANENTLY_UNSUPPORTED: readonly string[] = ["pcodec", "zfpy"];

export const ALLOWED_MISSING_CODECS: readonly string[] = [
  ...NOT_YET_IMPLEMENTED,
  ...PERMANENTLY_UNSUPPORTED,
];

/** The allowed codec an error names, or undefined when the error is not an allowed failure. */
export function allowedCodecFailure(
  error: unknown,
  codecs = ALLOWED_MISSING_CODECS,
): string | undefined {
  if (!(error instanceof ZarrError)) return undefined;
  return codecs.find((c) => new RegExp(`\\b${c}\\b`, "i").test(error.message));
}
