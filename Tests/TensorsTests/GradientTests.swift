import Foundation
import Seeding
import Tensors
import Testing

/// Every differentiable operation against central finite differences, on random inputs of several shapes
/// (odd sizes, batch > 1).
@Suite struct GradientTests {
    static func random(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.uniform(shape, low: low, high: high, using: &generator)
    }

    static func check(_ inputs: [Tensor], tolerance: Float = 2e-2, epsilon: Float = 1e-2,
                      _ function: ([Tensor]) -> Tensor) -> Float {
        GradientCheck.worstRelativeError(inputs: inputs, epsilon: epsilon, function)
    }

    @Test(arguments: [([3, 4], [3, 4]), ([2, 3, 5], [5]), ([2, 1, 4], [3, 1]), ([4, 3, 2, 2], [1, 3, 1, 1])])
    func broadcastingArithmetic(shapes: ([Int], [Int])) {
        let a = Self.random(shapes.0, seed: 1), b = Self.random(shapes.1, seed: 2, low: 0.5, high: 1.5)
        #expect(Self.check([a, b]) { $0[0] + $0[1] } < 2e-2)
        #expect(Self.check([a, b]) { $0[0] - $0[1] } < 2e-2)
        #expect(Self.check([a, b]) { $0[0] * $0[1] } < 2e-2)
        #expect(Self.check([a, b]) { $0[0] / $0[1] } < 2e-2)
        #expect(Self.check([a]) { $0[0] * 3 + 1 } < 2e-2)
    }

    @Test(arguments: [[5], [2, 3, 4], [3, 1, 5, 3]])
    func unaryFunctions(shape: [Int]) {
        // Away from relu's kink so finite differences are meaningful.
        let x = Self.random(shape, seed: 3)
        x.scalars = x.scalars.map { abs($0) < 0.05 ? $0 + 0.1 : $0 }
        let positive = Self.random(shape, seed: 4, low: 0.3, high: 2)
        #expect(Self.check([x]) { $0[0].relu() } < 2e-2)
        #expect(Self.check([x]) { $0[0].silu() } < 2e-2)
        #expect(Self.check([x]) { $0[0].gelu() } < 2e-2)
        #expect(Self.check([x]) { $0[0].tanh() } < 2e-2)
        #expect(Self.check([x]) { $0[0].sigmoid() } < 2e-2)
        #expect(Self.check([x]) { $0[0].exp() } < 2e-2)
        #expect(Self.check([x]) { $0[0].squared() } < 2e-2)
        #expect(Self.check([positive]) { $0[0].log() } < 2e-2)
        #expect(Self.check([positive]) { $0[0].squareRoot() } < 2e-2)
        #expect(Self.check([x]) { $0[0].softmax() } < 2e-2)
    }

    @Test(arguments: [([3, 4], [4, 5], false, false), ([2, 3, 4], [2, 4, 2], false, false), ([2, 4, 3], [2, 5, 4], true, true),
                      ([3, 5, 2], [2, 4], false, false), ([2, 3, 5], [4, 5], false, true)])
    func matrixProducts(arguments: ([Int], [Int], Bool, Bool)) {
        let a = Self.random(arguments.0, seed: 5), b = Self.random(arguments.1, seed: 6)
        #expect(Self.check([a, b]) { Tensor.matmul($0[0], $0[1], transposeA: arguments.2, transposeB: arguments.3) } < 2e-2)
    }

    @Test(arguments: [([2, 3, 7, 6], [4, 3, 3, 3], 1, 1), ([1, 2, 9, 8], [3, 2, 3, 3], 2, 1), ([2, 2, 5, 5], [2, 2, 1, 1], 1, 0),
                      ([3, 1, 6, 7], [2, 1, 4, 4], 2, 2)])
    func convolution(arguments: ([Int], [Int], Int, Int)) {
        let x = Self.random(arguments.0, seed: 7), w = Self.random(arguments.1, seed: 8), b = Self.random([arguments.1[0]], seed: 9)
        #expect(Self.check([x, w, b]) { Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], stride: arguments.2, padding: arguments.3) } < 2e-2)
    }

