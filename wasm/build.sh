#!/usr/bin/env bash
# Builds zarrkit's WebAssembly codecs from Debian's C sources.
#
#   wasm/build.sh            fetch sources (once) and build every module
#   wasm/build.sh --clean    remove wasm/build first
#
# Needs (Debian 12): clang-16, lld-16, wasi-libc, libclang-rt-16-dev-wasm32, libc++-16-dev-wasm32,
# libc++abi-16-dev-wasm32 (snappy is C++), dpkg-dev,
# a deb-src apt entry (added here when run as root and missing), and `pnpm install` for
# binaryen's wasm-opt (a root devDependency), which every module goes through last. Sources are fetched
# with `apt-get source` at pinned versions into wasm/build/src (gitignored, never
# committed). Our own glue is in wasm/shims/.
#
# Output, committed to packages/codecs/src/wasm/:
#   blosc-{decode,encode}.wasm  c-blosc 1.21.3 + lz4 1.9.4 (+hc) + zlib 1.2.13 + zstd 1.5.4 + snappy 1.1.9
#   zstd-{decode,encode}.wasm   zstd 1.5.4
#   lz4.wasm lz4 1.9.4, bz2.wasm bzip2 1.0.8, zlib.wasm zlib 1.2.13
#   deflate-decode.wasm         libdeflate 1.14 (gzip/zlib/raw decoding only)
# and for each a `<name>.wasm.ts` exporting the bytes as base64, so bundlers, browsers
# and Node load them without fetch or fs.
#
# Every module has no imports: -nostartfiles --no-entry, wasi-libc's malloc (which grows
# memory with memory.grow), stdio/getenv silenced by shims/include/zk-no-stdio.h and
# pthreads stubbed by shims/include/pthread.h. The script fails if a module imports
# anything. Builds are reproducible: fixed source versions, sorted inputs,
# -ffile-prefix-map, no build ids or timestamps, names stripped.
#
# Small source patches make our encoders byte-identical to the x86-64 builds that
# Debian's numcodecs uses (see wasm/README.md): LZ4 uses 64-bit registers and an
# offset-indexed hash table on wasm32 (as on x86-64), and zstd picks the row match
# finder as it does on SSE2 targets. For speed, blosc's SSE2 (bit)shuffles run on wasm
# simd128 (shims/sse2/emmintrin.h) and zstd's decoders read 64-bit bit containers
# (patches/zstd-bit-container-64.sh); see wasm/README.md "Speed".
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD="$HERE/build"
SRC="$BUILD/src"
OBJ="$BUILD/obj"
SHIMS="$HERE/shims"
OUT="$HERE/../packages/codecs/src/wasm"
CC=${CC:-clang-16}
CXX=${CXX:-clang++-16}
# binaryen's wasm-opt, a root devDependency (npm "binaryen", pinned in pnpm-lock.yaml)
WASM_OPT="$HERE/../node_modules/binaryen/bin/wasm-opt"
JOBS=${JOBS:-$(nproc)}

declare -A VERSIONS=(
  [c-blosc]=1.21.3+ds-1
  [libzstd]=1.5.4+dfsg2-5
  [lz4]=1.9.4-1
  [zlib]=1:1.2.13.dfsg-1
  [bzip2]=1.0.8-5
  [libdeflate]=1.14-1
  [snappy]=1.1.9-3
)

if [[ "${1:-}" == "--clean" ]]; then rm -rf "$BUILD"; fi
# objects are always rebuilt (flags, shims and patched headers all feed into them)
rm -rf "$OBJ"
mkdir -p "$SRC" "$OBJ" "$OUT"

# --- sources ---------------------------------------------------------------------------
ensure_deb_src() {
  if apt-cache showsrc zlib 2>/dev/null | grep -q '^Package:'; then return; fi
  if [[ $EUID -ne 0 ]]; then
    echo "no deb-src entry: add a 'Types: deb-src' stanza to /etc/apt/sources.list.d/" >&2
    exit 1
  fi
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
    >/etc/apt/sources.list.d/debian-src.sources
  apt-get update -qq
}

