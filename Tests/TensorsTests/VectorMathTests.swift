import Foundation
import Seeding
import Testing
@testable import Tensors

/// The inlined exp behind SiLU, sigmoid, softmax and GroupNorm against libm, and the vector sums.
struct VectorMathTests {
    /// Within a few ulp (relative 3e-7) of libm's expf over the whole normal range, and exact at 0.
    @Test func expMatchesLibm() {
        var worst: Float = 0
        var x: Float = -87
        while x < 88 {
            let expected = Foundation.exp(x)
            worst = max(worst, abs(VectorMath.exp(x) - expected) / expected)
            x += 0.003_17
        }
        #expect(worst < 3e-7, "worst relative error \(worst)")
        #expect(VectorMath.exp(0) == 1)
        // Far outside the range: no infinity or NaN, and sigmoid saturates to exactly 1 and to about 0.
        #expect(VectorMath.exp(200).isFinite && VectorMath.exp(-200) >= 0)
        #expect(VectorMath.sigmoid(1000) == 1)
        #expect(VectorMath.sigmoid(-1000) < 1e-37)
        for value: Float in [-9, -1.5, -0.1, 0, 0.2, 3, 12] {
            let expected = 1 / (1 + Foundation.exp(-value))
            #expect(abs(VectorMath.sigmoid(value) - expected) <= 3e-7 * expected)
        }
    }

    /// Sums and dot products of lengths around the vector width, against Double sums.
    @Test func sumsOfEveryLength() {
        var generator = SeededGenerator(seed: 3)
        for count in [1, 15, 16, 17, 33, 1000] {
            let x = (0..<count).map { _ in Float(generator.nextUnit()) * 2 - 1 }, y = (0..<count).map { _ in Float(generator.nextUnit()) }
            let (sum, dot) = x.withUnsafeBufferPointer { xs in
                y.withUnsafeBufferPointer { ys in
                    (VectorMath.sum(xs.baseAddress!, count: count), VectorMath.dot(xs.baseAddress!, ys.baseAddress!, count: count))
                }
            }
            let expectedSum = x.reduce(0.0) { $0 + Double($1) }, expectedDot = zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            #expect(abs(Double(sum) - expectedSum) <= 1e-5 * Double(max(count, 1)), "count \(count)")
            #expect(abs(Double(dot) - expectedDot) <= 1e-5 * Double(max(count, 1)), "count \(count)")
        }
    }
}
