/**
 * Every error zarrkit raises is a ZarrError, with a `code` a program can switch on
 * and a message that names what is wrong (the key, the codec, the array).
 */
export type ZarrErrorCode =
  | "metadata"
  | "unknown-codec"
  | "codec"
  | "corrupt-chunk"
  | "not-found"
  | "invalid-key"
  | "selection"
  | "http"
  | "store"
  | "aborted"
  | "worker"
  | "unsupported"
  | "read-only"
  | "exists";

export class ZarrError extends Error {
  readonly code: ZarrErrorCode;
  constructor(code: ZarrErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    // a literal, not new.target.name, which minifiers rename ("p"); subclasses set
    // theirs below, a subclass of the app's keeps its class name
    this.name = new.target === ZarrError ? "ZarrError" : new.target.name;
  }
}

/** Metadata that is malformed, inconsistent or of an unsupported version. */
export class MetadataError extends ZarrError {
  override readonly name: string = "MetadataError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("metadata", message, options);
  }
}

/** A codec named in metadata that no registered implementation provides. */
export class UnknownCodecError extends ZarrError {
  override readonly name: string = "UnknownCodecError";
  readonly codec: string;
  constructor(codec: string, where: string) {
    super("unknown-codec", `unknown codec "${codec}" in ${where}`);
    this.codec = codec;
  }
}

/** A codec failed to encode or decode (bad configuration, unsupported input). */
export class CodecError extends ZarrError {
  override readonly name: string = "CodecError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("codec", message, options);
  }
}

/** A stored chunk that is truncated, corrupt, fails a checksum or would decode past its size. */
export class CorruptChunkError extends ZarrError {
  override readonly name: string = "CorruptChunkError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("corrupt-chunk", message, options);
  }
}

/** No array or group at the requested path. */
export class NodeNotFoundError extends ZarrError {
  override readonly name: string = "NodeNotFoundError";
  constructor(message: string) {
    super("not-found", message);
  }
}

/** A store key that is malformed or would escape the store's root. */
export class InvalidKeyError extends ZarrError {
  override readonly name: string = "InvalidKeyError";
  constructor(message: string) {
    super("invalid-key", message);
  }
}

/**
 * A selection that does not fit the array (out of bounds, zero step, wrong rank), or a
 * read option out of range (concurrency).
 */
export class SelectionError extends ZarrError {
  override readonly name: string = "SelectionError";
  constructor(message: string) {
    super("selection", message);
  }
}

/** An HTTP response that is neither a success nor a missing key. */
export class HttpError extends ZarrError {
  override readonly name: string = "HttpError";
  readonly status: number;
  readonly url: string;
  constructor(status: number, url: string, message?: string) {
    super("http", message ?? `HTTP ${status} for ${url}`);
    this.status = status;
    this.url = url;
  }
}

/** A store failed for a reason other than a missing key. */
export class StoreError extends ZarrError {
  override readonly name: string = "StoreError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("store", message, options);
  }
}

/**
 * A value changed while it was being read in parts: a read conditioned on the version
 * seen earlier (`StoreReadOptions.ifVersion`) found another version (HTTP 412, or a
 * response carrying another ETag / Last-Modified).
 */
export class ValueChangedError extends StoreError {}

/** The operation was cancelled through an AbortSignal. */
export class AbortError extends ZarrError {
  override readonly name: string = "AbortError";
  constructor(message = "the operation was aborted", options?: { cause?: unknown }) {
    super("aborted", message, options);
  }
}

/** Throws an AbortError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
}

/** A write to a store that cannot be written (no set/delete). */
export class ReadOnlyError extends ZarrError {
  override readonly name: string = "ReadOnlyError";
  constructor(message: string) {
    super("read-only", message);
  }
}

/** A node (array or group) is already where a new one would go. */
export class NodeExistsError extends ZarrError {
  override readonly name: string = "NodeExistsError";
  constructor(message: string) {
    super("exists", message);
  }
}
