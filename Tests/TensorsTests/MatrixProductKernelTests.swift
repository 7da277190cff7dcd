import Foundation
@testable import Tensors
import Testing
import Seeding

/// CKernels' AVX-512 products against a double-precision reference, on the shapes' edges: rows that do not fill
/// a 6-row (or 4-row) block, columns that do not fill a 32-wide panel, inner dimensions off the 16-lane step.
@Suite struct MatrixProductKernelTests {
    /// (rows, columns, inner).
    static let shapes: [(Int, Int, Int)] = [
        (1, 1, 1), (5, 7, 33), (6, 32, 16), (7, 33, 17), (13, 40, 15), (4, 4, 72), (9, 19, 240), (64, 120, 64), (32, 17, 96),
    ]

    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    /// Largest |a - b| over the largest |b|.
    static func relativeError(_ a: [Float], _ b: [Double]) -> Double {
        let scale = b.map(abs).max() ?? 1
        return zip(a, b).map { abs(Double($0) - $1) }.max().map { $0 / max(scale, 1e-30) } ?? 0
    }

    /// Leading dimensions wider than the matrices, so the kernels must honour them.
    @Test(arguments: shapes, [MatrixProductKernel.automatic, .openBLAS])
    func productMatchesReference(shape: (Int, Int, Int), kernel: MatrixProductKernel) {
        let (m, n, k) = shape
        let (lda, ldb, ldc) = (k + 3, n + 5, n + 2)
        let a = Self.random(m * lda, seed: 1), b = Self.random(k * ldb, seed: 2), start = Self.random(m * ldc, seed: 3)
        for accumulate in [false, true] {
            var c = start
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        kernel.multiply(rows: m, columns: n, inner: k, a.baseAddress!, leading: lda, b.baseAddress!, leading: ldb,
                                        into: c.baseAddress!, leading: ldc, accumulate: accumulate)
                    }
                }
            }
            var expected = start.map(Double.init)
            for i in 0..<m {
                for j in 0..<n {
                    let product = (0..<k).reduce(0.0) { $0 + Double(a[i * lda + $1]) * Double(b[$1 * ldb + j]) }
                    expected[i * ldc + j] = (accumulate ? Double(start[i * ldc + j]) : 0) + product
                }
            }
            #expect(Self.relativeError(c, expected) < 1e-5, "\(kernel) \(shape) accumulate \(accumulate)")
        }
    }

    @Test(arguments: shapes, [MatrixProductKernel.automatic, .openBLAS])
    func transposedProductMatchesReference(shape: (Int, Int, Int), kernel: MatrixProductKernel) {
        let (m, n, k) = shape
        let (lda, ldb, ldc) = (k + 1, k + 4, n + 3)
        let a = Self.random(m * lda, seed: 4), b = Self.random(n * ldb, seed: 5)
        var c = Self.random(m * ldc, seed: 6)
        var expected = c.map(Double.init)
        for i in 0..<m {
            for j in 0..<n {
                expected[i * ldc + j] += (0..<k).reduce(0.0) { $0 + Double(a[i * lda + $1]) * Double(b[j * ldb + $1]) }
            }
        }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    kernel.multiplyTransposedAccumulating(rows: m, columns: n, inner: k, a.baseAddress!, leading: lda,
                                                          b.baseAddress!, leading: ldb, into: c.baseAddress!, leading: ldc)
                }
            }
        }
        #expect(Self.relativeError(c, expected) < 1e-5, "\(kernel) \(shape)")
    }

    /// The kernels run exactly where the CPU reports AVX-512F (Linux: /proc/cpuinfo), so the automatic tests above
    /// exercise them on such machines and OpenBLAS elsewhere.
    @Test func vectorKernelsFollowTheCPU() throws {
        #if os(Linux) && arch(x86_64)
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") }.map { Set($0.split(separator: " ")) } ?? []
        let portable = ProcessInfo.processInfo.environment["SIM2REAL_PORTABLE_KERNELS"] == "1"
        #expect(VectorMath.avx512KernelsAvailable == (flags.contains("avx512f") && !portable))
        #else
        #expect(!VectorMath.avx512KernelsAvailable)
        #endif
        #expect(!MatrixProductKernel.openBLAS.usesVectorKernels)
    }
}
