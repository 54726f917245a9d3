import { InvalidKeyError } from "@zarrkit/core";

/**
 * Checks that a store key is a relative "/"-separated path that cannot name anything
 * outside the store: no leading "/", drive letter, backslash, NUL, empty, "." or ".."
 * segment. Throws InvalidKeyError naming the key.
 */
export function validateKey(key: string): void {
  if (typeof key !== "string" || key.length === 0) {
    throw new InvalidKeyError(`store key must be a non-empty string, got ${JSON.stringify(key)}`);
  }
  checkPath(key, "key");
}

/**
 * Checks a listing prefix: "" (the root), or a path like a key, optionally ending in "/".
 * Prefixes that end mid-segment ("a/b" matching "a/bc") are allowed.
 */
export function validatePrefix(prefix: string): void {
  if (typeof prefix !== "string") {
    throw new InvalidKeyError(`store prefix must be a string, got ${JSON.stringify(prefix)}`);
  }
  if (prefix === "") return;
  checkPath(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix, "prefix", prefix);
}

function checkPath(path: string, what: string, shown = path): void {
  const name = `store ${what} ${JSON.stringify(shown)}`;
  if (path.startsWith("/")) throw new InvalidKeyError(`${name} must not start with "/"`);
  if (/^[a-zA-Z]:/.test(path)) throw new InvalidKeyError(`${name} must not start with a drive`);
  if (path.includes("\\")) throw new InvalidKeyError(`${name} must not contain a backslash`);
  if (path.includes("\0")) throw new InvalidKeyError(`${name} must not contain a NUL character`);
  for (const segment of path.split("/")) {
    if (segment === "") throw new InvalidKeyError(`${name} has an empty path segment`);
    if (segment === "." || segment === "..") {
      throw new InvalidKeyError(`${name} must not contain a "${segment}" segment`);
    }
  }
}
