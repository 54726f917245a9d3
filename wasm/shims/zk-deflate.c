/* libdeflate decoding for zarrkit: one-shot decode of a raw deflate, zlib or gzip stream
   whose decoded size is bounded by the output buffer. Decode only (zlib.wasm encodes).
   The JavaScript wrapper (zlib-wasm.ts) redoes with zlib whatever this declines, so
   inputs zlib would treat differently return ZK_ERR_FALLBACK rather than a result. */
#include <stdint.h>
#include "libdeflate.h"
#include "zk-common.h"

enum { ZK_DEFLATE_RAW = 0, ZK_DEFLATE_ZLIB = 1, ZK_DEFLATE_GZIP = 2 };

#define GZIP_FHCRC 0x02

/* One decompressor (about 10 KiB of tables), allocated on first use and reused. */
static struct libdeflate_decompressor* dec;

/* Decodes at most out_len bytes into out; returns the decoded size or a ZK_ERR_* status:
   ZK_ERR_TOO_SMALL (more than out_len bytes), ZK_ERR_CORRUPT (bad or truncated data),
   ZK_ERR_FALLBACK (valid first stream but input left over: a further gzip member or
   trailing bytes; or a gzip header CRC, which libdeflate skips and zlib checks). */
ZK_EXPORT int zk_deflate_decompress(int format, const uint8_t* in, size_t in_len,
                                    uint8_t* out, size_t out_len) {
  size_t used = 0, produced = 0;
  enum libdeflate_result r;
  if (!dec && !(dec = libdeflate_alloc_decompressor())) return ZK_ERR_NOMEM;
  switch (format) {
    case ZK_DEFLATE_RAW:
      r = libdeflate_deflate_decompress_ex(dec, in, in_len, out, out_len, &used, &produced);
      break;
    case ZK_DEFLATE_ZLIB:
      r = libdeflate_zlib_decompress_ex(dec, in, in_len, out, out_len, &used, &produced);
      break;
    case ZK_DEFLATE_GZIP:
      if (in_len >= 4 && (in[3] & GZIP_FHCRC)) return ZK_ERR_FALLBACK;
      r = libdeflate_gzip_decompress_ex(dec, in, in_len, out, out_len, &used, &produced);
      break;
    default: return ZK_ERR_PARAM;
  }
  switch (r) {
    case LIBDEFLATE_SUCCESS:
      if (used != in_len) return ZK_ERR_FALLBACK;
      /* sizes above INT_MAX cannot be returned (the wrappers never ask for them) */
      return produced > 0x7fffffff ? ZK_ERR_PARAM : (int)produced;
    case LIBDEFLATE_INSUFFICIENT_SPACE: return ZK_ERR_TOO_SMALL;
    /* SHORT_OUTPUT only without an actual-size pointer, which we always pass */
    case LIBDEFLATE_SHORT_OUTPUT:
    case LIBDEFLATE_BAD_DATA:
    default: return ZK_ERR_CORRUPT;
  }
}
