/* LZ4 block entry points; the numcodecs 4-byte size header is handled in JavaScript. */
#include "lz4.h"
#include "zk-common.h"

ZK_EXPORT int zk_lz4_compress_bound(int n) { return LZ4_compressBound(n); }

ZK_EXPORT int zk_lz4_compress(const char* src, int n, char* dst, int cap, int acceleration) {
  int r = LZ4_compress_fast(src, dst, n, cap, acceleration);
  return r > 0 ? r : ZK_ERR_TOO_SMALL;
}

/* Decodes exactly one block into at most cap bytes. */
ZK_EXPORT int zk_lz4_decompress(const char* src, int n, char* dst, int cap) {
  int r = LZ4_decompress_safe(src, dst, n, cap);
  return r >= 0 ? r : ZK_ERR_CORRUPT;
}
