/**
 * The fixture arrays the HTTP tests read: every array folder of zarrs' v2/, v3/ and
 * v3_zarr_python/, the two zarrs write_read hierarchies, and zarrita's v2/v3 data.zarr.
 */
import { join } from "node:path";
import { findArrays } from "../support/find-arrays.js";

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
