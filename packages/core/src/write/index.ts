// The write path: creating nodes, writing selections, resizing, attributes, deleting,
// consolidating metadata.

export { DEFAULT_V2_COMPRESSOR, DEFAULT_V3_COMPRESSOR } from "./array-document.js";
export type { ArrayWriteTarget } from "./array-write-target.js";
export { writeArrayAttributes, writeGroupAttributes } from "./attributes.js";
export { withChunkLock } from "./chunk-lock.js";
export { writeConsolidatedMetadata } from "./consolidate.js";
export { create, createGroup } from "./create.js";
export type {
  CreateArrayOptions,
  CreateGroupOptions,
  FillValueInput,
  NumcodecsConfig,
  StructuredDtype,
  StructuredDtypeField,
  StructuredFillInput,
} from "./create-options.js";
export { guessChunks } from "./guess-chunks.js";
export { pythonFloatRepr, stringifyMetadata } from "./metadata-json.js";
export { deleteNode } from "./node-store.js";
export { appendToArray, type ResizeOptions, resizeArray } from "./resize.js";
export { type SetOptions, writeSelection } from "./write-selection.js";
export type { NdArrayLike, WriteScalar, WriteValue } from "./write-value.js";
