#include "CKernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))
#define INLINE_AVX512 static inline __attribute__((always_inline, target("avx512f")))

int ckernels_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") ? 1 : 0;
}

/// Mask of the first `count` lanes (0...16).
INLINE_AVX512 __mmask16 lanes(int count) {
    return count >= 16 ? (__mmask16)0xFFFF : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1);
}

/// `ROWS` (1...6) rows of C times a 32-column panel: 2 x ROWS accumulators, the B panel row loaded once per
/// inner index and each A value broadcast. `ROWS` is a constant at every call, so the loops unroll into registers.
INLINE_AVX512 void nn_block(const int rows, int k, const float *a, int lda, const float *b, int ldb, float *c, int ldc,
                            __mmask16 first, __mmask16 second, int accumulate) {
    __m512 low[6], high[6];
    for (int r = 0; r < rows; r++) { low[r] = _mm512_setzero_ps(); high[r] = _mm512_setzero_ps(); }
    for (int p = 0; p < k; p++) {
        const float *line = b + (long)p * ldb;
        const __m512 b0 = _mm512_maskz_loadu_ps(first, line), b1 = _mm512_maskz_loadu_ps(second, line + 16);
        for (int r = 0; r < rows; r++) {
            const __m512 x = _mm512_set1_ps(a[(long)r * lda + p]);
            low[r] = _mm512_fmadd_ps(x, b0, low[r]);
            high[r] = _mm512_fmadd_ps(x, b1, high[r]);
        }
    }
    for (int r = 0; r < rows; r++) {
        float *row = c + (long)r * ldc;
        if (accumulate) {
            low[r] = _mm512_add_ps(_mm512_maskz_loadu_ps(first, row), low[r]);
            high[r] = _mm512_add_ps(_mm512_maskz_loadu_ps(second, row + 16), high[r]);
        }
        _mm512_mask_storeu_ps(row, first, low[r]);
        _mm512_mask_storeu_ps(row + 16, second, high[r]);
    }
}

AVX512 void ckernels_sgemm_nn_avx512(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                                     float *c, int ldc, int accumulate) {
    for (int column = 0; column < n; column += 32) {
        const __mmask16 first = lanes(n - column), second = lanes(n - column - 16);
        const float *panel = b + column;
        int row = 0;
        for (; row + 6 <= m; row += 6) {
            nn_block(6, k, a + (long)row * lda, lda, panel, ldb, c + (long)row * ldc + column, ldc, first, second, accumulate);
        }
        const float *restA = a + (long)row * lda;
        float *restC = c + (long)row * ldc + column;
        switch (m - row) {
        case 5: nn_block(5, k, restA, lda, panel, ldb, restC, ldc, first, second, accumulate); break;
        case 4: nn_block(4, k, restA, lda, panel, ldb, restC, ldc, first, second, accumulate); break;
        case 3: nn_block(3, k, restA, lda, panel, ldb, restC, ldc, first, second, accumulate); break;
        case 2: nn_block(2, k, restA, lda, panel, ldb, restC, ldc, first, second, accumulate); break;
        case 1: nn_block(1, k, restA, lda, panel, ldb, restC, ldc, first, second, accumulate); break;
        default: break;
        }
    }
}

/// The 16 lane sums of `v`, in order, as one vector: a transposing tree of shuffles and adds (45 operations where
/// 16 separate reductions take about 140). Pairs are added neighbour to neighbour within 128-bit blocks, then
/// across blocks.
INLINE_AVX512 __m512 lane_sums(const __m512 v[16]) {
    __m512 pairs[8], quads[4];
    for (int i = 0; i < 8; i++) {
        pairs[i] = _mm512_add_ps(_mm512_unpacklo_ps(v[2 * i], v[2 * i + 1]), _mm512_unpackhi_ps(v[2 * i], v[2 * i + 1]));
    }
    for (int i = 0; i < 4; i++) {
        const __m512d a = _mm512_castps_pd(pairs[2 * i]), b = _mm512_castps_pd(pairs[2 * i + 1]);
        quads[i] = _mm512_add_ps(_mm512_castpd_ps(_mm512_unpacklo_pd(a, b)), _mm512_castpd_ps(_mm512_unpackhi_pd(a, b)));
    }
    // Each 128-bit block of quads[i] now holds partial sums of sources 4i...4i+3; add the four blocks.
    const __m512 low = _mm512_add_ps(_mm512_shuffle_f32x4(quads[0], quads[1], 0x88), _mm512_shuffle_f32x4(quads[0], quads[1], 0xDD));
    const __m512 high = _mm512_add_ps(_mm512_shuffle_f32x4(quads[2], quads[3], 0x88), _mm512_shuffle_f32x4(quads[2], quads[3], 0xDD));
    return _mm512_add_ps(_mm512_shuffle_f32x4(low, high, 0x88), _mm512_shuffle_f32x4(low, high, 0xDD));
}

