/* malloc/free for JavaScript, so it can place inputs and outputs in linear memory. */
#include <stdlib.h>
#include "zk-common.h"

ZK_EXPORT void* zk_malloc(size_t n) { return malloc(n ? n : 1); }
ZK_EXPORT void zk_free(void* p) { free(p); }
