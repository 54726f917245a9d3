/** Array folders in a fixture tree, as the interop and HTTP tests walk them. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Folders below `root` holding array metadata (a zarr.json with node_type "array", or a
 * .zarray), relative and sorted; `both`, those holding a zarr.json and a .zarray too.
 */
export function findArrays(root: string): { arrays: string[]; both: Set<string> } {
  const arrays: string[] = [];
  const both = new Set<string>();
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    const names = new Set(entries.map((e) => e.name));
    let isArray = names.has(".zarray");
    if (names.has("zarr.json")) {
      const doc = JSON.parse(readFileSync(join(dir, "zarr.json"), "utf8")) as {
        node_type?: string;
      };
      isArray ||= doc.node_type === "array";
      if (isArray && names.has(".zarray")) both.add(relative(root, dir));
    }
    if (isArray) arrays.push(relative(root, dir));
    for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name));
  };
  walk(root);
  return { arrays: arrays.sort(), both };
}
