#ifndef SIM2REAL_CKERNELS_H
#define SIM2REAL_CKERNELS_H
/// The hot loops of sim2real's numerical core that the Swift compiler's baseline x86-64 code leaves slow: the
/// Winograd convolution's matrix products and tile transforms and the fused GroupNorm's rows, written with AVX-512
/// intrinsics and chosen at run time (the library is built for baseline x86-64, each kernel carries its own target
/// attribute, and callers ask `ckernels_has_avx512` first; the Swift and OpenBLAS code is the portable path); and
/// the thread pool that runs the parallel loops. The products are the Winograd GEMMs' shapes (32 to 96 rows and
/// inner dimension, a few hundred columns), where a BLAS call spends much of its time packing operands; these read
/// the operands where they lie. Row-major; every sum runs in a fixed order, so results do not depend on threads.

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when this CPU runs the AVX-512 kernels below (AVX-512F), else 0 (also on other architectures).
int ckernels_has_avx512(void);

/// C[m x n] = A[m x k] B[k x n], or C += A B when `accumulate` is 1. Leading dimensions in floats.
/// Only when `ckernels_has_avx512()` is 1.
void ckernels_sgemm_nn_avx512(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                              float *c, int ldc, int accumulate);

/// C[m x n] += A[m x k] B[n x k]ᵀ (both operands' rows run along the inner index). Leading dimensions in
/// floats. Only when `ckernels_has_avx512()` is 1.
void ckernels_sgemm_nt_accumulate_avx512(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                                         float *c, int ldc);

/// One channel row of a fused GroupNorm: x̂ = (x - mean) inverse, then y = z sigmoid(z) with z = a x̂ + b when
/// `silu` is 1 (else y = z). Writes x̂ and y. Only when `ckernels_has_avx512()` is 1.
void ckernels_norm_row_avx512(const float *x, int count, float mean, float inverse, float a, float b, int silu,
                              float *normalized, float *output);

/// The backward of one such row before the normalisation: dz = upstream silu'(a x̂ + b) (or upstream), written
/// to `dz`; sums[0] = Σ dz and sums[1] = Σ dz x̂. Only when `ckernels_has_avx512()` is 1.
void ckernels_norm_row_gradient_avx512(const float *upstream, const float *normalized, int count, float a, float b,
                                       int silu, float *dz, float *sums);

/// Winograd F(2x2, 3x3) tile transforms for a block of tile rows `first_row ..< first_row + row_count`, numbered
/// across images (row r is tile row r % tiles_high of image r / tiles_high, tiles_high = (height + 1) / 2,
/// tiles_wide = (width + 1) / 2, tiles = row_count * tiles_wide). Transformed data is laid out [16][channels][tiles].
/// Only when `ckernels_has_avx512()` is 1.

/// Bᵀ d B of each 4x4 input tile (zero outside the image) of `input` [N][channels][height][width].
void ckernels_winograd_inputs_avx512(const float *input, int channels, int height, int width, int first_row, int row_count,
                                     float *transformed);

/// Aᵀ M A (+ `bias`[o], which may be NULL) of each tile's 16 products, into the 2x2 outputs inside the image of
/// `output` [N][out_channels][height][width].
void ckernels_winograd_outputs_avx512(const float *products, const float *bias, int out_channels, int height, int width,
                                      int first_row, int row_count, float *output);

/// A dY Aᵀ of each 2x2 tile of the output gradient `upstream` [N][out_channels][height][width] (zero outside the
/// image): the adjoint of the output transform.
void ckernels_winograd_upstream_avx512(const float *upstream, int out_channels, int height, int width, int first_row,
                                       int row_count, float *transformed);

/// A unit of work for `ckernels_parallel_run`: chunk `chunk` of the job described by `context`.
typedef void (*ckernels_task)(void *context, int chunk);

/// Runs `task(context, c)` for c in 0 ..< chunks on up to `threads` threads (the caller and pooled workers that
/// spin briefly between jobs), returning when all are done. Chunk c runs on thread c % threads. Runs everything on
/// the calling thread when `threads` or `chunks` is below 2, when called from inside a task, or while another
/// thread's job is running.
void ckernels_parallel_run(int threads, int chunks, ckernels_task task, void *context);

#ifdef __cplusplus
}
#endif
#endif
