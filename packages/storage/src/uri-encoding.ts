/**
 * Percent-encoding as AWS Signature V4 canonicalises it (RFC 3986 unreserved characters
 * kept, everything else encoded, "!'()*" too), so that the URL a store sends and the one
 * the server signs are the same text.
 */
export function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** A "/"-separated path with each segment encoded (the slashes kept). */
export function encodePath(path: string): string {
  return path.split("/").map(encodeRfc3986).join("/");
}

/** A query string ("?a=1&b") from pairs, each part encoded. */
export function queryString(params: Record<string, string | undefined>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(
      value === "" ? encodeRfc3986(name) : `${encodeRfc3986(name)}=${encodeRfc3986(value)}`,
    );
  }
  return parts.length ? `?${parts.join("&")}` : "";
}
