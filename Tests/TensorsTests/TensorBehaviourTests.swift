@testable import Tensors
import Testing

@Suite struct TensorBehaviorTests {
    @Test func sameSeedSameNumbers() {
        var first = SeededGenerator(seed: 42), second = SeededGenerator(seed: 42), other = SeededGenerator(seed: 43)
        let a = Tensor.normal([1000], using: &first), b = Tensor.normal([1000], using: &second)
        let c = Tensor.normal([1000], using: &other)
        #expect(a.scalars == b.scalars)
        #expect(a.scalars != c.scalars)
        let mean = a.scalars.reduce(0, +) / 1000
        let variance = a.scalars.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 1000
        #expect(abs(mean) < 0.1 && abs(variance - 1) < 0.15)
    }

    @Test func convolutionIsDeterministicAcrossRuns() {
        var generator = SeededGenerator(seed: 1)
        let x = Tensor.normal([2, 8, 16, 16], using: &generator, requiresGradient: true)
        let w = Tensor.normal([8, 8, 3, 3], using: &generator, requiresGradient: true)
        func run() -> ([Float], [Float]) {
            x.zeroGradient(); w.zeroGradient()
            let y = Tensor.conv2d(x, weight: w, padding: 1)
            y.squared().sum().backward()
            return (y.scalars, w.gradient!.scalars)
        }
        let first = run(), second = run()
        #expect(first.0 == second.0 && first.1 == second.1)
    }

    /// Large broadcasts run split across threads; every chunk must start at the right offsets.
    @Test func parallelBroadcastMatchesElementwiseDefinition() {
        var generator = SeededGenerator(seed: 12)
        let a = Tensor.normal([3, 17, 23, 29], using: &generator, requiresGradient: true)
        let b = Tensor.normal([3, 17, 1, 1], using: &generator, requiresGradient: true)
        let product = a * b
        for (index, value) in product.scalars.enumerated() {
            let plane = index / (23 * 29)
            #expect(value == a.scalars[index] * b.scalars[plane])
            if value != a.scalars[index] * b.scalars[plane] { break }
        }
        product.sum().backward()
        for plane in 0..<(3 * 17) {
            let expected = a.scalars[(plane * 23 * 29)..<((plane + 1) * 23 * 29)].reduce(0, +)
            #expect(abs(b.gradient!.scalars[plane] - expected) <= 1e-3 * max(1, abs(expected)))
        }
        #expect(a.gradient!.scalars[1000] == b.scalars[1000 / (23 * 29)])
    }

