/*
 * Single-threaded stand-in for <pthread.h>: wasi-libc ships none. c-blosc only calls
 * these with more than one internal thread, which the shims never request; creating a
 * thread fails, every other call succeeds trivially.
 */
#ifndef ZK_PTHREAD_H
#define ZK_PTHREAD_H
#include <sys/types.h> /* wasi-libc defines the pthread types there */
#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_BARRIER_SERIAL_THREAD (-1)
static inline int pthread_create(pthread_t* t, const pthread_attr_t* a, void* (*f)(void*), void* arg) {
  (void)t; (void)a; (void)f; (void)arg; return 11; /* EAGAIN */
}
static inline int pthread_join(pthread_t t, void** r) { (void)t; (void)r; return 0; }
static inline int pthread_attr_init(pthread_attr_t* a) { (void)a; return 0; }
static inline int pthread_attr_destroy(pthread_attr_t* a) { (void)a; return 0; }
static inline int pthread_attr_setdetachstate(pthread_attr_t* a, int s) { (void)a; (void)s; return 0; }
static inline int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* a) { (void)m; (void)a; return 0; }
static inline int pthread_mutex_destroy(pthread_mutex_t* m) { (void)m; return 0; }
static inline int pthread_mutex_lock(pthread_mutex_t* m) { (void)m; return 0; }
static inline int pthread_mutex_unlock(pthread_mutex_t* m) { (void)m; return 0; }
static inline int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* a) { (void)c; (void)a; return 0; }
static inline int pthread_cond_destroy(pthread_cond_t* c) { (void)c; return 0; }
static inline int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) { (void)c; (void)m; return 0; }
static inline int pthread_cond_broadcast(pthread_cond_t* c) { (void)c; return 0; }
static inline int pthread_barrier_init(pthread_barrier_t* b, const pthread_barrierattr_t* a, unsigned n) { (void)b; (void)a; (void)n; return 0; }
static inline int pthread_barrier_destroy(pthread_barrier_t* b) { (void)b; return 0; }
static inline int pthread_barrier_wait(pthread_barrier_t* b) { (void)b; return 0; }
#define PTHREAD_ONCE_INIT 0
static inline int pthread_once(pthread_once_t* o, void (*f)(void)) {
  if (!*o) { *o = 1; f(); }
  return 0;
}
static inline int pthread_atfork(void (*a)(void), void (*b)(void), void (*c)(void)) {
  (void)a; (void)b; (void)c; return 0;
}
#endif