/// A `rows` x `columns` (each 1...4) block of C += A Bᵀ, with B's rows at `right[0 ..< columns]`: one accumulator
/// per entry, 16 inner indices a step, each summed across its lanes at the end (the full 4 x 4 block all at once).
INLINE_AVX512 void nt_block(const int rows, const int columns, int k, const float *a, int lda, const float *const right[4],
                            float *c, int ldc) {
    __m512 sums[16];
    for (int i = 0; i < 16; i++) sums[i] = _mm512_setzero_ps();
    for (int p = 0; p < k; p += 16) {
        const __mmask16 mask = lanes(k - p);
        __m512 left[4], line[4];
        for (int r = 0; r < rows; r++) left[r] = _mm512_maskz_loadu_ps(mask, a + (long)r * lda + p);
        for (int s = 0; s < columns; s++) line[s] = _mm512_maskz_loadu_ps(mask, right[s] + p);
        for (int r = 0; r < rows; r++) for (int s = 0; s < columns; s++) sums[4 * r + s] = _mm512_fmadd_ps(left[r], line[s], sums[4 * r + s]);
    }
    if (rows == 4 && columns == 4) {
        float totals[16];
        _mm512_storeu_ps(totals, lane_sums(sums));
        for (int r = 0; r < 4; r++) {
            float *row = c + (long)r * ldc;
            _mm_storeu_ps(row, _mm_add_ps(_mm_loadu_ps(row), _mm_loadu_ps(totals + 4 * r)));
        }
        return;
    }
    for (int r = 0; r < rows; r++) for (int s = 0; s < columns; s++) c[(long)r * ldc + s] += _mm512_reduce_add_ps(sums[4 * r + s]);
}

/// C += A Bᵀ with B's row j at `b + (offsets ? offsets[j] : j * ldb)`.
INLINE_AVX512 void nt_product(int m, int n, int k, const float *a, int lda, const float *b, int ldb, const long *offsets,
                              float *c, int ldc) {
    for (int row = 0; row < m; row += 4) {
        const int rows = m - row < 4 ? m - row : 4;
        for (int column = 0; column < n; column += 4) {
            const int columns = n - column < 4 ? n - column : 4;
            const float *left = a + (long)row * lda;
            const float *right[4];
            for (int s = 0; s < 4; s++) {
                const int j = column + (s < columns ? s : 0);
                right[s] = b + (offsets ? offsets[j] : (long)j * ldb);
            }
            float *out = c + (long)row * ldc + column;
            // Full blocks with constant sizes (registers); the few edge blocks of odd channel counts as they come.
            if (rows == 4 && columns == 4) nt_block(4, 4, k, left, lda, right, out, ldc);
            else nt_block(rows, columns, k, left, lda, right, out, ldc);
        }
    }
}

AVX512 void ckernels_sgemm_nt_accumulate_avx512(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                                                float *c, int ldc) {
    nt_product(m, n, k, a, lda, b, ldb, 0, c, ldc);
}

AVX512 void ckernels_sgemm_nt_rows_accumulate_avx512(int m, int n, int k, const float *a, int lda, const float *b,
                                                     const long *offsets, float *c, int ldc) {
    nt_product(m, n, k, a, lda, b, 0, offsets, c, ldc);
}

