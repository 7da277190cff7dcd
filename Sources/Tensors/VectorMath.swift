import CKernels
import Foundation

/// exp, sigmoid and sums written so that the hot element-wise loops (SiLU, sigmoid, softmax, GroupNorm) vectorise.
///
/// libm's `expf` is an opaque call, so a loop that calls it runs one element at a time; and a Float sum in a plain
/// loop cannot be reordered, so it does not vectorise either. Here exp(x) = 2^n exp(r) with n = round(x / ln 2) and
/// |r| <= ln 2 / 2, exp(r) by its Taylor series to degree 7 (truncation error below 1.3e-8, under Float's half
/// ulp), 2^n built in the exponent bits: plain arithmetic that the loop vectoriser turns into SIMD code. (Swift's
/// SIMD types were tried first: their min, max, shifts and lane access compile to per-lane loops on the generic
/// x86-64 target, which was slower than libm.) Sums add 16 running lanes, then the lanes in order: the same
/// bits on every thread count.
enum VectorMath {
    /// Whether CKernels' AVX-512 code runs (the Winograd products and transforms, the fused GroupNorm's rows): when
    /// this CPU has AVX-512F and `SIM2REAL_PORTABLE_KERNELS=1` is not set (to measure or debug the portable path on
    /// such a CPU). Decided once per process.
    static let avx512KernelsAvailable = ckernels_has_avx512() == 1
        && ProcessInfo.processInfo.environment["SIM2REAL_PORTABLE_KERNELS"] != "1"

    /// e^x (x clamped to [-87.3, 88.3], where e^x stays a normal Float).
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87.3), 88.3)
        // Adding 1.5 * 2^23 rounds x / ln 2 to an integer held in the low mantissa bits.
        let shifter: Float = 12_582_912
        let shifted = clamped * 1.442_695_04 + shifter
        let n = shifted - shifter
        let r = (clamped - n * 0.693_145_75) - n * 1.428_606_8e-6  // ln 2 split in two for an exact product
        var p: Float = 1 / 5040
        p = p * r + 1 / 720
        p = p * r + 1 / 120
        p = p * r + 1 / 24
        p = p * r + 1 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // Bits of `shifted` are 0x4B400000 + n; 2^n has exponent field n + 127.
        return p * Float(bitPattern: (shifted.bitPattern &- 0x4B3F_FF81) &<< 23)
    }

    /// 1 / (1 + e^-x).
    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        1 / (1 + exp(-x))
    }

    /// Σ x[i] over `count` elements.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD16<Float>()
        let whole = count / 16 * 16
        for offset in Swift.stride(from: 0, to: whole, by: 16) {
            lanes += UnsafeRawPointer(x + offset).loadUnaligned(as: SIMD16<Float>.self)
        }
        var total = lanes.sum()
        for index in whole..<count { total += x[index] }
        return total
    }

    /// Σ x[i] y[i] over `count` elements.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD16<Float>()
        let whole = count / 16 * 16
        for offset in Swift.stride(from: 0, to: whole, by: 16) {
            lanes += UnsafeRawPointer(x + offset).loadUnaligned(as: SIMD16<Float>.self)
                * UnsafeRawPointer(y + offset).loadUnaligned(as: SIMD16<Float>.self)
        }
        var total = lanes.sum()
        for index in whole..<count { total += x[index] * y[index] }
        return total
    }
}

extension Tensor {
    /// Whether the Winograd convolution and the fused GroupNorm run on CKernels' AVX-512 code on this CPU (reported
    /// by benchmarks beside the OpenBLAS core, since both set the speed).
    public static var usesAVX512Kernels: Bool { VectorMath.avx512KernelsAvailable }
}
