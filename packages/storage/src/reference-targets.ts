import { InvalidKeyError, StoreError } from "@zarrkit/core";

/** Which targets references may point at (see docs/security-local.md). */
export interface ReferenceTargetOptions {
  /**
   * Origins (besides the references' own) that references loaded over http(s) may read,
   * e.g. ["https://data.example.org"]; "*" allows every origin. Ignored for local
   * references, which may target any URL.
   */
  allowedOrigins?: readonly string[];
  /**
   * Let references loaded over http(s) read file:// targets. Off by default: a web
   * server must not be able to make zarrkit read this machine's files.
   */
  allowLocalTargets?: boolean;
}

const HTTP = /^https?:\/\//i;
const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;

/**
 * Resolves reference targets against where the references live and enforces who they
 * may reach. References from a local file (or passed in as an object without an http(s)
 * `baseUrl`) are the caller's own and may target anything; references loaded over
 * http(s) may target http(s) URLs of their own origin and of `allowedOrigins` only.
 */
export class ReferenceTargets {
  readonly #base: string | undefined;
  readonly #remoteOrigin: string | undefined;
  readonly #allowed: ReadonlySet<string>;
  readonly #allowLocal: boolean;

  constructor(base: string | undefined, options: ReferenceTargetOptions = {}) {
    this.#base = base;
    this.#remoteOrigin = base !== undefined && HTTP.test(base) ? new URL(base).origin : undefined;
    this.#allowed = new Set((options.allowedOrigins ?? []).map(originOf));
    this.#allowLocal = options.allowLocalTargets === true;
  }

  /** The absolute URL or path of a target; throws InvalidKeyError when it may not be read. */
  resolve(target: string, key: string): string {
    const url = resolveTarget(target, this.#base);
    if (this.#remoteOrigin === undefined) return url;
    if (HTTP.test(url)) {
      const origin = new URL(url).origin;
      if (origin === this.#remoteOrigin || this.#allowed.has("*") || this.#allowed.has(origin)) {
        return url;
      }
      throw new InvalidKeyError(
        `kerchunk reference for key "${key}" targets ${url}, outside the origin of the references (${this.#remoteOrigin}); list ${origin} in allowedOrigins to read it`,
      );
    }
    if (this.#allowLocal && /^file:\/\//i.test(url)) return url;
    throw new InvalidKeyError(
      `kerchunk reference for key "${key}" targets ${url}, but references loaded from ${this.#base} may only target http(s) URLs${/^file:/i.test(url) ? " (pass allowLocalTargets to read local files)" : ""}`,
    );
  }
}

/** Absolute URL or path of a target: relative ones resolve against the base. */
export function resolveTarget(url: string, base: string | undefined): string {
  if (SCHEME.test(url) || base === undefined) return url;
  if (SCHEME.test(base)) return new URL(url, base).href;
  if (url.startsWith("/")) return url;
  const dir = base.slice(0, base.lastIndexOf("/") + 1); // a local path: resolve beside it
  return dir + url;
}

function originOf(entry: string): string {
  if (entry === "*") return entry;
  try {
    const url = new URL(entry);
    if (HTTP.test(url.href)) return url.origin;
  } catch {}
  throw new StoreError(`allowedOrigins entry ${JSON.stringify(entry)} is not an http(s) origin`);
}
