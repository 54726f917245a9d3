/**
 * `zarrkit get PATH_OR_URL [--select S] [--json]`: the values of an array (or of a
 * selection of it), as one JSON object or as nested rows of text.
 */
import { parseSelection, type ZarrArray } from "@zarrkit/core";
import type { CliOptions } from "./args.js";
import { forEachElementText, writeArrayJson } from "./json-output.js";
import { dtypeText } from "./node-text.js";

export async function runGet(
  arr: ZarrArray,
  options: CliOptions,
  write: (text: string) => void,
): Promise<void> {
  const selection =
    options.select === undefined ? undefined : parseSelection(options.select, arr.rank);
  const result = await arr.get(selection);
  if (options.json) {
    writeArrayJson(result, dtypeText(arr), arr.dtype, write, arr.dataType);
    return;
  }
  write(`shape: [${result.shape.join(", ")}]  dtype: ${dtypeText(arr)}\n`);
  const items: string[] = [];
  const complex = arr.dtype === "complex64" || arr.dtype === "complex128";
  forEachElementText(
    result.data,
    arr.dtype,
    (text) => items.push(complex ? text.replace(",", ", ") : text),
    arr.dataType,
  );
  write(`${nested(items, result.shape, 0, 0)}\n`);
}

/** numpy-like nesting: innermost rows on one line, outer dimensions one per line. */
function nested(items: string[], shape: readonly number[], dim: number, offset: number): string {
  if (dim === shape.length) return items[offset] ?? "";
  let inner = 1;
  for (let d = dim + 1; d < shape.length; d++) inner *= shape[d];
  const parts: string[] = [];
  for (let i = 0; i < shape[dim]; i++)
    parts.push(nested(items, shape, dim + 1, offset + i * inner));
  if (dim === shape.length - 1) return `[${parts.join(", ")}]`;
  const pad = " ".repeat(dim + 1);
  const sep = `,${"\n".repeat(shape.length - dim - 1)}${pad}`;
  return `[${parts.join(sep)}]`;
}
