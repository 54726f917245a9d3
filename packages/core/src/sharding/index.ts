// The v3 sharding_indexed codec and the partial reads of sharded arrays.

export {
  decodeShardIndex,
  encodeShardIndex,
  indexBytesOf,
  indexRange,
  ShardIndex,
} from "./shard-index.js";
export {
  DEFAULT_INDEX_CACHE_SIZE,
  LruIndexCache,
  type ShardIndexCache,
} from "./shard-index-cache.js";
export { planShardedSelection, type ShardReadPlan, type ShardWork } from "./shard-plan.js";
export {
  isPartiallyReadable,
  ShardReader,
  type ShardReaderContext,
  type ShardReadOptions,
  WHOLE_SHARD_FRACTION,
} from "./shard-reader.js";
export { registerShardingCodec, ShardingCodec, shardingFactory } from "./sharding-codec.js";
export {
  DEFAULT_INDEX_CODECS,
  type IndexLocation,
  innerChunkCoords,
  innerChunkNumber,
  parseShardingConfig,
  SHARDING_CODEC_NAME,
  type ShardingConfig,
  type ShardLayout,
  shardLayout,
} from "./sharding-config.js";
