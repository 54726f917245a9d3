/* c-blosc 1.x entry points, as numcodecs.blosc calls them (no internal threads). */
#include "blosc.h"
#include "zk-common.h"

static const char* const CNAMES[] = {"blosclz", "lz4", "lz4hc", "snappy", "zlib", "zstd"};

/* cname: 0 blosclz, 1 lz4, 2 lz4hc, 3 snappy, 4 zlib, 5 zstd. */
ZK_EXPORT int zk_blosc_compress(int clevel, int shuffle, int typesize, const void* src,
                                size_t n, void* dst, size_t cap, int cname, int blocksize) {
  if (cname < 0 || cname > 5) return ZK_ERR_UNSUPPORTED;
  int r = blosc_compress_ctx(clevel, shuffle, (size_t)typesize, n, src, dst, cap, CNAMES[cname],
                             (size_t)blocksize, 1);
  if (r > 0) return r;
  return r == 0 ? ZK_ERR_TOO_SMALL : ZK_ERR_PARAM;
}

/* The header's decoded size, or ZK_ERR_* when the header is not a valid blosc 1 header
   for a buffer of n bytes (trailing bytes after the frame are allowed). */
ZK_EXPORT int zk_blosc_nbytes(const void* src, size_t n) {
  size_t nbytes, cbytes, blocksize;
  if (n < BLOSC_MIN_HEADER_LENGTH) return ZK_ERR_TRUNCATED;
  blosc_cbuffer_sizes(src, &nbytes, &cbytes, &blocksize);
  if (((const unsigned char*)src)[0] != BLOSC_VERSION_FORMAT) return ZK_ERR_CORRUPT;
  if (cbytes > n) return ZK_ERR_TRUNCATED;
  if (cbytes < BLOSC_MIN_HEADER_LENGTH) return ZK_ERR_CORRUPT;
  if (nbytes > BLOSC_MAX_BUFFERSIZE) return ZK_ERR_CORRUPT;
  return (int)nbytes;
}

ZK_EXPORT int zk_blosc_decompress(const void* src, size_t n, void* dst, size_t cap) {
  int nbytes = zk_blosc_nbytes(src, n);
  if (nbytes < 0) return nbytes;
  if ((size_t)nbytes > cap) return ZK_ERR_TOO_SMALL;
  int r = blosc_decompress_ctx(src, dst, cap, 1);
  if (r < 0) return ZK_ERR_CORRUPT;
  if (r != nbytes) return ZK_ERR_CORRUPT;
  return r;
}
