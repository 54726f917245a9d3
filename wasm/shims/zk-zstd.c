/* zstd entry points for zarrkit: one-shot and bounded streaming decode, encode. */
#define ZSTD_STATIC_LINKING_ONLY
#include "zstd.h"
#include "zstd_errors.h"
#include "zk-common.h"

static ZSTD_DCtx* dctx;
static ZSTD_CCtx* cctx;

static int zk_from_zstd(size_t r) {
  if (!ZSTD_isError(r)) return (int)r;
  switch (ZSTD_getErrorCode(r)) {
    case ZSTD_error_dstSize_tooSmall: return ZK_ERR_TOO_SMALL;
    case ZSTD_error_memory_allocation: return ZK_ERR_NOMEM;
    case ZSTD_error_srcSize_wrong: return ZK_ERR_TRUNCATED;
    case ZSTD_error_parameter_outOfBound:
    case ZSTD_error_parameter_unsupported: return ZK_ERR_PARAM;
    default: return -100 - (int)ZSTD_getErrorCode(r);
  }
}

/* Text for a result below -100 (a zstd error code). */
ZK_EXPORT const char* zk_zstd_error_name(int code) {
  return ZSTD_getErrorString((ZSTD_ErrorCode)(-100 - code));
}

/* Decoded size of the first frame: >= 0 known, -1 unknown, -2 not a zstd frame. */
ZK_EXPORT double zk_zstd_content_size(const void* src, size_t n) {
  unsigned long long s = ZSTD_getFrameContentSize(src, n);
  if (s == ZSTD_CONTENTSIZE_UNKNOWN) return -1;
  if (s == ZSTD_CONTENTSIZE_ERROR) return -2;
  return (double)s;
}

/* Streaming decode of every frame in src into at most cap bytes. */
ZK_EXPORT int zk_zstd_decompress(const void* src, size_t n, void* dst, size_t cap) {
  if (!dctx && !(dctx = ZSTD_createDCtx())) return ZK_ERR_NOMEM;
  ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
  ZSTD_inBuffer in = {src, n, 0};
  ZSTD_outBuffer out = {dst, cap, 0};
  if (n == 0) return ZK_ERR_TRUNCATED;
  for (;;) {
    size_t in0 = in.pos, out0 = out.pos;
    size_t r = ZSTD_decompressStream(dctx, &out, &in);
    if (ZSTD_isError(r)) return zk_from_zstd(r);
    if (r == 0 && in.pos == in.size) return (int)out.pos; /* last frame complete */
    if (in.pos == in0 && out.pos == out0) {
      /* no progress: either out of room or out of input */
      return out.pos == out.size ? ZK_ERR_TOO_SMALL : ZK_ERR_TRUNCATED;
    }
  }
}

ZK_EXPORT int zk_zstd_compress_bound(size_t n) { return (int)ZSTD_compressBound(n); }

/* As numcodecs.zstd 0.11: ZSTD_compress2 with the level and checksum flag. */
ZK_EXPORT int zk_zstd_compress(const void* src, size_t n, void* dst, size_t cap, int level,
                               int checksum) {
  if (!cctx && !(cctx = ZSTD_createCCtx())) return ZK_ERR_NOMEM;
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
  size_t r = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  if (ZSTD_isError(r)) return zk_from_zstd(r);
  r = ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, checksum);
  if (ZSTD_isError(r)) return zk_from_zstd(r);
  return zk_from_zstd(ZSTD_compress2(cctx, dst, cap, src, n));
}

/* Frees the contexts (their workspaces), e.g. after a large chunk. */
ZK_EXPORT void zk_zstd_release(void) {
  ZSTD_freeDCtx(dctx);
  ZSTD_freeCCtx(cctx);
  dctx = 0;
  cctx = 0;
}
