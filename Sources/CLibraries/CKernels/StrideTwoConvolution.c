#include "CKernels.h"

// The 3x3, stride 2, padding 1 convolution without a column matrix. The input is split once into four phase
// planes per channel (even/odd rows x even/odd columns, each the output's size); every kernel tap then reads one
// phase plane shifted by 0 or -1 row and column, so row (c, ky, kx) of the im2col matrix is a phase plane seen
// from an offset. Products read B's rows at those offsets ("implicit GEMM"): the 9x copy of the input that im2col
// wrote (and rewrote for the weight gradient), with strided reads that stalled on memory, is gone.
//
// A phase plane holds (out_height + 1) rows of wp = out_width + 1 floats after one leading zero: row -1 is zeros
// (the padding above), and column out_width of each row is zero, so a read one column left of column 0 lands on
// the previous row's zero. Output position t = oy * wp + ox of the "padded" output runs over out_height * wp
// positions, one per row (ox = out_width) being junk that is never stored.

/// Floats of one phase plane (a multiple of 16).
long ckernels_s2_plane_size(int out_height, int out_width) {
    const long used = 1 + (long)(out_height + 1) * (out_width + 1);
    return (used + 15) / 16 * 16;
}

void ckernels_s2_offsets(int channels, int out_height, int out_width, long *offsets) {
    const long plane = ckernels_s2_plane_size(out_height, out_width), wp = out_width + 1;
    // Tap k (0, 1, 2) reads phase 1 one step back, phase 0, phase 1 (rows and columns alike).
    static const int phase[3] = {1, 0, 1}, shift[3] = {-1, 0, 0};
    for (int c = 0; c < channels; c++) {
        for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
                const long base = (long)(4 * c + 2 * phase[ky] + phase[kx]) * plane + 1 + wp;
                offsets[(c * 3 + ky) * 3 + kx] = base + shift[ky] * wp + shift[kx];
            }
        }
    }
}

void ckernels_prefetch(const void *start, long bytes) {
    const char *first = (const char *)start;
    for (long offset = 0; offset < bytes; offset += 64) __builtin_prefetch(first + offset, 0, 2);
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))
#define INLINE_AVX512 static inline __attribute__((always_inline, target("avx512f")))

/// Mask of the first `count` lanes (0...16).
INLINE_AVX512 __mmask16 leading(int count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1);
}

AVX512 void ckernels_s2_phases_avx512(const float *image, int channels, int height, int width, int out_height, int out_width,
                                      float *phases) {
    const long plane = ckernels_s2_plane_size(out_height, out_width);
    const int wp = out_width + 1;
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    for (int c = 0; c < channels; c++) {
        float *planes = phases + 4L * c * plane;
        for (int p = 0; p < 4; p++) {
            float *start = planes + p * plane;
            for (int i = 0; i < 1 + wp; i += 16) _mm512_mask_storeu_ps(start + i, leading(1 + wp - i), _mm512_setzero_ps());
        }
        for (int r = 0; r < out_height; r++) {
            for (int py = 0; py < 2; py++) {
                float *evenRow = planes + (2 * py) * plane + 1 + (long)(r + 1) * wp, *oddRow = evenRow + plane;
                const int iy = 2 * r + py;
                if (iy >= height) {
                    for (int s = 0; s < wp; s += 16) {
                        _mm512_mask_storeu_ps(evenRow + s, leading(wp - s), _mm512_setzero_ps());
                        _mm512_mask_storeu_ps(oddRow + s, leading(wp - s), _mm512_setzero_ps());
                    }
                    continue;
                }
                const float *source = image + ((long)c * height + iy) * width;
                for (int s = 0; s < out_width; s += 16) {
                    const int x = 2 * s;
                    const __m512 low = _mm512_maskz_loadu_ps(leading(width - x), source + x);
                    const __m512 high = _mm512_maskz_loadu_ps(leading(width - x - 16), source + x + 16);
                    const __mmask16 store = leading(out_width - s);
                    _mm512_mask_storeu_ps(evenRow + s, store, _mm512_permutex2var_ps(low, even, high));
                    _mm512_mask_storeu_ps(oddRow + s, store, _mm512_permutex2var_ps(low, odd, high));
                }
                evenRow[out_width] = 0;
                oddRow[out_width] = 0;
            }
        }
    }
}

