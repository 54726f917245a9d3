/**
 * A value's version over HTTP is its validator: the ETag when the server sends one,
 * else Last-Modified. Both travel as one opaque string, told apart by their first
 * character: an ETag is quoted ("x" or W/"x"), an HTTP date never is.
 */

/** The version a response describes, if the server sent a validator. */
export function versionOf(response: Response): string | undefined {
  return response.headers.get("ETag") ?? response.headers.get("Last-Modified") ?? undefined;
}

function isEtag(version: string): boolean {
  return version.startsWith('"') || version.startsWith("W/");
}

/**
 * The precondition header that makes a server refuse (412) once the value is another
 * version, if any: If-Match for a strong ETag, If-Unmodified-Since for a date. A weak
 * ETag never passes If-Match (strong comparison), so it is only compared afterwards.
 */
export function preconditionFor(version: string): [name: string, value: string] | undefined {
  if (!isEtag(version)) return ["If-Unmodified-Since", version];
  return version.startsWith("W/") ? undefined : ["If-Match", version];
}

/**
 * False when the response carries a validator of the same kind as `version` that shows
 * another version (weak comparison for ETags); true when they match or cannot be
 * compared (no validator of that kind, as when CORS hides the ETag).
 */
export function sameVersion(version: string, response: Response): boolean {
  if (isEtag(version)) {
    const etag = response.headers.get("ETag");
    return etag === null || stripWeak(etag) === stripWeak(version);
  }
  const modified = response.headers.get("Last-Modified");
  return modified === null || Date.parse(modified) === Date.parse(version);
}

function stripWeak(etag: string): string {
  return etag.startsWith("W/") ? etag.slice(2) : etag;
}

/**
 * The header that makes a server answer 304 Not Modified while the value is still this
 * version: If-None-Match for an ETag (weak comparison), If-Modified-Since for a date.
 */
export function revalidationFor(version: string): [name: string, value: string] {
  return isEtag(version) ? ["If-None-Match", version] : ["If-Modified-Since", version];
}

/**
 * Whether two validators name the same version (weak comparison for ETags, instants
 * for dates); true when `other` is absent, as a 304 may omit it.
 */
export function versionsMatch(version: string, other: string | undefined): boolean {
  if (other === undefined) return true;
  if (isEtag(version) !== isEtag(other)) return false;
  if (isEtag(version)) return stripWeak(version) === stripWeak(other);
  return Date.parse(version) === Date.parse(other);
}
