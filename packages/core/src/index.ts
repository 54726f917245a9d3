export * from "./chunk-decoder.js";
export * from "./codec.js";
export * from "./codec-registry.js";
export * from "./data-type.js";
export * from "./errors.js";
export * from "./fill-value-type.js";
export * from "./indexing/types.js";
export * from "./store.js";
