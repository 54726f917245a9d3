/* Shared by the zarrkit WASM shims: status codes returned to JavaScript. */
#ifndef ZK_COMMON_H
#define ZK_COMMON_H
#include <stddef.h>

#define ZK_EXPORT __attribute__((visibility("default")))

/* Negative results; non-negative results are byte counts. */
#define ZK_ERR_CORRUPT (-1)   /* malformed input */
#define ZK_ERR_TOO_SMALL (-2) /* output would exceed the destination capacity */
#define ZK_ERR_TRUNCATED (-3) /* input ends before the stream does */
#define ZK_ERR_NOMEM (-4)     /* allocation failed */
#define ZK_ERR_PARAM (-5)     /* invalid parameter */
#define ZK_ERR_UNSUPPORTED (-6)
#define ZK_ERR_FALLBACK (-7)  /* declined: decode with the reference decoder instead */

#endif
