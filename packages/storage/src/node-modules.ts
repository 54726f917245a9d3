import type * as Fs from "node:fs";
import type * as FsPromises from "node:fs/promises";
import type * as NodePath from "node:path";

/**
 * Node's fs and path, imported on first use: browser bundles that import the package
 * index never evaluate a "node:" import, they only reach this on a Node-only code path.
 */
export interface NodeModules {
  fs: typeof FsPromises;
  /** node:fs, for the blocking reads a worker thread may make. */
  fsSync: typeof Fs;
  path: typeof NodePath;
}

let loading: Promise<NodeModules> | undefined;

/**
 * The specifiers are held in variables so that bundlers building for the browser leave
 * these imports alone instead of failing to resolve "node:" modules.
 */
const FS_MODULE = "node:fs/promises";
const FS_SYNC_MODULE = "node:fs";
const PATH_MODULE = "node:path";

export function loadNodeModules(): Promise<NodeModules> {
  loading ??= Promise.all([
    import(/* @vite-ignore */ /* webpackIgnore: true */ FS_MODULE) as Promise<typeof FsPromises>,
    import(/* @vite-ignore */ /* webpackIgnore: true */ FS_SYNC_MODULE) as Promise<typeof Fs>,
    import(/* @vite-ignore */ /* webpackIgnore: true */ PATH_MODULE) as Promise<typeof NodePath>,
  ]).then(([fs, fsSync, path]) => ({ fs, fsSync, path }));
  return loading;
}

/** The `code` of a Node system error ("ENOENT"), if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/** Errors that mean "no value at this key" rather than a failing store. */
export function isMissingFileError(error: unknown): boolean {
  const code = errorCode(error);
  return code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR";
}
