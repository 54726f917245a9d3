/*
 * Linked into blosc-decode.wasm in place of the compressors: that build of blosc.c is
 * compiled with -DLZ4_compress_fast=zk_no_lz4_compress_fast (and so on), so its
 * (unreachable) compression path references these instead of pulling every encoder in.
 */
#include <stddef.h>

int zk_no_lz4_compress_fast(const char* s, char* d, int n, int cap, int a) {
  (void)s; (void)d; (void)n; (void)cap; (void)a;
  return 0;
}
int zk_no_lz4_compress_hc(const char* s, char* d, int n, int cap, int l) {
  (void)s; (void)d; (void)n; (void)cap; (void)l;
  return 0;
}
int zk_no_compress2(unsigned char* d, unsigned long* dl, const unsigned char* s, unsigned long n,
                    int l) {
  (void)d; (void)dl; (void)s; (void)n; (void)l;
  return -2; /* Z_STREAM_ERROR */
}
size_t zk_no_zstd_compress(void* d, size_t cap, const void* s, size_t n, int l) {
  (void)d; (void)cap; (void)s; (void)n; (void)l;
  return (size_t)-1; /* a zstd error */
}
int zk_no_blosclz_compress(int l, const void* s, int n, void* d, int cap, int split) {
  (void)l; (void)s; (void)n; (void)d; (void)cap; (void)split;
  return 0;
}
int zk_no_snappy_compress(const char* s, size_t n, char* d, size_t* dl) {
  (void)s; (void)n; (void)d; (void)dl;
  return 2; /* SNAPPY_BUFFER_TOO_SMALL */
}