/// e^x as sim2real's VectorMath.exp computes it: x clamped to [-87.3, 88.3], x = n ln 2 + r with |r| <= ln 2 / 2,
/// e^r by its Taylor polynomial to degree 7, then scaled by 2^n (here by `scalef`).
INLINE_AVX512 __m512 exp_avx512(__m512 x) {
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.3f)), _mm512_set1_ps(88.3f));
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(1.4286068e-6f), _mm512_fnmadd_ps(n, _mm512_set1_ps(0.69314575f), x));
    __m512 p = _mm512_set1_ps(1.0f / 5040);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 720));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1));
    return _mm512_scalef_ps(p, n);
}

INLINE_AVX512 __m512 sigmoid_avx512(__m512 z) {
    const __m512 one = _mm512_set1_ps(1);
    return _mm512_div_ps(one, _mm512_add_ps(one, exp_avx512(_mm512_sub_ps(_mm512_setzero_ps(), z))));
}

AVX512 void ckernels_norm_row_avx512(const float *x, int count, float mean, float inverse, float a, float b, int activation,
                                     float *normalized, float *output) {
    const __m512 center = _mm512_set1_ps(mean), scale = _mm512_set1_ps(inverse), slope = _mm512_set1_ps(a), shift = _mm512_set1_ps(b);
    for (int i = 0; i < count; i += 16) {
        const __mmask16 mask = lanes(count - i);
        const __m512 h = _mm512_mul_ps(_mm512_sub_ps(_mm512_maskz_loadu_ps(mask, x + i), center), scale);
        _mm512_mask_storeu_ps(normalized + i, mask, h);
        const __m512 z = _mm512_fmadd_ps(h, slope, shift);
        const __m512 y = activation == CKERNELS_SILU ? _mm512_mul_ps(z, sigmoid_avx512(z))
            : activation == CKERNELS_RELU ? _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(z, _mm512_setzero_ps(), _CMP_GT_OQ), z) : z;
        _mm512_mask_storeu_ps(output + i, mask, y);
    }
}

AVX512 void ckernels_norm_row_gradient_avx512(const float *upstream, const float *normalized, int count, float a, float b,
                                              int activation, float *dz, float *sums) {
    const __m512 slope = _mm512_set1_ps(a), shift = _mm512_set1_ps(b), one = _mm512_set1_ps(1);
    __m512 total = _mm512_setzero_ps(), product = _mm512_setzero_ps();
    for (int i = 0; i < count; i += 16) {
        const __mmask16 mask = lanes(count - i);
        const __m512 h = _mm512_maskz_loadu_ps(mask, normalized + i);
        __m512 d = _mm512_maskz_loadu_ps(mask, upstream + i);
        if (activation == CKERNELS_SILU) {
            // d/dz z s(z) = s (1 + z (1 - s)).
            const __m512 z = _mm512_fmadd_ps(h, slope, shift), s = sigmoid_avx512(z);
            d = _mm512_mul_ps(_mm512_mul_ps(d, s), _mm512_fmadd_ps(z, _mm512_sub_ps(one, s), one));
        } else if (activation == CKERNELS_RELU) {
            // The same z as the forward pass computed (one fused multiply-add), so the same lanes pass.
            d = _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(_mm512_fmadd_ps(h, slope, shift), _mm512_setzero_ps(), _CMP_GT_OQ), d);
        }
        _mm512_mask_storeu_ps(dz + i, mask, d);
        total = _mm512_add_ps(total, d);
        product = _mm512_fmadd_ps(d, h, product);
    }
    sums[0] = _mm512_reduce_add_ps(total);
    sums[1] = _mm512_reduce_add_ps(product);
}

/// Lanes j with 0 <= start + j < limit.
INLINE_AVX512 __mmask16 span(int start, int limit) {
    const int low = start < 0 ? -start : 0, high = limit - start;
    if (high <= low) return 0;
    return (__mmask16)(lanes(high) & ~lanes(low));
}