fetch() { # package -> prints the unpacked directory
  local pkg=$1 ver=${VERSIONS[$1]}
  local dir
  dir=$(find "$SRC" -maxdepth 1 -type d -name "${pkg}-*" | sort | head -n1)
  if [[ -z "$dir" ]]; then
    ensure_deb_src
    (cd "$SRC" && apt-get source -qq "$pkg=$ver" >&2)
    dir=$(find "$SRC" -maxdepth 1 -type d -name "${pkg}-*" | sort | head -n1)
  fi
  echo "$dir"
}

BLOSC=$(fetch c-blosc)
ZSTD=$(fetch libzstd)
LZ4=$(fetch lz4)
ZLIB=$(fetch zlib)
BZIP2=$(fetch bzip2)
LIBDEFLATE=$(fetch libdeflate)
SNAPPY=$(fetch snappy)

# patches for byte-identical output with x86-64 builds (idempotent)
sed -i 's/^#if defined(__x86_64__)$/#if defined(__x86_64__) || defined(__wasm__)/' "$LZ4/lib/lz4.c"
grep -q '^#if defined(__x86_64__) || defined(__wasm__)$' "$LZ4/lib/lz4.c"
# ...and indexes its hash table by offset (byU32), as 64-bit targets do, not by pointer
sed -i -E 's/\(\(sizeof\(void\*\)==4\) && \(\(uptrval\)(source|src) > LZ4_DISTANCE_MAX\)\) \? byPtr : byU32/byU32/' \
  "$LZ4/lib/lz4.c"
! grep -q 'LZ4_DISTANCE_MAX)) ? byPtr : byU32' "$LZ4/lib/lz4.c"
sed -i 's/^#if defined(ZSTD_ARCH_X86_SSE2) || defined(ZSTD_ARCH_ARM_NEON)$/& || defined(__wasm__)/' \
  "$ZSTD/lib/compress/zstd_compress.c"
grep -q 'defined(ZSTD_ARCH_ARM_NEON) || defined(__wasm__)$' "$ZSTD/lib/compress/zstd_compress.c"
# speed: zstd's decoders read their bitstreams 64 bits at a time on wasm32 too
"$HERE/patches/zstd-bit-container-64.sh" "$ZSTD"
# speed: libdeflate's machine word (its bit buffer, match copies) is 64 bits on wasm32, as
# on x86-64: wasm has 64-bit integers, but libdeflate sizes the word by size_t (decoder only)
if ! grep -q '^#if defined(__wasm__) /\* zarrkit \*/$' "$LIBDEFLATE/common_defs.h"; then
  perl -0pi -e 's{\ntypedef size_t machine_word_t;\n}{\n#if defined(__wasm__) /* zarrkit */\ntypedef unsigned long long machine_word_t;\n#else\ntypedef size_t machine_word_t;\n#endif\n}' \
    "$LIBDEFLATE/common_defs.h"
fi
grep -q '^typedef unsigned long long machine_word_t;$' "$LIBDEFLATE/common_defs.h"

# --- toolchain -------------------------------------------------------------------------
# A sysroot holding only the wasi-libc headers and libraries (--sysroot=/usr would
# also expose the host's headers).
SYSROOT="$BUILD/sysroot"
mkdir -p "$SYSROOT/include" "$SYSROOT/lib"
ln -sfn /usr/include/wasm32-wasi "$SYSROOT/include/wasm32-wasi"
ln -sfn /usr/lib/wasm32-wasi "$SYSROOT/lib/wasm32-wasi"