/// `ROWS` (1...6) output channels times a 32-position panel of the padded output, the B rows at `offsets`; the
/// valid lanes (`keep_low`, `keep_high`) are packed together and stored from `c` on, `bias` (or nothing) added.
INLINE_AVX512 void s2_block(const int rows, int k, const float *a, const float *b, const long *offsets, float *c, long ldc,
                            __mmask16 load_low, __mmask16 load_high, __mmask16 keep_low, __mmask16 keep_high, const float *bias) {
    __m512 low[6], high[6];
    for (int r = 0; r < rows; r++) { low[r] = _mm512_setzero_ps(); high[r] = _mm512_setzero_ps(); }
    for (int p = 0; p < k; p++) {
        const float *line = b + offsets[p];
        const __m512 b0 = _mm512_maskz_loadu_ps(load_low, line), b1 = _mm512_maskz_loadu_ps(load_high, line + 16);
        for (int r = 0; r < rows; r++) {
            const __m512 x = _mm512_set1_ps(a[(long)r * k + p]);
            low[r] = _mm512_fmadd_ps(x, b0, low[r]);
            high[r] = _mm512_fmadd_ps(x, b1, high[r]);
        }
    }
    const int first = __builtin_popcount(keep_low), second = __builtin_popcount(keep_high);
    for (int r = 0; r < rows; r++) {
        if (bias) {
            const __m512 value = _mm512_set1_ps(bias[r]);
            low[r] = _mm512_add_ps(value, low[r]);
            high[r] = _mm512_add_ps(value, high[r]);
        }
        float *row = c + (long)r * ldc;
        // Compress in registers, then a masked store (a compressing store to memory is slow on some CPUs).
        _mm512_mask_storeu_ps(row, leading(first), _mm512_maskz_compress_ps(keep_low, low[r]));
        _mm512_mask_storeu_ps(row + first, leading(second), _mm512_maskz_compress_ps(keep_high, high[r]));
    }
}

AVX512 void ckernels_s2_forward_avx512(const float *phases, const long *offsets, int channels, const float *weight,
                                       const float *bias, int out_channels, int out_height, int out_width, float *output) {
    const int wp = out_width + 1, length = out_height * wp, k = 9 * channels;
    const long spatial = (long)out_height * out_width;
    for (int t0 = 0; t0 < length; t0 += 32) {
        unsigned keep = 0;
        for (int j = 0; j < 32; j++) {
            const int t = t0 + j;
            if (t < length && t % wp != out_width) keep |= 1u << j;
        }
        const __mmask16 keep_low = (__mmask16)keep, keep_high = (__mmask16)(keep >> 16);
        const __mmask16 load_low = leading(length - t0), load_high = leading(length - t0 - 16);
        // The first valid position's index in the output (a junk t0 stands for the next row's start).
        const int column = t0 % wp;
        float *target = output + (long)(t0 / wp) * out_width + (column < out_width ? column : out_width);
        const float *panel = phases + t0;
        int o = 0;
        for (; o + 6 <= out_channels; o += 6) {
            s2_block(6, k, weight + (long)o * k, panel, offsets, target + o * spatial, spatial, load_low, load_high, keep_low, keep_high,
                     bias ? bias + o : 0);
        }
        const float *restA = weight + (long)o * k, *restBias = bias ? bias + o : 0;
        float *restC = target + o * spatial;
        switch (out_channels - o) {
        case 5: s2_block(5, k, restA, panel, offsets, restC, spatial, load_low, load_high, keep_low, keep_high, restBias); break;
        case 4: s2_block(4, k, restA, panel, offsets, restC, spatial, load_low, load_high, keep_low, keep_high, restBias); break;
        case 3: s2_block(3, k, restA, panel, offsets, restC, spatial, load_low, load_high, keep_low, keep_high, restBias); break;
        case 2: s2_block(2, k, restA, panel, offsets, restC, spatial, load_low, load_high, keep_low, keep_high, restBias); break;
        case 1: s2_block(1, k, restA, panel, offsets, restC, spatial, load_low, load_high, keep_low, keep_high, restBias); break;
        default: break;
        }
    }
}