    @Test(arguments: [([2, 4, 3, 3], 2), ([3, 6, 2, 5], 3), ([1, 3, 4, 4], 1)])
    func groupNormalization(arguments: ([Int], Int)) {
        let x = Self.random(arguments.0, seed: 10), w = Self.random([arguments.0[1]], seed: 11), b = Self.random([arguments.0[1]], seed: 12)
        #expect(Self.check([x, w, b]) { Tensor.groupNorm($0[0], groups: arguments.1, weight: $0[1], bias: $0[2]) } < 3e-2)
    }

    /// GroupNorm with FiLM modulation and SiLU in one pass, against finite differences, with and without the
    /// optional parts (odd spatial sizes, batch > 1).
    @Test(arguments: [([2, 4, 3, 3], 2), ([3, 6, 2, 5], 3), ([2, 3, 5, 1], 1)])
    func fusedGroupNormalization(arguments: ([Int], Int)) {
        let (shape, groups) = arguments
        let channels = shape[1]
        let x = Self.random(shape, seed: 40), w = Self.random([channels], seed: 41), b = Self.random([channels], seed: 42)
        let film = Self.random([shape[0], 2 * channels], seed: 43)
        #expect(Self.check([x, w, b, film]) {
            Tensor.groupNorm($0[0], groups: groups, weight: $0[1], bias: $0[2], modulation: $0[3], activation: .silu)
        } < 3e-2)
        #expect(Self.check([x, w, b, film]) {
            Tensor.groupNorm($0[0], groups: groups, weight: $0[1], bias: $0[2], modulation: $0[3], activation: .identity)
        } < 3e-2)
        #expect(Self.check([x, w, b]) { Tensor.groupNorm($0[0], groups: groups, weight: $0[1], bias: $0[2], modulation: nil, activation: .silu) } < 3e-2)
        #expect(Self.check([x]) { Tensor.groupNorm($0[0], groups: groups, weight: nil, bias: nil, modulation: nil, activation: .silu) } < 3e-2)
    }

    /// GroupNorm with ReLU in the same pass, on inputs moved until every normalized, scaled value lies at least
    /// 0.05 from ReLU's kink (a finite-difference step moves them by less).
    @Test(arguments: [([2, 4, 3, 3], 2), ([3, 6, 2, 5], 3), ([2, 3, 5, 1], 1)])
    func fusedGroupNormalizationWithReLU(arguments: ([Int], Int)) {
        let (shape, groups) = arguments
        let channels = shape[1]
        let x = Self.random(shape, seed: 44), w = Self.random([channels], seed: 45, low: 0.5, high: 1.5)
        let b = Self.random([channels], seed: 46, low: -0.5, high: 0.5)
        for _ in 0..<50 {
            let z = Tensor.withoutGradients { Tensor.groupNorm(x, groups: groups, weight: w, bias: b) }.scalars
            let near = z.indices.filter { abs(z[$0]) < 0.05 }
            if near.isEmpty { break }
            for index in near { x.scalars[index] += z[index] < 0 ? -0.1 : 0.1 }
        }
        let z = Tensor.withoutGradients { Tensor.groupNorm(x, groups: groups, weight: w, bias: b) }.scalars
        #expect(z.allSatisfy { abs($0) >= 0.05 })
        #expect(Self.check([x, w, b]) { Tensor.groupNorm($0[0], groups: groups, weight: $0[1], bias: $0[2], modulation: nil, activation: .relu) } < 3e-2)
    }

    @Test(arguments: [[3, 5], [2, 3, 7]])
    func layerNormalization(shape: [Int]) {
        let x = Self.random(shape, seed: 13), w = Self.random([shape.last!], seed: 14), b = Self.random([shape.last!], seed: 15)
        #expect(Self.check([x, w, b]) { Tensor.layerNorm($0[0], weight: $0[1], bias: $0[2]) } < 3e-2)
    }

    @Test(arguments: [[1, 1, 3, 3], [2, 3, 4, 5]])
    func resampling(shape: [Int]) {
        let x = Self.random(shape, seed: 16)
        #expect(Self.check([x]) { $0[0].upsampledNearest() } < 2e-2)
        #expect(Self.check([x]) { $0[0].upsampledBilinear() } < 2e-2)
        let y = Self.random(shape.dropLast(2) + [6, 7], seed: 17)
        #expect(Self.check([y]) { $0[0].averagePooled(size: 2) } < 2e-2)
        #expect(Self.check([y]) { $0[0].averagePooled(size: 3) } < 2e-2)
    }

    @Test func shapeOperations() {
        let a = Self.random([2, 3, 4], seed: 18), b = Self.random([2, 2, 4], seed: 19)
        #expect(Self.check([a]) { $0[0].reshaped([6, -1]) } < 2e-2)
        #expect(Self.check([a]) { $0[0].permuted([2, 0, 1]) } < 2e-2)
        #expect(Self.check([a]) { $0[0].transposed() } < 2e-2)
        #expect(Self.check([a, b]) { Tensor.concatenate([$0[0], $0[1]], axis: 1) } < 2e-2)
        #expect(Self.check([a]) { $0[0].slice(axis: 2, 1..<3) } < 2e-2)
        #expect(Self.check([a]) { $0[0].slice(axis: 0, 1..<2) } < 2e-2)
    }

    @Test func reductions() {
        let a = Self.random([3, 4, 5], seed: 20)
        #expect(Self.check([a]) { $0[0].sum() } < 2e-2)
        #expect(Self.check([a]) { $0[0].mean() } < 2e-2)
        #expect(Self.check([a]) { $0[0].sum(axes: [1]) } < 2e-2)
        #expect(Self.check([a]) { $0[0].mean(axes: [0, 2], keepingDimensions: true) } < 2e-2)
    }

    @Test(arguments: [(5, 5, 8, 3), (4, 7, 6, 5)])
    func attention(arguments: (Int, Int, Int, Int)) {
        let q = Self.random([2, arguments.0, arguments.2], seed: 21), k = Self.random([2, arguments.1, arguments.2], seed: 22)
        let v = Self.random([2, arguments.1, arguments.3], seed: 23)
        #expect(Self.check([q, k, v]) { Tensor.scaledDotProductAttention(queries: $0[0], keys: $0[1], values: $0[2]) } < 2e-2)
    }

    @Test func losses() {
        let p = Self.random([4, 3], seed: 24), t = Self.random([4, 3], seed: 25)
        #expect(Self.check([p, t]) { Tensor.meanSquaredError($0[0], $0[1]) } < 2e-2)
        #expect(Self.check([p, t]) { Tensor.gaussianLogDensity($0[0], mean: $0[1], standardDeviation: 0.7) } < 2e-2)
    }

    @Test func clamping() {
        let x = Self.random([4, 5], seed: 28, low: -2, high: 2)
        x.scalars = x.scalars.map { abs(abs($0) - 1) < 0.05 ? $0 + 0.1 : $0 }  // away from the kinks
        #expect(Self.check([x]) { $0[0].clamped(lower: -1, upper: 1) } < 2e-2)
    }

    @Test func embeddingLookup() {
        let table = Self.random([5, 3], seed: 27)
        #expect(Self.check([table]) { Tensor.embedding($0[0], indices: [4, 0, 4, 2]) } < 2e-2)
    }

    @Test func gradientsAccumulateOverReusedInputs() {
        let x = Self.random([3], seed: 26)
        #expect(Self.check([x]) { $0[0] * $0[0] + $0[0].exp() * $0[0] } < 2e-2)
    }
}

