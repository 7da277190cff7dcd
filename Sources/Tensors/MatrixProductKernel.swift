import CKernels
import COpenBLAS

/// Where the Winograd convolution's per-position matrix products run.
///
/// Those products are small (32 to 96 rows and inner dimension, a few hundred columns), and `cblas_sgemm` spends
/// a good part of each call packing its operands; on a CPU with AVX-512, CKernels' products read the operands in
/// place and run on the wide registers whichever kernel OpenBLAS was told to use (`OPENBLAS_CORETYPE`).
enum MatrixProductKernel: Sendable {
    /// CKernels' AVX-512 products where this CPU has AVX-512F, `cblas_sgemm` elsewhere.
    case automatic
    /// `cblas_sgemm` always, so tests can compare the two on any machine.
    case openBLAS

    var usesVectorKernels: Bool { self == .automatic && VectorMath.avx512KernelsAvailable }

    /// C [m x n] = A [m x k] B [k x n], or C += A B when `accumulate`; row-major with leading dimensions.
    func multiply(rows m: Int, columns n: Int, inner k: Int, _ a: UnsafePointer<Float>, leading lda: Int,
                  _ b: UnsafePointer<Float>, leading ldb: Int, into c: UnsafeMutablePointer<Float>, leading ldc: Int,
                  accumulate: Bool = false) {
        if usesVectorKernels {
            ckernels_sgemm_nn_avx512(Int32(m), Int32(n), Int32(k), a, Int32(lda), b, Int32(ldb), c, Int32(ldc), accumulate ? 1 : 0)
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb),
                        accumulate ? 1 : 0, c, Int32(ldc))
        }
    }

    /// C [m x n] += A [m x k] B [n x k]ᵀ; row-major with leading dimensions.
    func multiplyTransposedAccumulating(rows m: Int, columns n: Int, inner k: Int, _ a: UnsafePointer<Float>, leading lda: Int,
                                        _ b: UnsafePointer<Float>, leading ldb: Int, into c: UnsafeMutablePointer<Float>,
                                        leading ldc: Int) {
        if usesVectorKernels {
            ckernels_sgemm_nt_accumulate_avx512(Int32(m), Int32(n), Int32(k), a, Int32(lda), b, Int32(ldb), c, Int32(ldc))
        } else {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb),
                        1, c, Int32(ldc))
        }
    }
}
