/**
 * Writes one value over a 2-D region of an array in a folder, with zarrkit (run from the
 * sources: node --conditions=zarrkit-source --import tsx). Browser specs use it to change
 * data on disk between page loads.
 *
 *   fill-region.ts FOLDER ARRAY_PATH Y0 X0 HEIGHT WIDTH VALUE
 */
import { open, slice } from "zarrkit";

const [folder, path, ...numbers] = process.argv.slice(2);
const [y0, x0, height, width, value] = numbers.map(Number);
if (!folder || !path || [y0, x0, height, width, value].some((n) => !Number.isSafeInteger(n))) {
  throw new Error("usage: fill-region.ts FOLDER ARRAY_PATH Y0 X0 HEIGHT WIDTH VALUE");
}
const array = await open(folder, { path, kind: "array" });
await array.set([slice(y0, y0 + height), slice(x0, x0 + width)], value);
