/**
 * `zarrkit tree PATH_OR_URL`: the hierarchy as an indented tree (as zarr-python's
 * `group.tree()` draws it), with each array's shape and data type.
 */
import type { ZarrArray, ZarrGroup, ZarrNode } from "@zarrkit/core";
import { dtypeText } from "./node-text.js";

function arrayLabel(name: string, arr: ZarrArray): string {
  return `${name} [${arr.shape.join(", ")}] ${dtypeText(arr)}`;
}

export async function runTree(node: ZarrNode, write: (text: string) => void): Promise<void> {
  const rootName = node.path === "" ? "/" : node.path;
  if (node.kind === "array") {
    write(`${arrayLabel(rootName, node)}\n`);
    return;
  }
  write(`${rootName}\n`);
  await writeChildren(node, " ", write);
}

async function writeChildren(
  group: ZarrGroup,
  indent: string,
  write: (text: string) => void,
): Promise<void> {
  const children = await group.children();
  // open every child of this level at once; the store sees concurrent metadata reads
  const nodes = await Promise.all(children.map((c) => group.open(c.name, { kind: c.kind })));
  for (let i = 0; i < nodes.length; i++) {
    const last = i === nodes.length - 1;
    const child = nodes[i];
    const name = children[i].name;
    const branch = last ? "└── " : "├── ";
    if (child.kind === "array") {
      write(`${indent}${branch}${arrayLabel(name, child)}\n`);
    } else {
      write(`${indent}${branch}${name}\n`);
      await writeChildren(child, `${indent}${last ? "    " : "│   "}`, write);
    }
  }
}
