import { isMissingFileError, loadNodeModules } from "./node-modules.js";

/**
 * The real path of `path` (Node only), or, when it does not exist yet, of its nearest
 * existing ancestor joined with the rest: where a file about to be created would really
 * land. Any error other than a missing file leaves `path` as it is.
 */
export async function realpathOfExisting(path: string): Promise<string> {
  const { fs, path: nodePath } = await loadNodeModules();
  let current = path;
  const missing: string[] = [];
  for (;;) {
    try {
      return nodePath.join(await fs.realpath(current), ...missing.reverse());
    } catch (error) {
      const parent = nodePath.dirname(current);
      if (!isMissingFileError(error) || parent === current) return path;
      missing.push(nodePath.basename(current));
      current = parent;
    }
  }
}