AVX512 void ckernels_s2_pad_upstream_avx512(const float *upstream, int out_channels, int out_height, int out_width, float *padded) {
    const int wp = out_width + 1;
    for (long row = 0; row < (long)out_channels * out_height; row++) {
        const float *source = upstream + row * out_width;
        float *target = padded + row * wp;
        for (int s = 0; s < out_width; s += 16) {
            const __mmask16 mask = leading(out_width - s);
            _mm512_mask_storeu_ps(target + s, mask, _mm512_maskz_loadu_ps(mask, source + s));
        }
        target[out_width] = 0;
    }
}

AVX512 void ckernels_s2_input_gradient_avx512(const float *columns, const long *offsets, int channels, int height, int width,
                                              int out_height, int out_width, float *phases, float *gradient) {
    const long plane = ckernels_s2_plane_size(out_height, out_width);
    const int wp = out_width + 1, length = out_height * wp;
    for (long i = 0; i < 4L * channels * plane; i += 16) _mm512_storeu_ps(phases + i, _mm512_setzero_ps());
    // Each column row added onto the phase plane it was read from, rows in order (a fixed summation order).
    for (int p = 0; p < 9 * channels; p++) {
        const float *source = columns + (long)p * length;
        float *target = phases + offsets[p];
        for (int t = 0; t < length; t += 16) {
            const __mmask16 mask = leading(length - t);
            _mm512_mask_storeu_ps(target + t, mask, _mm512_add_ps(_mm512_maskz_loadu_ps(mask, target + t), _mm512_maskz_loadu_ps(mask, source + t)));
        }
    }
    // Interleave the even- and odd-column phases back into image rows.
    const __m512i first = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const __m512i second = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    for (int c = 0; c < channels; c++) {
        for (int iy = 0; iy < height; iy++) {
            const int py = iy & 1, r = iy >> 1;
            const float *evenRow = phases + (long)(4 * c + 2 * py) * plane + 1 + (long)(r + 1) * wp, *oddRow = evenRow + plane;
            float *target = gradient + ((long)c * height + iy) * width;
            for (int x = 0; x < width; x += 32) {
                const __mmask16 mask = leading((width - x + 1) / 2);
                const __m512 e = _mm512_maskz_loadu_ps(mask, evenRow + x / 2), o = _mm512_maskz_loadu_ps(mask, oddRow + x / 2);
                _mm512_mask_storeu_ps(target + x, leading(width - x), _mm512_permutex2var_ps(e, first, o));
                _mm512_mask_storeu_ps(target + x + 16, leading(width - x - 16), _mm512_permutex2var_ps(e, second, o));
            }
        }
    }
}

#else

void ckernels_s2_phases_avx512(const float *image, int channels, int height, int width, int out_height, int out_width,
                               float *phases) {
    (void)image; (void)channels; (void)height; (void)width; (void)out_height; (void)out_width; (void)phases;
    __builtin_trap();  // callers check ckernels_has_avx512() first
}

void ckernels_s2_forward_avx512(const float *phases, const long *offsets, int channels, const float *weight,
                                const float *bias, int out_channels, int out_height, int out_width, float *output) {
    (void)phases; (void)offsets; (void)channels; (void)weight; (void)bias; (void)out_channels; (void)out_height;
    (void)out_width; (void)output;
    __builtin_trap();
}

void ckernels_s2_pad_upstream_avx512(const float *upstream, int out_channels, int out_height, int out_width, float *padded) {
    (void)upstream; (void)out_channels; (void)out_height; (void)out_width; (void)padded;
    __builtin_trap();
}

void ckernels_s2_input_gradient_avx512(const float *columns, const long *offsets, int channels, int height, int width,
                                       int out_height, int out_width, float *phases, float *gradient) {
    (void)columns; (void)offsets; (void)channels; (void)height; (void)width; (void)out_height; (void)out_width;
    (void)phases; (void)gradient;
    __builtin_trap();
}

#endif
