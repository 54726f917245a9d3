/*
 * Force-included into library sources: silences printf/fprintf/sprintf and getenv, which
 * would otherwise import WASI fd_write/environ_get. The real headers come first so
 * their declarations are not rewritten by the macros below.
 */
#include <stdio.h>
#include <stdlib.h>
#define printf(...) ((void)0)
#define fprintf(...) ((void)0)
#define getenv(name) ((char*)0)
#define sprintf(...) 0
