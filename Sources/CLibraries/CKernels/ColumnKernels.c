#include "CKernels.h"

// The column matrix of the im2col convolution and its adjoint, 16 output positions a step. At stride 2 (the
// policy's 3x3 convolutions) an output row reads every other input pixel: two loads and one permute gather 16 of
// them, where a loop of scalar copies with a bounds test per pixel took a quarter of a training step.

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))
#define INLINE_AVX512 static inline __attribute__((always_inline, target("avx512f")))

/// Mask of the first `count` lanes (0...16).
INLINE_AVX512 __mmask16 first_lanes(int count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1);
}

/// Lanes j with 0 <= start + j < limit (masked loads and stores never touch the others, so `start` may be
/// negative or run past the row).
INLINE_AVX512 __mmask16 inside(int start, int limit) {
    const int low = start < 0 ? -start : 0, high = limit - start;
    if (high <= low) return 0;
    return (__mmask16)(first_lanes(high) & ~first_lanes(low));
}

/// One output row's line of a column-matrix row: destination[j] = source[stride j + start] for j < count, zero
/// where that index falls outside [0, width).
INLINE_AVX512 void gather_line(const float *source, int width, int start, int stride, int count, float *destination) {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    for (int j = 0; j < count; j += 16) {
        const __mmask16 store = first_lanes(count - j);
        const int s = start + stride * j;
        __m512 values;
        if (stride == 1) {
            values = _mm512_maskz_loadu_ps(inside(s, width) & store, source + s);
        } else {
            const __m512 low = _mm512_maskz_loadu_ps(inside(s, width), source + s);
            const __m512 high = _mm512_maskz_loadu_ps(inside(s + 16, width), source + s + 16);
            values = _mm512_permutex2var_ps(low, even, high);
        }
        _mm512_mask_storeu_ps(destination + j, store, values);
    }
}

AVX512 void ckernels_im2col_avx512(const float *image, int channels, int height, int width, int kernel_height,
                                   int kernel_width, int stride, int padding, int out_width, int first_row, int row_count,
                                   float *columns) {
    const long length = (long)row_count * out_width;
    const int patch = channels * kernel_height * kernel_width;
    for (int row = 0; row < patch; row++) {
        const int kx = row % kernel_width, ky = (row / kernel_width) % kernel_height, c = row / (kernel_width * kernel_height);
        const float *plane = image + (long)c * height * width;
        float *line = columns + row * length;
        for (int oy = first_row; oy < first_row + row_count; oy++) {
            const int iy = oy * stride + ky - padding;
            float *destination = line + (long)(oy - first_row) * out_width;
            if (iy < 0 || iy >= height) {
                for (int j = 0; j < out_width; j += 16) _mm512_mask_storeu_ps(destination + j, first_lanes(out_width - j), _mm512_setzero_ps());
                continue;
            }
            gather_line(plane + (long)iy * width, width, kx - padding, stride, out_width, destination);
        }
    }
}

AVX512 void ckernels_col2im_avx512(const float *columns, int channels, int height, int width, int kernel_height,
                                   int kernel_width, int stride, int padding, int out_height, int out_width, float *image) {
    const long spatial = (long)out_height * out_width;
    // Lane 2i of the spread vector is value i (of the first or second eight), the odd lanes are masked off.
    const __m512i spread_low = _mm512_setr_epi32(0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0);
    const __m512i spread_high = _mm512_setr_epi32(8, 0, 9, 0, 10, 0, 11, 0, 12, 0, 13, 0, 14, 0, 15, 0);
    for (int c = 0; c < channels; c++) {
        float *plane = image + (long)c * height * width;
        for (int ky = 0; ky < kernel_height; ky++) {
            for (int kx = 0; kx < kernel_width; kx++) {
                const float *line = columns + ((long)(c * kernel_height + ky) * kernel_width + kx) * spatial;
                for (int oy = 0; oy < out_height; oy++) {
                    const int iy = oy * stride + ky - padding;
                    if (iy < 0 || iy >= height) continue;
                    float *destination = plane + (long)iy * width;
                    const float *origin = line + (long)oy * out_width;
                    for (int j = 0; j < out_width; j += 16) {
                        const __m512 values = _mm512_maskz_loadu_ps(first_lanes(out_width - j), origin + j);
                        const int s = kx - padding + stride * j;
                        if (stride == 1) {
                            const __mmask16 mask = inside(s, width) & first_lanes(out_width - j);
                            const __m512 sum = _mm512_add_ps(_mm512_maskz_loadu_ps(mask, destination + s), values);
                            _mm512_mask_storeu_ps(destination + s, mask, sum);
                        } else {
                            // Targets s + 2i: lanes 2i of two spans of 16 pixels.
                            const int valid = 2 * (out_width - j);
                            const __mmask16 low = inside(s, width) & first_lanes(valid) & 0x5555;
                            const __mmask16 high = inside(s + 16, width) & first_lanes(valid - 16) & 0x5555;
                            const __m512 first = _mm512_permutexvar_ps(spread_low, values);
                            const __m512 second = _mm512_permutexvar_ps(spread_high, values);
                            _mm512_mask_storeu_ps(destination + s, low, _mm512_add_ps(_mm512_maskz_loadu_ps(low, destination + s), first));
                            _mm512_mask_storeu_ps(destination + s + 16, high,
                                                  _mm512_add_ps(_mm512_maskz_loadu_ps(high, destination + s + 16), second));
                        }
                    }
                }
            }
        }
    }
}

#else

void ckernels_im2col_avx512(const float *image, int channels, int height, int width, int kernel_height,
                            int kernel_width, int stride, int padding, int out_width, int first_row, int row_count,
                            float *columns) {
    (void)image; (void)channels; (void)height; (void)width; (void)kernel_height; (void)kernel_width; (void)stride;
    (void)padding; (void)out_width; (void)first_row; (void)row_count; (void)columns;
    __builtin_trap();  // callers check ckernels_has_avx512() first
}

void ckernels_col2im_avx512(const float *columns, int channels, int height, int width, int kernel_height,
                            int kernel_width, int stride, int padding, int out_height, int out_width, float *image) {
    (void)columns; (void)channels; (void)height; (void)width; (void)kernel_height; (void)kernel_width; (void)stride;
    (void)padding; (void)out_height; (void)out_width; (void)image;
    __builtin_trap();
}

#endif
