/**
 * Errors cross the worker boundary as plain data and are rebuilt on the other side
 * with the same class, name, code and message, so `err instanceof CorruptChunkError`
 * and `err.code === "corrupt-chunk"` hold on the caller's thread. (Structured clone
 * alone keeps neither the subclass nor `code`.) The worker's stack is kept.
 */
import {
  AbortError,
  CodecError,
  CorruptChunkError,
  HttpError,
  InvalidKeyError,
  MetadataError,
  NodeExistsError,
  NodeNotFoundError,
  ReadOnlyError,
  SelectionError,
  StoreError,
  UnknownCodecError,
  ZarrError,
  type ZarrErrorCode,
} from "@zarrkit/core";

export interface SerializedError {
  name: string;
  message: string;
  /** ZarrError code, when the error is a ZarrError. */
  code?: string;
  stack?: string;
  cause?: SerializedError;
  /** Extra own primitive fields (HttpError.status, UnknownCodecError.codec, ...). */
  props?: Record<string, string | number | boolean | null>;
}

const ZARR_ERROR_CLASSES: Record<string, { prototype: ZarrError }> = {
  ZarrError,
  MetadataError,
  UnknownCodecError,
  CodecError,
  CorruptChunkError,
  NodeNotFoundError,
  InvalidKeyError,
  SelectionError,
  HttpError,
  StoreError,
  AbortError,
  ReadOnlyError,
  NodeExistsError,
};

const BUILTIN_ERRORS: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

const OWN_FIELDS = new Set(["name", "message", "stack", "code", "cause"]);

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) {
    return { name: "Error", message: `non-Error value thrown: ${describeThrown(error)}` };
  }
  const out: SerializedError = { name: error.name, message: error.message };
  if (error.stack !== undefined) out.stack = error.stack;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") out.code = code;
  if (error.cause !== undefined && depth < 4) out.cause = serializeError(error.cause, depth + 1);
  for (const [key, value] of Object.entries(error)) {
    if (OWN_FIELDS.has(key)) continue;
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) {
      out.props ??= {};
      out.props[key] = value as string | number | boolean | null;
    }
  }
  return out;
}

export function deserializeError(data: SerializedError): Error {
  const cause = data.cause === undefined ? undefined : deserializeError(data.cause);
  const options = cause === undefined ? undefined : { cause };
  let error: Error;
  if (data.code !== undefined && isZarrCode(data.code)) {
    // Built through the base constructor (subclass constructors take other arguments),
    // then given the subclass prototype so instanceof still works.
    error = new ZarrError(data.code, data.message, options);
    const zarrClass = ZARR_ERROR_CLASSES[data.name];
    if (zarrClass !== undefined) Object.setPrototypeOf(error, zarrClass.prototype);
  } else if (data.name === "AbortError") {
    // A DOMException("...", "AbortError") from signal.reason: the caller sees zarrkit's AbortError.
    error = new AbortError(data.message, options);
  } else {
    const Builtin = BUILTIN_ERRORS[data.name] ?? Error;
    error = new Builtin(data.message, options);
    if (data.code !== undefined) Object.assign(error, { code: data.code });
  }
  error.name = data.name;
  if (data.props !== undefined) Object.assign(error, data.props);
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}

const ZARR_CODES = new Set<string>([
  "metadata",
  "unknown-codec",
  "codec",
  "corrupt-chunk",
  "not-found",
  "invalid-key",
  "selection",
  "http",
  "store",
  "aborted",
  "worker",
  "unsupported",
  "read-only",
] satisfies ZarrErrorCode[]);

function isZarrCode(code: string): code is ZarrErrorCode {
  return ZARR_CODES.has(code);
}

function describeThrown(value: unknown): string {
  try {
    return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
