/**
 * The hierarchy under a root node, as a tree of entries with a one-line summary each.
 * Over HTTP, listing a group needs consolidated metadata; a group that cannot be
 * listed becomes an entry with a note instead of failing the whole tree.
 */
import {
  type OmeMultiscale,
  parseOmeMultiscales,
  type ZarrArray,
  type ZarrGroup,
  type ZarrNode,
} from "zarrkit";

export interface Entry {
  name: string;
  path: string;
  node: ZarrNode;
  /** "shape dtype, chunks ..., codecs ...", or what the group holds. */
  summary: string;
  /** Set for OME-Zarr multiscale images. */
  multiscale?: OmeMultiscale;
  /** Arrays with two or more numeric dimensions, and multiscale images. */
  viewable: boolean;
  children: Entry[];
  note?: string;
}

/** A group's OME multiscales metadata (bad metadata leaves it a plain group). */
function multiscaleOf(group: ZarrGroup): OmeMultiscale | undefined {
  try {
    return parseOmeMultiscales(group.attrs as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

const NUMERIC = /^(bool|u?int(8|16|32|64)|float(16|32|64))$/;

export async function buildTree(node: ZarrNode, name: string, depth = 0): Promise<Entry> {
  if (node.kind === "array") {
    return {
      name,
      path: node.path,
      node,
      summary: arraySummary(node),
      viewable: node.shape.length >= 2 && NUMERIC.test(node.dtype),
      children: [],
    };
  }
  const multiscale = multiscaleOf(node);
  const entry: Entry = {
    name,
    path: node.path,
    node,
    summary: multiscale ? `multiscale image, ${multiscale.levels.length} levels` : "group",
    multiscale,
    viewable: multiscale !== undefined,
    children: [],
  };
  if (depth > 8) return entry;
  try {
    for (const child of await node.children()) {
      const opened = await (node as ZarrGroup).open(child.name);
      entry.children.push(await buildTree(opened, child.name, depth + 1));
    }
  } catch (error) {
    entry.note = (error as Error).message;
  }
  return entry;
}

export function arraySummary(array: ZarrArray): string {
  const parts = [`${array.shape.join(" × ")} ${array.dtype}`];
  const codecs = array.nodeMetadata.codecs;
  const sharding = codecs.find((c) => c.name === "sharding_indexed");
  if (sharding) {
    const inner = (sharding.configuration?.chunk_shape as number[] | undefined) ?? [];
    const innerCodecs = (sharding.configuration?.codecs as { name: string }[] | undefined) ?? [];
    parts.push(`shards ${array.chunks.join("×")} of chunks ${inner.join("×")}`);
    parts.push(innerCodecs.map((c) => c.name).join(" + "));
  } else {
    parts.push(`chunks ${array.chunks.join("×")}`);
    parts.push(codecs.map((c) => c.name).join(" + "));
  }
  parts.push(`v${array.zarrFormat}`);
  return parts.join(", ");
}
