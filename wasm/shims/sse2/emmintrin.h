/*
 * The SSE2 intrinsics that c-blosc's shuffle-sse2.c and bitshuffle-sse2.c use, as wasm
 * simd128 operations, so those files (compiled with -D__SSE2__ and this folder first on
 * the include path) give blosc vectorized (bit)shuffles on wasm instead of its scalar
 * fallback. Every unpack/shuffle is a constant i8x16.shuffle, which engines lower to the
 * matching native instruction (punpck*, pshufd) on x86.
 */
#ifndef ZK_EMMINTRIN_SIMD128_H
#define ZK_EMMINTRIN_SIMD128_H
#include <wasm_simd128.h>

typedef v128_t __m128i;
typedef v128_t __m128;
typedef long long __m64;

static inline __m128i _mm_loadu_si128(const __m128i* p) { return wasm_v128_load(p); }
static inline void _mm_storeu_si128(__m128i* p, __m128i a) { wasm_v128_store(p, a); }
static inline void _mm_storel_epi64(__m128i* p, __m128i a) { wasm_v128_store64_lane(p, a, 0); }
static inline void _mm_storel_pi(__m64* p, __m128 a) { wasm_v128_store64_lane(p, a, 0); }
static inline void _mm_storeh_pi(__m64* p, __m128 a) { wasm_v128_store64_lane(p, a, 1); }

static inline __m128i _mm_unpacklo_epi8(__m128i a, __m128i b) {
  return wasm_i8x16_shuffle(a, b, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
}
static inline __m128i _mm_unpackhi_epi8(__m128i a, __m128i b) {
  return wasm_i8x16_shuffle(a, b, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
}
static inline __m128i _mm_unpacklo_epi16(__m128i a, __m128i b) {
  return wasm_i16x8_shuffle(a, b, 0, 8, 1, 9, 2, 10, 3, 11);
}
static inline __m128i _mm_unpackhi_epi16(__m128i a, __m128i b) {
  return wasm_i16x8_shuffle(a, b, 4, 12, 5, 13, 6, 14, 7, 15);
}
static inline __m128i _mm_unpacklo_epi32(__m128i a, __m128i b) {
  return wasm_i32x4_shuffle(a, b, 0, 4, 1, 5);
}
static inline __m128i _mm_unpackhi_epi32(__m128i a, __m128i b) {
  return wasm_i32x4_shuffle(a, b, 2, 6, 3, 7);
}
static inline __m128i _mm_unpacklo_epi64(__m128i a, __m128i b) {
  return wasm_i64x2_shuffle(a, b, 0, 2);
}
static inline __m128i _mm_unpackhi_epi64(__m128i a, __m128i b) {
  return wasm_i64x2_shuffle(a, b, 1, 3);
}

/* The immediates are literal constants at every use, as the shuffles require. */
#define _mm_shuffle_epi32(a, imm) \
  wasm_i32x4_shuffle((a), (a), (imm) & 3, ((imm) >> 2) & 3, ((imm) >> 4) & 3, ((imm) >> 6) & 3)
#define _mm_shufflelo_epi16(a, imm)                                                  \
  wasm_i16x8_shuffle((a), (a), (imm) & 3, ((imm) >> 2) & 3, ((imm) >> 4) & 3,        \
                     ((imm) >> 6) & 3, 4, 5, 6, 7)
#define _mm_shufflehi_epi16(a, imm)                                                  \
  wasm_i16x8_shuffle((a), (a), 0, 1, 2, 3, 4 + ((imm) & 3), 4 + (((imm) >> 2) & 3),  \
                     4 + (((imm) >> 4) & 3), 4 + (((imm) >> 6) & 3))

static inline int _mm_movemask_epi8(__m128i a) { return (int)wasm_i8x16_bitmask(a); }
static inline __m128i _mm_slli_epi16(__m128i a, int n) { return wasm_i16x8_shl(a, n); }

#endif