INLINE_AVX512 __m512 even_lanes(__m512 low, __m512 high) {
    const __m512i index = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    return _mm512_permutex2var_ps(low, index, high);
}

INLINE_AVX512 __m512 odd_lanes(__m512 low, __m512 high) {
    const __m512i index = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    return _mm512_permutex2var_ps(low, index, high);
}

/// Lanes 2 ... 17 of low ‖ high.
INLINE_AVX512 __m512 shifted(__m512 low, __m512 high) {
    return _mm512_castsi512_ps(_mm512_alignr_epi32(_mm512_castps_si512(high), _mm512_castps_si512(low), 2));
}

INLINE_AVX512 __m512 negated(__m512 x) {
    return _mm512_castsi512_ps(_mm512_xor_si512(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000u)));
}

AVX512 void ckernels_winograd_inputs_avx512(const float *input, int channels, int height, int width, int first_row, int row_count,
                                            float *transformed) {
    const int tiles_high = (height + 1) / 2, tiles_wide = (width + 1) / 2, tiles = row_count * tiles_wide;
    const long plane_stride = (long)channels * tiles;
    for (int c = 0; c < channels; c++) {
        for (int row = 0; row < row_count; row++) {
            const int image = (first_row + row) / tiles_high, tile_row = (first_row + row) % tiles_high;
            const float *plane = input + ((long)image * channels + c) * height * width;
            const float *lines[4];
            int valid[4];
            for (int i = 0; i < 4; i++) {
                const int y = 2 * tile_row - 1 + i;
                valid[i] = y >= 0 && y < height;
                lines[i] = plane + (long)(valid[i] ? y : 0) * width;
            }
            // The same rows of the next channel are read `row_count` rows from now; fetch them while this one computes
            // (each channel's few rows are too short a stream for the hardware prefetcher to get ahead of).
            if (c + 1 < channels) {
                for (int i = 0; i < 4; i++) {
                    if (!valid[i]) continue;
                    for (int x = 0; x < width; x += 16) _mm_prefetch((const char *)(lines[i] + (long)height * width + x), _MM_HINT_T0);
                }
            }
            float *target = transformed + (long)c * tiles + (long)row * tiles_wide;
            for (int tile = 0; tile < tiles_wide; tile += 16) {
                // Input columns x0 ... x0 + 47 (the tiles read x0 ... x0 + 33), zero outside the image.
                const int x0 = 2 * tile - 1;
                __m512 d[4][3];
                for (int i = 0; i < 4; i++) {
                    for (int k = 0; k < 3; k++) {
                        const __mmask16 mask = valid[i] ? span(x0 + 16 * k, width) : 0;
                        d[i][k] = _mm512_maskz_loadu_ps(mask, lines[i] + x0 + 16 * k);
                    }
                }
                const __mmask16 store = lanes(tiles_wide - tile);
                for (int q = 0; q < 4; q++) {
                    // Bᵀ down the columns: row q of (d0 - d2, d1 + d2, d2 - d1, d1 - d3).
                    __m512 t[3];
                    for (int k = 0; k < 3; k++) {
                        t[k] = q == 0 ? _mm512_sub_ps(d[0][k], d[2][k]) : q == 1 ? _mm512_add_ps(d[1][k], d[2][k])
                             : q == 2 ? _mm512_sub_ps(d[2][k], d[1][k]) : _mm512_sub_ps(d[1][k], d[3][k]);
                    }
                    // B along each tile: columns 2j ... 2j + 3 of the 16 tiles as a, b, c, d.
                    const __m512 a = even_lanes(t[0], t[1]), b = odd_lanes(t[0], t[1]);
                    const __m512 low = shifted(t[0], t[1]), high = shifted(t[1], t[2]);
                    const __m512 cc = even_lanes(low, high), dd = odd_lanes(low, high);
                    float *out = target + 4 * q * plane_stride + tile;
                    _mm512_mask_storeu_ps(out, store, _mm512_sub_ps(a, cc));
                    _mm512_mask_storeu_ps(out + plane_stride, store, _mm512_add_ps(b, cc));
                    _mm512_mask_storeu_ps(out + 2 * plane_stride, store, _mm512_sub_ps(cc, b));
                    _mm512_mask_storeu_ps(out + 3 * plane_stride, store, _mm512_sub_ps(b, dd));
                }
            }
        }
    }
}

