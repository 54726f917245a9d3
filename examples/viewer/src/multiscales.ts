/**
 * OME-Zarr multiscales (0.4: `multiscales` in the group's attributes; 0.5: under
 * `ome`): the levels' paths, finest first.
 */

interface Dataset {
  path: string;
}

export interface Multiscale {
  name?: string;
  axes?: { name: string; type?: string }[];
  datasets: Dataset[];
}

export function parseMultiscales(attributes: Record<string, unknown>): Multiscale | undefined {
  const ome = attributes.ome as { multiscales?: unknown } | undefined;
  const list = (ome?.multiscales ?? attributes.multiscales) as unknown;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const first = list[0] as Partial<Multiscale>;
  if (!Array.isArray(first.datasets) || first.datasets.length === 0) return undefined;
  const datasets = first.datasets.filter(
    (d): d is Dataset => typeof (d as Dataset)?.path === "string",
  );
  return datasets.length > 0 ? { ...first, datasets } : undefined;
}
