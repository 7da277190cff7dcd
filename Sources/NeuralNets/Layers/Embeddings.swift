import Foundation
import Seeding
import Tensors

/// Sinusoidal features of a scalar (the diffusion timestep), as in DDPM: [sin(t f_i), cos(t f_i)].
public struct SinusoidalEmbedding: Sendable {
    public let dimensions: Int
    public let maximumPeriod: Float

    public init(dimensions: Int, maximumPeriod: Float = 10_000) {
        precondition(dimensions % 2 == 0, "sinusoidal embedding needs an even width, got \(dimensions)")
        self.dimensions = dimensions
        self.maximumPeriod = maximumPeriod
    }

    /// [values.count, dimensions] (a constant: no parameters).
    public func callAsFunction(_ values: [Float]) -> Tensor {
        let half = dimensions / 2
        var result = [Float](repeating: 0, count: values.count * dimensions)
        for (row, value) in values.enumerated() {
            for index in 0..<half {
                let frequency = Foundation.exp(-Foundation.log(maximumPeriod) * Float(index) / Float(half))
                result[row * dimensions + index] = Foundation.sin(value * frequency)
                result[row * dimensions + half + index] = Foundation.cos(value * frequency)
            }
        }
        return Tensor(shape: [values.count, dimensions], scalars: result)
    }
}

/// A learned vector per token of a small vocabulary.
public final class TokenEmbedding: Module {
    public let table: Tensor

    public init(vocabularySize: Int, dimensions: Int, generator: inout SeededGenerator) {
        table = Tensor.normal([vocabularySize, dimensions], standardDeviation: 0.02, using: &generator, requiresGradient: true)
    }

    public func callAsFunction(_ tokens: [Int]) -> Tensor {
        Tensor.embedding(table, indices: tokens)
    }
}