AVX512 void ckernels_winograd_outputs_avx512(const float *products, const float *bias, int out_channels, int height, int width,
                                             int first_row, int row_count, float *output) {
    const int tiles_high = (height + 1) / 2, tiles_wide = (width + 1) / 2, tiles = row_count * tiles_wide;
    const long plane_stride = (long)out_channels * tiles;
    const __m512i first_half = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const __m512i second_half = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    for (int o = 0; o < out_channels; o++) {
        const __m512 shift = _mm512_set1_ps(bias ? bias[o] : 0);
        for (int row = 0; row < row_count; row++) {
            const int image = (first_row + row) / tiles_high, tile_row = (first_row + row) % tiles_high;
            float *top = output + ((long)image * out_channels + o) * height * width + (long)2 * tile_row * width;
            const int second_row = 2 * tile_row + 1 < height;
            const float *source = products + (long)o * tiles + (long)row * tiles_wide;
            for (int tile = 0; tile < tiles_wide; tile += 16) {
                const __mmask16 load = lanes(tiles_wide - tile);
                __m512 m[16];
                for (int p = 0; p < 16; p++) m[p] = _mm512_maskz_loadu_ps(load, source + p * plane_stride + tile);
                // Aᵀ along the tile's rows, then down its columns (the order of the Swift loops, so the same bits).
                __m512 s0[4], s1[4];
                for (int i = 0; i < 4; i++) {
                    s0[i] = _mm512_add_ps(_mm512_add_ps(m[4 * i], m[4 * i + 1]), m[4 * i + 2]);
                    s1[i] = _mm512_sub_ps(_mm512_sub_ps(m[4 * i + 1], m[4 * i + 2]), m[4 * i + 3]);
                }
                const __m512 y00 = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(s0[0], s0[1]), s0[2]), shift);
                const __m512 y01 = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(s1[0], s1[1]), s1[2]), shift);
                const __m512 y10 = _mm512_add_ps(_mm512_sub_ps(_mm512_sub_ps(s0[1], s0[2]), s0[3]), shift);
                const __m512 y11 = _mm512_add_ps(_mm512_sub_ps(_mm512_sub_ps(s1[1], s1[2]), s1[3]), shift);
                const int x = 2 * tile;
                const __mmask16 left = span(x, width), right = span(x + 16, width);
                _mm512_mask_storeu_ps(top + x, left, _mm512_permutex2var_ps(y00, first_half, y01));
                _mm512_mask_storeu_ps(top + x + 16, right, _mm512_permutex2var_ps(y00, second_half, y01));
                if (second_row) {
                    _mm512_mask_storeu_ps(top + width + x, left, _mm512_permutex2var_ps(y10, first_half, y11));
                    _mm512_mask_storeu_ps(top + width + x + 16, right, _mm512_permutex2var_ps(y10, second_half, y11));
                }
            }
        }
    }
}

