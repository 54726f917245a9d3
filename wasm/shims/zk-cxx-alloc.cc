// operator new/delete for snappy (C++) on wasi-libc's malloc: libc++abi's would import
// WASI stdio for its abort message. Without exceptions, a failed allocation traps.
#include <cstdlib>
#include <new>

void* operator new(std::size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) __builtin_trap();
  return p;
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
