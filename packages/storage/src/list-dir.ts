/**
 * The immediate children of `prefix` ("" or ending in "/") among `keys`: full keys of
 * values directly under it, and full sub-prefixes (ending in "/") of deeper values.
 */
export function listDirFromKeys(
  keys: Iterable<string>,
  prefix: string,
): { keys: string[]; prefixes: string[] } {
  const dir = normalizeDirPrefix(prefix);
  const children: string[] = [];
  const prefixes = new Set<string>();
  for (const key of keys) {
    if (!key.startsWith(dir)) continue;
    const slash = key.indexOf("/", dir.length);
    if (slash === -1) children.push(key);
    else prefixes.add(key.slice(0, slash + 1));
  }
  return { keys: children.sort(), prefixes: [...prefixes].sort() };
}

/** "" stays the root; any other prefix gains a trailing "/". */
export function normalizeDirPrefix(prefix: string): string {
  return prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
}
