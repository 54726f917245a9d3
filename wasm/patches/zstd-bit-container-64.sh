#!/usr/bin/env bash
# zstd decoders on wasm32: a 64-bit bit container (wasm has 64-bit integer registers, but
# zstd sizes its bit reader by size_t, 32 bits there). The sequence and Huffman decoders
# then reload their bit reader as on 64-bit targets: about a third fewer reloads and
# branches per sequence. Other targets are unchanged (BIT_DContainer is size_t there).
# Only the decoders' bit reader changes, so encoders produce the same bytes.
# Usage: zstd-bit-container-64.sh <zstd source dir>; idempotent; fails if a pattern moved.
set -euo pipefail
LIB=$1/lib
BS=$LIB/common/bitstream.h
HUF=$LIB/decompress/huf_decompress.c
SEQ=$LIB/decompress/zstd_decompress_block.c

if ! grep -q BIT_DContainer "$BS"; then
  # the container type, after the bitStream decoding API banner
  perl -0pi -e 's{(\*  bitStream decoding API \(read backward\)\n\*+/\n)}{$1/* zarrkit: 64 bits on wasm32 too (see wasm/patches/zstd-bit-container-64.sh) */\n#if defined(__wasm__)\ntypedef U64 BIT_DContainer;\n#  define BIT_readLEDContainer MEM_readLE64\n#else\ntypedef size_t BIT_DContainer;\n#  define BIT_readLEDContainer MEM_readLEST\n#endif\n#define BIT_CONTAINER_64 (sizeof(BIT_DContainer) == 8)\n\n}' "$BS"
  perl -0pi -e 's#typedef struct \{\n    size_t   bitContainer;\n    unsigned bitsConsumed;#typedef struct {\n    BIT_DContainer bitContainer;\n    unsigned bitsConsumed;#' "$BS"
  perl -pi -e 's{bitD->bitContainer = MEM_readLEST\(bitD->ptr\);}{bitD->bitContainer = BIT_readLEDContainer(bitD->ptr);}' "$BS"
  perl -pi -e 's{bitD->bitContainer \+= \(size_t\)}{bitD->bitContainer += (BIT_DContainer)}' "$BS"
  perl -pi -e 's{size_t BIT_getUpperBits\(size_t bitContainer}{size_t BIT_getUpperBits(BIT_DContainer bitContainer}; s{size_t BIT_getMiddleBits\(size_t bitContainer}{size_t BIT_getMiddleBits(BIT_DContainer bitContainer}' "$BS"
  # Huffman: the symbols decoded per reload follow the container, not size_t
  perl -pi -e 's{MEM_64bits\(\)}{BIT_CONTAINER_64}g; s{^    if \(MEM_32bits\(\)\)$}{    if (!BIT_CONTAINER_64)}' "$HUF"
  # ...and so do the output margins of the 4-stream loops (outside the x86-64 asm path)
  perl -pi -e 's{\(size_t\)\(oend - op4\) >= sizeof\(size_t\)}{(size_t)(oend - op4) >= sizeof(BIT_DContainer)}; s{olimit = oend - \(sizeof\(size_t\)-1\);}{olimit = oend - (sizeof(BIT_DContainer)-1);}' "$HUF"
  # sequences: the reloads in ZSTD_decodeSequence (not the pointer-size checks elsewhere)
  perl -pi -e 's{^(\s+)if \(MEM_32bits\(\)\) BIT_reloadDStream\(&seqState->DStream\);}{$1if (!BIT_CONTAINER_64) BIT_reloadDStream(&seqState->DStream);}; s{if \(MEM_32bits\(\) && \(mlBits\+llBits >= STREAM_ACCUMULATOR_MIN_32}{if (!BIT_CONTAINER_64 && (mlBits+llBits >= STREAM_ACCUMULATOR_MIN_32}; s{if \(MEM_64bits\(\) && UNLIKELY\(totalBits >= STREAM_ACCUMULATOR_MIN_64}{if (BIT_CONTAINER_64 && UNLIKELY(totalBits >= STREAM_ACCUMULATOR_MIN_64}' "$SEQ"
  perl -0pi -e 's#(\n\s+)if \(MEM_32bits\(\)\)(\n\s+BIT_reloadDStream\(&seqState->DStream\);)#$1if (!BIT_CONTAINER_64)$2#' "$SEQ"
fi

# every edit landed
[[ $(grep -c 'BIT_readLEDContainer(bitD->ptr)' "$BS") == 3 ]]
[[ $(grep -c '(BIT_DContainer)(((const BYTE\*)' "$BS") == 6 ]]
grep -q '^    BIT_DContainer bitContainer;$' "$BS"
grep -q 'BIT_getMiddleBits(BIT_DContainer bitContainer' "$BS"
[[ $(grep -c 'BIT_CONTAINER_64' "$HUF") == 6 ]]
[[ $(grep -c 'sizeof(BIT_DContainer)' "$HUF") == 3 ]]
! grep -q 'MEM_64bits()' "$HUF"
[[ $(grep -c 'BIT_CONTAINER_64' "$SEQ") == 5 ]]