/// Cross-entropy over classes on axis 1: its value against a hand computation and its gradient against finite
/// differences, with and without class weights.
@Suite struct CrossEntropyTests {
    @Test func valueMatchesAHandComputation() {
        // One position, three classes: -log softmax(z)[label].
        let logits = Tensor(shape: [1, 3, 1], scalars: [2, 0, -1])
        let expected = -log(exp(Float(0)) / (exp(Float(2)) + exp(Float(0)) + exp(Float(-1))))
        #expect(abs(Tensor.softmaxCrossEntropy(logits: logits, labels: [1]).item - expected) < 1e-5)
        // Weights: the mean is weighted by the labels' class weights.
        let two = Tensor(shape: [2, 2], scalars: [0, 0, 3, 0])
        let plain = Tensor.softmaxCrossEntropy(logits: two, labels: [0, 1]).item
        let weighted = Tensor.softmaxCrossEntropy(logits: two, labels: [0, 1], classWeights: [1, 3]).item
        let lossA = log(Float(2)), lossB = -log(exp(Float(0)) / (exp(Float(3)) + 1))
        #expect(abs(plain - (lossA + lossB) / 2) < 1e-5 && abs(weighted - (lossA + 3 * lossB) / 4) < 1e-5)
    }

    @Test(arguments: [([2, 4, 3, 3], false), ([3, 5, 1, 4], true), ([2, 3], false)])
    func gradientMatchesFiniteDifferences(shape: [Int], weighted: Bool) {
        let logits = GradientTests.random(shape, seed: 11, low: -2, high: 2)
        let positions = shape.dropFirst(2).reduce(1, *)
        let labels = (0..<(shape[0] * positions)).map { ($0 * 7 + 3) % shape[1] }
        let weights: [Float]? = weighted ? (0..<shape[1]).map { 0.5 + Float($0) } : nil
        let error = GradientTests.check([logits]) { Tensor.softmaxCrossEntropy(logits: $0[0], labels: labels, classWeights: weights) }
        #expect(error < 2e-2, "worst relative error \(error)")
    }
}