AVX512 void ckernels_winograd_upstream_avx512(const float *upstream, int out_channels, int height, int width, int first_row,
                                              int row_count, float *transformed) {
    const int tiles_high = (height + 1) / 2, tiles_wide = (width + 1) / 2, tiles = row_count * tiles_wide;
    const long plane_stride = (long)out_channels * tiles;
    for (int o = 0; o < out_channels; o++) {
        for (int row = 0; row < row_count; row++) {
            const int image = (first_row + row) / tiles_high, tile_row = (first_row + row) % tiles_high;
            const float *top = upstream + ((long)image * out_channels + o) * height * width + (long)2 * tile_row * width;
            const int second_row = 2 * tile_row + 1 < height;
            float *target = transformed + (long)o * tiles + (long)row * tiles_wide;
            for (int tile = 0; tile < tiles_wide; tile += 16) {
                const int x = 2 * tile;
                const __mmask16 left = span(x, width), right = span(x + 16, width);
                const __m512 upper0 = _mm512_maskz_loadu_ps(left, top + x), upper1 = _mm512_maskz_loadu_ps(right, top + x + 16);
                const __m512 lower0 = _mm512_maskz_loadu_ps(second_row ? left : 0, top + width + x);
                const __m512 lower1 = _mm512_maskz_loadu_ps(second_row ? right : 0, top + width + x + 16);
                const __m512 a = even_lanes(upper0, upper1), b = odd_lanes(upper0, upper1);
                const __m512 c = even_lanes(lower0, lower1), d = odd_lanes(lower0, lower1);
                const __m512 h0[4] = {a, _mm512_add_ps(a, b), _mm512_sub_ps(a, b), negated(b)};
                const __m512 h1[4] = {c, _mm512_add_ps(c, d), _mm512_sub_ps(c, d), negated(d)};
                const __mmask16 store = lanes(tiles_wide - tile);
                float *out = target + tile;
                for (int j = 0; j < 4; j++) {
                    _mm512_mask_storeu_ps(out + j * plane_stride, store, h0[j]);
                    _mm512_mask_storeu_ps(out + (4 + j) * plane_stride, store, _mm512_add_ps(h0[j], h1[j]));
                    _mm512_mask_storeu_ps(out + (8 + j) * plane_stride, store, _mm512_sub_ps(h0[j], h1[j]));
                    _mm512_mask_storeu_ps(out + (12 + j) * plane_stride, store, negated(h1[j]));
                }
            }
        }
    }
}

#else

int ckernels_has_avx512(void) { return 0; }

void ckernels_norm_row_avx512(const float *x, int count, float mean, float inverse, float a, float b, int activation,
                              float *normalized, float *output) {
    (void)x; (void)count; (void)mean; (void)inverse; (void)a; (void)b; (void)activation; (void)normalized; (void)output;
    __builtin_trap();
}

void ckernels_norm_row_gradient_avx512(const float *upstream, const float *normalized, int count, float a, float b,
                                       int activation, float *dz, float *sums) {
    (void)upstream; (void)normalized; (void)count; (void)a; (void)b; (void)activation; (void)dz; (void)sums;
    __builtin_trap();
}

void ckernels_sgemm_nn_avx512(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                              float *c, int ldc, int accumulate) {
    (void)m; (void)n; (void)k; (void)a; (void)lda; (void)b; (void)ldb; (void)c; (void)ldc; (void)accumulate;
    __builtin_trap();  // callers check ckernels_has_avx512() first
}

void ckernels_sgemm_nt_accumulate_avx512(int m, int n, int k, const float *a, int lda, const float *b, int ldb,
                                         float *c, int ldc) {
    (void)m; (void)n; (void)k; (void)a; (void)lda; (void)b; (void)ldb; (void)c; (void)ldc;
    __builtin_trap();
}

void ckernels_sgemm_nt_rows_accumulate_avx512(int m, int n, int k, const float *a, int lda, const float *b,
                                              const long *offsets, float *c, int ldc) {
    (void)m; (void)n; (void)k; (void)a; (void)lda; (void)b; (void)offsets; (void)c; (void)ldc;
    __builtin_trap();
}

void ckernels_winograd_inputs_avx512(const float *input, int channels, int height, int width, int first_row, int row_count,
                                     float *transformed) {
    (void)input; (void)channels; (void)height; (void)width; (void)first_row; (void)row_count; (void)transformed;
    __builtin_trap();
}

void ckernels_winograd_outputs_avx512(const float *products, const float *bias, int out_channels, int height, int width,
                                      int first_row, int row_count, float *output) {
    (void)products; (void)bias; (void)out_channels; (void)height; (void)width; (void)first_row; (void)row_count; (void)output;
    __builtin_trap();
}

void ckernels_winograd_upstream_avx512(const float *upstream, int out_channels, int height, int width, int first_row,
                                       int row_count, float *transformed) {
    (void)upstream; (void)out_channels; (void)height; (void)width; (void)first_row; (void)row_count; (void)transformed;
    __builtin_trap();
}

#endif