    /// The fused GroupNorm + FiLM + SiLU equals the separate operations, forward and backward, at a size that
    /// is split across threads, and gives the same bits twice.
    @Test func fusedGroupNormMatchesSeparateOperations() {
        var generator = SeededGenerator(seed: 21)
        let x = Tensor.normal([3, 16, 19, 23], using: &generator, requiresGradient: true)
        let w = Tensor.normal([16], using: &generator, requiresGradient: true), b = Tensor.normal([16], using: &generator, requiresGradient: true)
        let film = Tensor.normal([3, 32], standardDeviation: 0.5, using: &generator, requiresGradient: true)
        let projection = Tensor.normal(x.shape, using: &generator)
        func gradients(_ y: Tensor) -> [[Float]] {
            for tensor in [x, w, b, film] { tensor.zeroGradient() }
            (y * projection).sum().backward()
            return [y.scalars] + [x, w, b, film].map { $0.gradient!.scalars }
        }
        let fused = gradients(Tensor.groupNorm(x, groups: 4, weight: w, bias: b, modulation: film, activation: .silu))
        let again = gradients(Tensor.groupNorm(x, groups: 4, weight: w, bias: b, modulation: film, activation: .silu))
        let scale = film.slice(axis: 1, 0..<16).reshaped([3, 16, 1, 1]), shift = film.slice(axis: 1, 16..<32).reshaped([3, 16, 1, 1])
        let separate = gradients((Tensor.groupNorm(x, groups: 4, weight: w, bias: b) * (scale + 1) + shift).silu())
        #expect(fused == again)
        for (fusedValues, separateValues) in zip(fused, separate) {
            let worst = zip(fusedValues, separateValues).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst < 1e-4)
        }
    }

    /// The fused GroupNorm's rows on CKernels' AVX-512 code (where this CPU has it) against its Swift loops: values
    /// and every gradient, with rows that are not a multiple of 16 long (masked tails), every activation.
    @Test(arguments: [FusedActivation.silu, .identity, .relu])
    func fusedGroupNormKernelsMatchSwiftLoops(activation: FusedActivation) {
        var generator = SeededGenerator(seed: 22)
        let x = Tensor.normal([2, 6, 7, 5], using: &generator, requiresGradient: true)
        let w = Tensor.normal([6], using: &generator, requiresGradient: true), b = Tensor.normal([6], using: &generator, requiresGradient: true)
        let film = Tensor.normal([2, 12], standardDeviation: 0.5, using: &generator, requiresGradient: true)
        let projection = Tensor.normal(x.shape, using: &generator)
        func gradients(vectorKernels: Bool) -> [[Float]] {
            for tensor in [x, w, b, film] { tensor.zeroGradient() }
            let y = Tensor.groupNorm(x, groups: 3, weight: w, bias: b, modulation: film, activation: activation, epsilon: 1e-5,
                                     vectorKernels: vectorKernels)
            (y * projection).sum().backward()
            return [y.scalars] + [x, w, b, film].map { $0.gradient!.scalars }
        }
        let kernels = gradients(vectorKernels: VectorMath.avx512KernelsAvailable), loops = gradients(vectorKernels: false)
        for (kernelValues, loopValues) in zip(kernels, loops) {
            let worst = zip(kernelValues, loopValues).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst < 1e-5)
        }
    }

    @Test func noGradientScopeRecordsNothing() {
        let w = Tensor(shape: [2], scalars: [1, 2], requiresGradient: true)
        let y = Tensor.withoutGradients { w * 3 }
        #expect(!y.requiresGradient)
        #expect((w * 3).requiresGradient)
    }

    @Test func tinyMultilayerPerceptronLearnsARegression() {
        // y = sin(3x) on [-1, 1] with a 1-32-1 tanh network and plain gradient descent with momentum.
        var generator = SeededGenerator(seed: 7)
        let xs = Tensor(shape: [64, 1], scalars: (0..<64).map { Float($0) / 31.5 - 1 })
        let ys = Tensor(shape: [64, 1], scalars: xs.scalars.map { sin(3 * $0) })
        let w1 = Tensor.normal([1, 32], standardDeviation: 1, using: &generator, requiresGradient: true)
        let b1 = Tensor.zeros([32], requiresGradient: true)
        let w2 = Tensor.normal([32, 1], standardDeviation: 0.2, using: &generator, requiresGradient: true)
        let b2 = Tensor.zeros([1], requiresGradient: true)
        let parameters = [w1, b1, w2, b2]
        var velocity = parameters.map { [Float](repeating: 0, count: $0.count) }
        var loss: Float = .infinity
        let initial = Tensor.meanSquaredError(Tensor.matmul(Tensor.matmul(xs, w1).tanh(), w2) + b2, ys).item
        for _ in 0..<1500 {
            let prediction = Tensor.matmul((Tensor.matmul(xs, w1) + b1).tanh(), w2) + b2
            let error = Tensor.meanSquaredError(prediction, ys)
            loss = error.item
            parameters.forEach { $0.zeroGradient() }
            error.backward()
            for (index, parameter) in parameters.enumerated() {
                for element in 0..<parameter.count {
                    velocity[index][element] = 0.9 * velocity[index][element] + parameter.gradient!.scalars[element]
                    parameter.scalars[element] -= 0.05 * velocity[index][element]
                }
            }
        }
        #expect(loss < 0.01, "final loss \(loss), initial \(initial)")
    }

    @Test func shapesAreCheckedWithBothNamed() async {
        await #expect(processExitsWith: .failure) {
            _ = Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
    }
}

import Foundation
import Seeding
