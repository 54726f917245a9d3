/* bzip2 entry points: one-shot encode, multi-stream decode (as Python's bz2). */
#include "bzlib.h"
#include "zk-common.h"

/* Called by libbz2 on internal consistency failures (BZ_NO_STDIO builds). */
void bz_internal_error(int errcode) {
  (void)errcode;
  __builtin_trap();
}

ZK_EXPORT int zk_bz2_compress_bound(int n) { return n + n / 100 + 601; }

ZK_EXPORT int zk_bz2_compress(char* src, unsigned n, char* dst, unsigned cap, int level) {
  unsigned len = cap;
  int r = BZ2_bzBuffToBuffCompress(dst, &len, src, n, level, 0, 0);
  if (r == BZ_OK) return (int)len;
  if (r == BZ_OUTBUFF_FULL) return ZK_ERR_TOO_SMALL;
  if (r == BZ_MEM_ERROR) return ZK_ERR_NOMEM;
  return ZK_ERR_PARAM;
}

/* Decodes one or more concatenated streams into at most cap bytes. */
ZK_EXPORT int zk_bz2_decompress(char* src, unsigned n, char* dst, unsigned cap) {
  bz_stream s;
  unsigned done = 0;
  if (n == 0) return ZK_ERR_TRUNCATED;
  while (n > 0) {
    s.bzalloc = 0;
    s.bzfree = 0;
    s.opaque = 0;
    if (BZ2_bzDecompressInit(&s, 0, 0) != BZ_OK) return ZK_ERR_NOMEM;
    s.next_in = src;
    s.avail_in = n;
    s.next_out = dst + done;
    s.avail_out = cap - done;
    int r;
    do {
      r = BZ2_bzDecompress(&s);
    } while (r == BZ_OK && s.avail_out > 0 && s.avail_in > 0);
    unsigned produced = (cap - done) - s.avail_out;
    unsigned consumed = n - s.avail_in;
    BZ2_bzDecompressEnd(&s);
    if (r == BZ_OK) {
      if (s.avail_out == 0) return ZK_ERR_TOO_SMALL;
      return ZK_ERR_TRUNCATED;
    }
    if (r == BZ_MEM_ERROR) return ZK_ERR_NOMEM;
    if (r != BZ_STREAM_END) return ZK_ERR_CORRUPT;
    done += produced;
    src += consumed;
    n -= consumed;
  }
  return (int)done;
}