CFLAGS=(
  --target=wasm32-wasi "--sysroot=$SYSROOT" -O3 -msimd128 -mbulk-memory -DNDEBUG
  "-ffile-prefix-map=$BUILD=." "-ffile-prefix-map=$HERE=." -fvisibility=hidden
  -Wno-unused-command-line-argument
)
# snappy is C++: Debian's libc++ for wasm32-wasi (libc++-16-dev-wasm32, libc++abi-16-dev-wasm32),
# whose headers clang-16 does not find under a --sysroot by itself; no exceptions, no RTTI
CXXFLAGS=(-isystem "$SYSROOT/include/wasm32-wasi/c++/v1" -fno-exceptions -fno-rtti)
LDFLAGS=(
  --target=wasm32-wasi "--sysroot=$SYSROOT" -nostartfiles -Wl,--no-entry
  -Wl,--gc-sections -Wl,--strip-all -Wl,--stack-first -Wl,-z,stack-size=1048576
)

compile() { # outdir extra-flags... -- sources...
  local dir=$1; shift
  local flags=()
  while [[ $1 != -- ]]; do flags+=("$1"); shift; done
  shift
  mkdir -p "$OBJ/$dir"
  local src obj pid
  local pids=()
  for src in "$@"; do
    obj="$OBJ/$dir/$(basename "${src%.c}").o"
    if [[ $src == *.cc ]]; then
      "$CXX" "${CFLAGS[@]}" "${CXXFLAGS[@]}" "${flags[@]}" -c "$src" -o "$obj" &
    else
      "$CC" "${CFLAGS[@]}" "${flags[@]}" -c "$src" -o "$obj" &
    fi
    pids+=($!)
    # at most JOBS compilers at a time; `wait <pid>` fails the script if one failed
    if ((${#pids[@]} >= JOBS)); then
      wait "${pids[0]}"
      pids=("${pids[@]:1}")
    fi
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
}

objs() { find "$OBJ/$1" -name '*.o' | LC_ALL=C sort; }

link() { # name exports -- objdirs...
  local name=$1 exports=$2; shift 3
  local inputs=() d e exp=()
  for d in "$@"; do mapfile -t -O "${#inputs[@]}" inputs < <(objs "$d"); done
  for e in zk_malloc zk_free $exports; do exp+=("-Wl,--export=$e"); done
  "$CC" "${LDFLAGS[@]}" "${exp[@]}" "${inputs[@]}" -o "$OBJ/$name.wasm"
  optimize "$OBJ/$name.wasm" "$OUT/$name.wasm"
  check_no_imports "$OUT/$name.wasm"
  embed "$name"
}

# wasm-opt -O3 after clang's -O3: about 3% fewer instructions and 3% more speed for zstd
# decoding on V8, 5-10% smaller modules (see wasm/README.md "Speed"). Features: exactly
# those clang emits here, so wasm-opt cannot introduce others.
optimize() { # in out
  if [[ ! -x "$WASM_OPT" ]]; then
    echo "missing $WASM_OPT: run pnpm install" >&2
    exit 1
  fi
  "$WASM_OPT" -O3 --mvp-features --enable-sign-ext --enable-mutable-globals --enable-simd \
    --enable-bulk-memory --enable-bulk-memory-opt "$1" -o "$2"
}

# Fails when a module has an import section (section id 2).
check_no_imports() {
  node -e '
    const m = new WebAssembly.Module(require("fs").readFileSync(process.argv[1]));
    const imp = WebAssembly.Module.imports(m);
    if (imp.length) { console.error(process.argv[1], "imports", imp); process.exit(1); }
  ' "$1"
}

embed() {
  local name=$1
  {
    echo "// Generated by wasm/build.sh from $name.wasm: do not edit."
    printf 'export const wasmBase64: string =\n  "'
    base64 -w0 "$OUT/$name.wasm"
    echo '";'
  } >"$OUT/$name.wasm.ts"
}

# --- objects ---------------------------------------------------------------------------
NOSTDIO=(-include "$SHIMS/include/zk-no-stdio.h")
compile shim-alloc -- "$SHIMS/zk-alloc.c"

compile zlib -DHAVE_UNISTD_H -DHAVE_STDARG_H "${NOSTDIO[@]}" -- \
  "$ZLIB"/{adler32,compress,crc32,deflate,inffast,inflate,inftrees,trees,uncompr,zutil}.c

# LZ4's fast decoder loop, which lz4.c enables on x86 (as Debian's numcodecs runs) but
# not on other targets; decoding only, so encodings are unchanged
compile lz4 -DLZ4_HEAPMODE=0 -DLZ4_FAST_DEC_LOOP=1 -- "$LZ4/lib/lz4.c"
compile lz4hc -- "$LZ4/lib/lz4hc.c"

mapfile -t ZSTD_SOURCES < <(
  ls "$ZSTD"/lib/common/*.c "$ZSTD"/lib/compress/*.c "$ZSTD"/lib/decompress/*.c | LC_ALL=C sort
)
compile zstd -DZSTD_DISABLE_ASM -DDYNAMIC_BMI2=0 -DZSTD_LEGACY_SUPPORT=0 -DDEBUGLEVEL=0 \
  -DZSTD_NO_TRACE -DZSTD_TRACE=0 "-I$ZSTD/lib" "-I$ZSTD/lib/common" "${NOSTDIO[@]}" -- \
  "${ZSTD_SOURCES[@]}"

# libdeflate's decoder only (its compressors are never compiled); no CPU dispatch on wasm
compile libdeflate "-I$LIBDEFLATE" -- \
  "$LIBDEFLATE"/lib/{adler32,crc32,deflate_decompress,gzip_decompress,utils,zlib_decompress}.c

compile bzip2 -DBZ_NO_STDIO -- \
  "$BZIP2"/{blocksort,bzlib,compress,crctable,decompress,huffman,randtable}.c

# snappy 1.1.9 as its CMake build configures it for a little-endian target with these
# builtins; snappy-stubs-public.h is generated from its template as CMake would
GEN="$BUILD/gen"
mkdir -p "$GEN"
sed -e 's/${HAVE_SYS_UIO_H_01}/1/' -e 's/${PROJECT_VERSION_MAJOR}/1/' \
  -e 's/${PROJECT_VERSION_MINOR}/1/' -e 's/${PROJECT_VERSION_PATCH}/9/' \
  "$SNAPPY/snappy-stubs-public.h.in" >"$GEN/snappy-stubs-public.h"
compile shim-cxx -- "$SHIMS/zk-cxx-alloc.cc"
compile snappy -DHAVE_BUILTIN_EXPECT=1 -DHAVE_BUILTIN_CTZ=1 -DHAVE_ATTRIBUTE_ALWAYS_INLINE=1 \
  "-I$GEN" "-I$SNAPPY" -- "$SNAPPY"/{snappy,snappy-c,snappy-sinksource,snappy-stubs-internal}.cc

BLOSC_FLAGS=(-DHAVE_LZ4 -DHAVE_ZLIB -DHAVE_ZSTD -DHAVE_SNAPPY "-I$SHIMS/include" "-I$LZ4/lib"
  "-I$ZLIB" "-I$ZSTD/lib" "-I$SNAPPY" "-I$GEN" "${NOSTDIO[@]}")
compile blosc-support "${BLOSC_FLAGS[@]}" -- \
  "$BLOSC"/blosc/{bitshuffle-generic,blosclz,fastcopy,shuffle-generic}.c
# Vectorized (bit)shuffles: blosc's own SSE2 code, its intrinsics defined as wasm simd128
# by shims/sse2/emmintrin.h; shuffle.c's scalar choice is renamed to those functions
# (blosc only dispatches to SSE2/AVX2 on x86, after cpuid).
compile blosc-shuffle -D__SSE2__ "-I$SHIMS/sse2" "${BLOSC_FLAGS[@]}" -- \
  "$BLOSC"/blosc/{bitshuffle-sse2,shuffle-sse2}.c
compile blosc-shuffle -Wno-#warnings -Dblosc_internal_shuffle_generic=blosc_internal_shuffle_sse2 \
  -Dblosc_internal_unshuffle_generic=blosc_internal_unshuffle_sse2 \
  -Dblosc_internal_bshuf_trans_bit_elem_scal=blosc_internal_bshuf_trans_bit_elem_sse2 \
  -Dblosc_internal_bshuf_untrans_bit_elem_scal=blosc_internal_bshuf_untrans_bit_elem_sse2 \
  "${BLOSC_FLAGS[@]}" -- "$BLOSC/blosc/shuffle.c"
compile blosc "${BLOSC_FLAGS[@]}" -- "$BLOSC/blosc/blosc.c"

# blosc for blosc-decode.wasm: compression entry points renamed to stubs, so the linker
# drops every encoder (see shims/zk-blosc-no-encoders.c)
compile blosc-dec -DLZ4_compress_fast=zk_no_lz4_compress_fast \
  -DLZ4_compress_HC=zk_no_lz4_compress_hc -Dcompress2=zk_no_compress2 \
  -DZSTD_compress=zk_no_zstd_compress -Dblosclz_compress=zk_no_blosclz_compress \
  -Dsnappy_compress=zk_no_snappy_compress \
  "${BLOSC_FLAGS[@]}" -- "$BLOSC/blosc/blosc.c"
compile shim-blosc-dec -- "$SHIMS/zk-blosc-no-encoders.c"

compile shim-zstd "-I$SHIMS" "-I$ZSTD/lib" -- "$SHIMS/zk-zstd.c"
compile shim-lz4 "-I$SHIMS" "-I$LZ4/lib" -- "$SHIMS/zk-lz4.c"
compile shim-bz2 "-I$SHIMS" "-I$BZIP2" -- "$SHIMS/zk-bz2.c"
compile shim-blosc "-I$SHIMS" "-I$BLOSC/blosc" -- "$SHIMS/zk-blosc.c"
compile shim-zlib "-I$SHIMS" "-I$ZLIB" -- "$SHIMS/zk-zlib.c"
compile shim-deflate "-I$SHIMS" "-I$LIBDEFLATE" -- "$SHIMS/zk-deflate.c"

# --- modules ---------------------------------------------------------------------------
# Decoders and encoders are separate modules for zstd and blosc (whose compressors are
# most of their size), so a reader never downloads an encoder.
link zstd-decode "zk_zstd_content_size zk_zstd_decompress zk_zstd_error_name" -- \
  shim-alloc shim-zstd zstd
link zstd-encode "zk_zstd_compress zk_zstd_compress_bound zk_zstd_error_name" -- \
  shim-alloc shim-zstd zstd
link blosc-decode "zk_blosc_nbytes zk_blosc_decompress" -- \
  shim-alloc shim-blosc shim-blosc-dec blosc-dec blosc-support blosc-shuffle lz4 lz4hc zlib zstd \
  shim-cxx snappy
link blosc-encode "zk_blosc_compress" -- shim-alloc shim-blosc blosc blosc-support blosc-shuffle \
  lz4 lz4hc zlib zstd shim-cxx snappy
link lz4 "zk_lz4_compress zk_lz4_compress_bound zk_lz4_decompress" -- shim-alloc shim-lz4 lz4
link bz2 "zk_bz2_compress zk_bz2_compress_bound zk_bz2_decompress" -- shim-alloc shim-bz2 bzip2
link zlib "zk_zlib_compress zk_zlib_compress_bound zk_zlib_decompress zk_crc32" -- \
  shim-alloc shim-zlib zlib
# gzip/zlib decoding when the decoded size is known (zlib-wasm.ts); zlib.wasm does the rest
link deflate-decode "zk_deflate_decompress" -- shim-alloc shim-deflate libdeflate

for f in blosc-decode blosc-encode zstd-decode zstd-encode lz4 bz2 zlib deflate-decode; do
  printf '%-14s %8d bytes  sha256 %s\n' "$f" "$(stat -c %s "$OUT/$f.wasm")" \
    "$(sha256sum "$OUT/$f.wasm" | cut -c1-16)"
done