/// Soft Dice over classes on axis 1: its value against a hand computation, the bounds a perfect and a wholly wrong
/// prediction reach, and its gradient against finite differences.
@Suite struct SoftDiceTests {
    @Test func valueMatchesAHandComputation() {
        // Two positions, two classes (class 0's logits 0 and 1, class 1's 1 and 0): p1 = sigmoid(z1 - z0).
        let logits = Tensor(shape: [1, 2, 2], scalars: [0, 1, 1, 0])
        let p = [1 / (1 + exp(Float(-1))), 1 / (1 + exp(Float(1)))]
        // Labels: position 0 is class 1, position 1 class 0.
        let expected = 1 - (2 * p[0] + 1) / (p[0] + p[1] + 1 + 1)
        let value = Tensor.softDice(logits: logits, labels: [1, 0], classWeights: [0, 1]).item
        #expect(abs(value - expected) < 1e-5, "\(value) against \(expected)")
        // Both classes, weighted 1 and 3: the weighted mean of the two classes' losses.
        let background = 1 - (2 * (1 - p[1]) + 1) / ((1 - p[0]) + (1 - p[1]) + 1 + 1)
        let both = Tensor.softDice(logits: logits, labels: [1, 0], classWeights: [1, 3]).item
        #expect(abs(both - (background + 3 * expected) / 4) < 1e-5)
    }

    @Test func aConfidentRightPredictionScoresNearZeroAndAWrongOneNearOne() {
        let labels = [0, 0, 1, 1, 0, 1]
        let right = Tensor(shape: [1, 2, 6], scalars: labels.map { $0 == 0 ? 20 : -20 } + labels.map { $0 == 1 ? 20 : -20 })
        let wrong = Tensor(shape: [1, 2, 6], scalars: labels.map { $0 == 0 ? -20 : 20 } + labels.map { $0 == 1 ? -20 : 20 })
        let rightLoss = Tensor.softDice(logits: right, labels: labels, classWeights: [0, 1], smoothing: 1e-3).item
        let wrongLoss = Tensor.softDice(logits: wrong, labels: labels, classWeights: [0, 1], smoothing: 1e-3).item
        #expect(rightLoss < 1e-3 && wrongLoss > 0.99, "\(rightLoss), \(wrongLoss)")
    }

    @Test(arguments: [([2, 4, 3, 3], [0, 0, 1, 0]), ([3, 3, 1, 4], [1, 2, 0.5]), ([2, 3], [0, 1, 1])])
    func gradientMatchesFiniteDifferences(shape: [Int], weights: [Float]) {
        let logits = GradientTests.random(shape, seed: 12, low: -2, high: 2)
        let positions = shape.dropFirst(2).reduce(1, *)
        let labels = (0..<(shape[0] * positions)).map { ($0 * 5 + 1) % shape[1] }
        let error = GradientTests.check([logits]) { Tensor.softDice(logits: $0[0], labels: labels, classWeights: weights) }
        #expect(error < 2e-2, "worst relative error \(error)")
    }
}
