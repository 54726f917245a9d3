/* zlib entry points: raw/zlib deflate with numcodecs' parameters, and inflate of zlib,
   raw or (multi-member) gzip streams into a bounded buffer. */
#include "zlib.h"
#include "zk-common.h"

static z_stream strm;

/* windowBits: 15 zlib, -15 raw deflate (gzip framing is written in JavaScript). */
ZK_EXPORT int zk_zlib_compress(const void* src, size_t n, void* dst, size_t cap, int level,
                               int windowBits) {
  strm.zalloc = Z_NULL;
  strm.zfree = Z_NULL;
  strm.opaque = Z_NULL;
  if (deflateInit2(&strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return ZK_ERR_PARAM;
  strm.next_in = (Bytef*)src;
  strm.avail_in = (uInt)n;
  strm.next_out = (Bytef*)dst;
  strm.avail_out = (uInt)cap;
  int r = deflate(&strm, Z_FINISH);
  size_t out = cap - strm.avail_out;
  deflateEnd(&strm);
  if (r != Z_STREAM_END) return ZK_ERR_TOO_SMALL;
  return (int)out;
}

ZK_EXPORT int zk_zlib_compress_bound(size_t n) { return (int)(compressBound(n) + 32); }

ZK_EXPORT unsigned zk_crc32(unsigned crc, const void* src, size_t n) {
  return (unsigned)crc32(crc, (const Bytef*)src, (uInt)n);
}

/* windowBits: 15 zlib, 31 gzip (members are decoded until the input ends), -15 raw. */
ZK_EXPORT int zk_zlib_decompress(const void* src, size_t n, void* dst, size_t cap,
                                 int windowBits) {
  const unsigned char* in = (const unsigned char*)src;
  size_t done = 0;
  if (n == 0) return ZK_ERR_TRUNCATED;
  strm.zalloc = Z_NULL;
  strm.zfree = Z_NULL;
  strm.opaque = Z_NULL;
  strm.next_in = Z_NULL;
  strm.avail_in = 0;
  if (inflateInit2(&strm, windowBits) != Z_OK) return ZK_ERR_NOMEM;
  for (;;) {
    strm.next_in = (Bytef*)in;
    strm.avail_in = (uInt)n;
    strm.next_out = (Bytef*)dst + done;
    strm.avail_out = (uInt)(cap - done);
    int r = inflate(&strm, Z_FINISH);
    size_t produced = (cap - done) - strm.avail_out;
    size_t consumed = n - strm.avail_in;
    done += produced;
    in += consumed;
    n -= consumed;
    if (r == Z_STREAM_END) {
      if (windowBits == 31 && n > 0) {
        inflateReset(&strm);
        continue;
      }
      break;
    }
    inflateEnd(&strm);
    if (r == Z_MEM_ERROR) return ZK_ERR_NOMEM;
    if (r == Z_DATA_ERROR || r == Z_STREAM_ERROR || r == Z_NEED_DICT) return ZK_ERR_CORRUPT;
    /* Z_BUF_ERROR or Z_OK: out of room or out of input */
    return strm.avail_out == 0 ? ZK_ERR_TOO_SMALL : ZK_ERR_TRUNCATED;
  }
  inflateEnd(&strm);
  return (int)done;
}
