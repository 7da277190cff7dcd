#ifndef SIM2REAL_CKERNELS_H
#define SIM2REAL_CKERNELS_H
/// The hot loops of sim2real's numerical core that the Swift compiler's baseline x86-64 code leaves slow: the
/// Winograd convolution's matrix products and tile transforms, the im2col convolution's column copies and the fused
/// GroupNorm's rows, written with AVX-512 intrinsics and chosen at run time (the library is built for baseline
/// x86-64, each kernel carries its own target attribute, and callers ask `ckernels_has_avx512` first; the Swift and
/// OpenBLAS code is the portable path); and the thread pool that runs the parallel loops. The products are the Winograd GEMMs' shapes (32 to 96 rows and
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

/// The activation that follows a fused GroupNorm's affine (the `activation` argument of the row kernels).
#define CKERNELS_IDENTITY 0
#define CKERNELS_SILU 1
#define CKERNELS_RELU 2

/// C[m x n] += A[m x k] B[n x k]ᵀ where B's row j starts at `b + offsets[j]` (rows gathered from anywhere, such as
/// the shifted phase planes of `ckernels_s2_phases_avx512`). Only when `ckernels_has_avx512()` is 1.
void ckernels_sgemm_nt_rows_accumulate_avx512(int m, int n, int k, const float *a, int lda, const float *b,
                                              const long *offsets, float *c, int ldc);

/// One channel row of a fused GroupNorm: x̂ = (x - mean) inverse, z = a x̂ + b, then y = z, z sigmoid(z) or
/// max(z, 0) by `activation` (a CKERNELS_ constant). Writes x̂ and y. Only when `ckernels_has_avx512()` is 1.
void ckernels_norm_row_avx512(const float *x, int count, float mean, float inverse, float a, float b, int activation,
                              float *normalized, float *output);

/// The backward of one such row before the normalisation: dz = upstream act'(a x̂ + b) (ReLU's derivative is 1
/// where z > 0, else 0), written to `dz`; sums[0] = Σ dz and sums[1] = Σ dz x̂. Only when `ckernels_has_avx512()`
/// is 1.
void ckernels_norm_row_gradient_avx512(const float *upstream, const float *normalized, int count, float a, float b,
                                       int activation, float *dz, float *sums);

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

/// The columns of output rows `first_row ..< first_row + row_count` of one image [channels][height][width] for the
/// im2col convolution: row (c, ky, kx) of `columns` [channels * kernel_height * kernel_width][row_count * out_width]
/// holds the input pixel under kernel tap (ky, kx) of channel c for each output position, zero off the image.
/// Strides 1 and 2 only. Only when `ckernels_has_avx512()` is 1.
void ckernels_im2col_avx512(const float *image, int channels, int height, int width, int kernel_height,
                            int kernel_width, int stride, int padding, int out_width, int first_row, int row_count,
                            float *columns);

/// The adjoint of `ckernels_im2col_avx512` over a whole image: adds each entry of `columns`
/// [channels * kernel_height * kernel_width][out_height * out_width] onto the pixel it was copied from, in the same
/// order as the Swift loop it replaces (so the same bits). Strides 1 and 2 only. Only when `ckernels_has_avx512()`
/// is 1.
void ckernels_col2im_avx512(const float *columns, int channels, int height, int width, int kernel_height,
                            int kernel_width, int stride, int padding, int out_height, int out_width, float *image);

/// The 3x3, stride 2, padding 1 convolution of one image [channels][height][width] as products over its phase
/// planes (see StrideTwoConvolution.c): no column matrix. Kernel row p = (c * 3 + ky) * 3 + kx of the weight
/// [out_channels][channels * 9] reads the phase planes at `offsets[p]` (from `ckernels_s2_offsets`). Positions run
/// over the padded output, out_height rows of out_width + 1 (the last of each row unused).

/// Floats of one phase plane: 4 * channels of them make an image's phases. Portable.
long ckernels_s2_plane_size(int out_height, int out_width);

/// The 9 * channels row offsets into an image's phases. Portable.
void ckernels_s2_offsets(int channels, int out_height, int out_width, long *offsets);

/// Asks the CPU to bring `bytes` from `start` into its caches (the next image's data, read from memory while this
/// image's products run). Portable.
void ckernels_prefetch(const void *start, long bytes);

/// Splits an image into its phase planes (even/odd rows x even/odd columns, zero borders). Only when
/// `ckernels_has_avx512()` is 1.
void ckernels_s2_phases_avx512(const float *image, int channels, int height, int width, int out_height, int out_width,
                               float *phases);

/// output [out_channels][out_height * out_width] = weight x phases (+ `bias`, which may be NULL). Only when
/// `ckernels_has_avx512()` is 1.
void ckernels_s2_forward_avx512(const float *phases, const long *offsets, int channels, const float *weight,
                                const float *bias, int out_channels, int out_height, int out_width, float *output);

/// The output gradient [out_channels][out_height * out_width] laid out as the padded output (zero in the unused
/// column), for the products of the backward pass. Only when `ckernels_has_avx512()` is 1.
void ckernels_s2_pad_upstream_avx512(const float *upstream, int out_channels, int out_height, int out_width, float *padded);

/// The input gradient [channels][height][width] of one image from its column gradient `columns` [9 * channels]
/// [out_height * (out_width + 1)] = weightᵀ x padded upstream: each row added onto the phase plane it was read from
/// (in `phases`, scratch of an image's phases), then the phases interleaved back. Only when `ckernels_has_avx512()`
/// is 1.
void ckernels_s2_input_gradient_avx512(const float *columns, const long *offsets, int channels, int height, int width,
                                       int out_height, int out_width, float *phases, float *gradient);

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
