/**
 * A decoded fill value, as held in memory: numbers for int8..uint32, float16/32/64
 * (NaN and ±Infinity included); bigint for int64/uint64; 0/1 numbers for bool;
 * [re, im] for complex; strings for string types; Uint8Array for bytes; null where
 * v2 metadata says null (no fill value: missing chunks read as zeros/empty).
 */
export type FillValue = number | bigint | string | Uint8Array | readonly [number, number] | null;
