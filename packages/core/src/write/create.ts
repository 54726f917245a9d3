/**
 * Creating arrays and groups: metadata written as zarr-python writes it, missing
 * parent groups created, an existing node refused unless `overwrite`.
 */
import { ZarrArray } from "../array.js";
import { joinPath } from "../chunk-key-encoding.js";
import { getCodecPipeline } from "../codec-pipeline.js";
import type { DataTypeName } from "../data-type.js";
import { MetadataError } from "../errors.js";
import { ZarrGroup } from "../group.js";
import { parseV2ArrayMetadata, parseV2GroupMetadata } from "../metadata-v2.js";
import { parseV3ArrayMetadata, parseV3GroupMetadata } from "../metadata-v3.js";
import type { ArrayMetadata } from "../node-metadata.js";
import { normalizeNodePath } from "../node-reader.js";
import type { Store } from "../store.js";
import { v2ArrayDocuments, v3ArrayDocument } from "./array-document.js";
import type { CreateArrayOptions, CreateGroupOptions } from "./create-options.js";
import {
  prepareNodePath,
  requireWritable,
  v3GroupDocument,
  writeDocument,
  writeGroupDocuments,
} from "./node-store.js";

function describe(kind: string, path: string): string {
  return path === "" ? `${kind} at the store root` : `${kind} '${path}'`;
}

/** Creates an array (v3 unless `zarrFormat: 2`) and returns it, ready for `set`. */
export async function create<D extends DataTypeName = DataTypeName>(
  store: Store,
  options: CreateArrayOptions<D>,
): Promise<ZarrArray<D>> {
  const path = normalizeNodePath(options.path ?? "");
  const where = describe("array", path);
  requireWritable(store, `creating ${where}`);
  const zarrFormat = options.zarrFormat ?? 3;
  if (zarrFormat !== 2 && zarrFormat !== 3) {
    throw new MetadataError(`zarrFormat for ${where} must be 2 or 3, got ${String(zarrFormat)}`);
  }
  if (options.codecs && (options.compressor !== undefined || options.filters)) {
    throw new MetadataError(`give ${where} either "codecs" or "compressor"/"filters", not both`);
  }
  let metadata: ArrayMetadata;
  let write: () => Promise<void>;
  if (zarrFormat === 3) {
    const key = joinPath(path, "zarr.json");
    const doc = v3ArrayDocument(options, where);
    metadata = parseV3ArrayMetadata(doc, key);
    write = () => writeDocument(store, key, doc, 3);
  } else {
    const key = joinPath(path, ".zarray");
    const { zarray, zattrs } = v2ArrayDocuments(options, where);
    metadata = parseV2ArrayMetadata(zarray, zattrs, key);
    write = async () => {
      await writeDocument(store, key, zarray, 2);
      if (zattrs) await writeDocument(store, joinPath(path, ".zattrs"), zattrs, 2);
    };
  }
  // build the codec chain now, so bad codecs fail before anything is written
  // (a custom decoder may know codecs the local registry does not: then it decides)
  if (!options.decoder) {
    await getCodecPipeline(
      metadata.codecs,
      {
        shape: [...metadata.chunkShape],
        dataType: metadata.dataType,
        fillValue: metadata.fillValue,
      },
      { registry: options.registry, where },
    );
  }
  await prepareNodePath(store, path, zarrFormat, options.overwrite ?? false);
  await write();
  return new ZarrArray<D>(store, path, metadata, {
    registry: options.registry,
    decoder: options.decoder,
    indexCache: options.indexCache,
  });
}

/** Creates a group (v3 unless `zarrFormat: 2`) and returns it. */
export async function createGroup(
  store: Store,
  options: CreateGroupOptions = {},
): Promise<ZarrGroup> {
  const path = normalizeNodePath(options.path ?? "");
  const where = describe("group", path);
  requireWritable(store, `creating ${where}`);
  const zarrFormat = options.zarrFormat ?? 3;
  const attributes = options.attributes ?? {};
  await prepareNodePath(store, path, zarrFormat, options.overwrite ?? false);
  await writeGroupDocuments(store, path, zarrFormat, attributes);
  const metadata =
    zarrFormat === 3
      ? parseV3GroupMetadata(v3GroupDocument(attributes), joinPath(path, "zarr.json"))
      : parseV2GroupMetadata(
          { zarr_format: 2 },
          Object.keys(attributes).length > 0 ? attributes : undefined,
          joinPath(path, ".zgroup"),
        );
  return new ZarrGroup(store, path, metadata);
}
