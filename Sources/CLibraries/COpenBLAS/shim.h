#ifndef SIM2REAL_COPENBLAS_SHIM_H
#define SIM2REAL_COPENBLAS_SHIM_H
#include <cblas.h>
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif

/// Keeps large freed buffers in the heap instead of returning them to the kernel, so the tensors a training
/// step allocates and frees again are not page-faulted and zeroed anew every step (glibc only; no-op elsewhere).
static inline void sim2real_keep_freed_memory(void) {
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}
#endif
