/**
 * The fixture arrays the HTTP tests read: every array folder of zarrs' v2/, v3/ and
 * v3_zarr_python/, the two zarrs write_read hierarchies, and zarrita's v2/v3 data.zarr.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

export interface ArrayCase {
  label: string;
  /** The store's root folder on disk. */
  dir: string;
  /** The same folder as a URL path below the served fixtures root. */
  urlPath: string;
  /** The array's path inside the store. */
  path: string;
  zarrFormat?: 2 | 3;
}

/** Array folders below `root` (relative paths), and which of them also hold a .zarray. */
function findArrays(root: string): { arrays: string[]; both: Set<string> } {
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

export function fixtureArrays(fixtures: string): ArrayCase[] {
  const cases: ArrayCase[] = [];
  for (const folder of ["zarrs/v2", "zarrs/v3", "zarrs/v3_zarr_python"]) {
    const { arrays, both } = findArrays(join(fixtures, folder));
    for (const rel of arrays) {
      const urlPath = `${folder}/${rel}`;
      const dir = join(fixtures, urlPath);
      cases.push({ label: urlPath, dir, urlPath, path: "" });
      // zarrs' v3 folders also hold a v2 .zarray describing the same chunks
      if (both.has(rel))
        cases.push({ label: `${urlPath} (v2)`, dir, urlPath, path: "", zarrFormat: 2 });
    }
  }
  for (const name of ["sharded_array_write_read.zarr", "array_write_read.zarr"]) {
    const urlPath = `zarrs/${name}`;
    cases.push({
      label: `${urlPath}/group/array`,
      dir: join(fixtures, urlPath),
      urlPath,
      path: "group/array",
    });
  }
  for (const version of ["v2", "v3"]) {
    const urlPath = `zarrita/${version}/data.zarr`;
    const dir = join(fixtures, urlPath);
    for (const rel of findArrays(dir).arrays) {
      cases.push({ label: `${urlPath}/${rel}`, dir, urlPath, path: rel });
    }
  }
  return cases;
}
